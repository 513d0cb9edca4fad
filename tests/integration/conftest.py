"""Stream-level fixtures: unique topics per test and real `monitor worker` processes."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from monitor.embedded_broker import spawn_in_own_group, stop_process_group
from monitor.settings import Settings
from monitor.stream.topics import create_topics
from tests.integration.streams import WorkerProcess, unique_settings


@pytest_asyncio.fixture(loop_scope="session")
async def stream_settings(kafka_bootstrap: str) -> AsyncIterator[Settings]:
    """Settings with this test's own topics (created) and consumer group."""
    s = unique_settings(kafka_bootstrap)
    await create_topics(s)
    yield s


def settings_env(s: Settings, **extra: str) -> dict[str, str]:
    env = {f"MONITOR_{k.upper()}": str(v) for k, v in s.model_dump(mode="json").items()
           if v is not None and not isinstance(v, list)}  # fmt: skip
    for k in ("lists", "jurisdictions"):
        env[f"MONITOR_{k.upper()}"] = ",".join(getattr(s, k))
    env["MONITOR_METRICS_PORT"] = "0"  # tests run several workers: no fixed port unless asked
    return env | extra


@pytest.fixture
def worker_factory(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `monitor worker` processes (killed at teardown); logs in the test's tmp dir."""
    workers: list[WorkerProcess] = []

    def start(s: Settings, name: str = "w", **extra_env: str) -> WorkerProcess:
        log = tmp_path / f"worker-{name}-{len(workers)}.log"
        env = os.environ | settings_env(s, **extra_env)
        proc = spawn_in_own_group([sys.executable, "-m", "monitor", "worker"], log, env=env)
        w = WorkerProcess(proc, log)
        workers.append(w)
        return w

    yield start
    for w in workers:
        stop_process_group(w.proc, grace=5)
