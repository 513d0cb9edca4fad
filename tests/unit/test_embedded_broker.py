"""EmbeddedBroker (Tansu) lifecycle: `monitor demo` needs it to start fast and leave nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from monitor.embedded_broker import (
    BrokerStartError,
    EmbeddedBroker,
    free_port,
    spawn_in_own_group,
    stop_process_group,
    wait_for_kafka,
)


def _gone(pid: int) -> bool:
    """True once the process no longer runs (a zombie awaiting PID 1 counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


async def test_start_produce_stop_leaves_no_process_or_dir() -> None:
    with EmbeddedBroker() as broker:
        assert broker.running
        assert broker.start_seconds is not None
        pid = broker._proc.pid if broker._proc else -1
        workdir = broker.log_path.parent if broker.log_path else None
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap)
        await producer.start()
        try:
            metadata = await producer.send_and_wait("embedded-smoke", b"hello")
        finally:
            await producer.stop()
        assert metadata.offset == 0
    assert not broker.running
    assert _gone(pid)
    assert workdir is not None and not workdir.exists()


def test_restart_keeps_the_port() -> None:
    broker = EmbeddedBroker()
    try:
        broker.start()
        before = broker.bootstrap
        broker.restart()
        assert broker.running
        assert broker.bootstrap == before
    finally:
        broker.close()


def test_stop_kills_the_whole_process_group(tmp_path: Path) -> None:
    proc = spawn_in_own_group(["sh", "-c", "sleep 300 & sleep 300"], tmp_path / "sh.log")
    stop_process_group(proc, grace=1.0)
    left = subprocess.run(
        ["pgrep", "-g", str(proc.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert [pid for pid in left if not _gone(int(pid))] == []


def test_wait_for_kafka_gives_up_when_the_process_died() -> None:
    with pytest.raises(BrokerStartError, match="exited"):
        wait_for_kafka(f"127.0.0.1:{free_port()}", timeout=5, alive=lambda: False)
