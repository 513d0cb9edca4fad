"""Helpers for stream tests: worker processes and reading output topics until a condition holds."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer

from monitor.settings import Settings


def unique_settings(bootstrap: str, partitions: int = 4, **kw: Any) -> Settings:
    """Settings with topics and a consumer group of the calling test's own (not yet created)."""
    tag = uuid.uuid4().hex[:10]
    names = {
        f"{t}_topic": f"{t}-{tag}"
        for t in ("payments", "alerts", "decisions", "deadletter", "control")
    }
    return Settings(
        bootstrap_servers=bootstrap, app_id=f"monitor-{tag}", partitions=partitions, **names, **kw
    )


@dataclass
class WorkerProcess:
    proc: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown, no commit, as in a crash."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "".join(text.splitlines(True)[-lines:])


@dataclass
class Outputs:
    alerts: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)

    def decided(self) -> set[str]:
        return {d["payment_id"] for d in self.decisions}


class OutputReader:
    """Reads the alerts, decisions and dead-letter topics from the beginning."""

    def __init__(self, s: Settings) -> None:
        self.s = s
        self.out = Outputs()
        self.consumer = AIOKafkaConsumer(
            s.alerts_topic, s.decisions_topic, s.deadletter_topic,
            bootstrap_servers=s.bootstrap_servers, auto_offset_reset="earliest",
            enable_auto_commit=False,
        )  # fmt: skip

    async def __aenter__(self) -> OutputReader:
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def until(
        self, done: Callable[[Outputs], bool], timeout: float, why: Callable[[], str] = str
    ) -> Outputs:
        deadline = time.monotonic() + timeout
        while not done(self.out):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout}s: {len(self.out.decisions)} decisions, "
                    f"{len(self.out.alerts)} alerts, {len(self.out.dead_letters)} dead letters\n"
                    + why()
                )
            await self._poll()
        return self.out

    async def _poll(self) -> None:
        batch = await self.consumer.getmany(timeout_ms=500)
        for tp, records in batch.items():
            target = {
                self.s.alerts_topic: self.out.alerts,
                self.s.decisions_topic: self.out.decisions,
                self.s.deadletter_topic: self.out.dead_letters,
            }[tp.topic]
            target.extend(json.loads(r.value) for r in records)

    async def settle(self, seconds: float) -> Outputs:
        """Keep reading for a while, to catch records that should not be there."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            await self._poll()
        return self.out
