"""A real Apache Kafka broker (KRaft, one combined node) for the integration tests, without Docker.

The jars come from Maven Central through ``tests/kafka/pom.xml`` and are cached in
``~/.cache/monitor-kafka/<version>/libs`` (``$MONITOR_KAFKA_CACHE`` moves it), so only the first run
needs Maven and the network. Each :class:`ApacheKafkaBroker` gets free loopback ports and a fresh
temp dir, runs in its own process group, dies with the test process and removes its dir on
:meth:`~ApacheKafkaBroker.close`. Use several instances for multi-cluster tests, and
:meth:`~ApacheKafkaBroker.stop`/:meth:`~ApacheKafkaBroker.start` for broker-outage tests: ports,
cluster id and data survive a restart.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from monitor.embedded_broker import (
    BrokerStartError,
    free_port,
    spawn_in_own_group,
    stop_process_group,
    wait_for_kafka,
)
from tests.kafka.jars import KAFKA_VERSION, find_java, resolve_jars

LOG4J2 = Path(__file__).resolve().parent / "log4j2.xml"
DIR_PREFIXES = ("monitor-kafka-", "monitor-tansu-")

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data_dir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=8388608
log.cleaner.dedupe.buffer.size=8388608
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
"""


def reap_stale_dirs() -> None:
    """Remove temp dirs of test brokers whose owning process is gone (e.g. after SIGKILL)."""
    for path in Path(tempfile.gettempdir()).iterdir():
        if not path.name.startswith(DIR_PREFIXES):
            continue
        try:
            owner = int((path / "owner.pid").read_text())
            os.kill(owner, 0)
        except (OSError, ValueError):
            shutil.rmtree(path, ignore_errors=True)


def _cluster_id() -> str:
    # Like Kafka's Uuid.randomUuid: never start with "-", which kafka-storage's argument parser
    # would read as an option (1 start in 64 failed with "--cluster-id: expected one argument").
    while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))[0] == "-":
        pass
    return cid


class ApacheKafkaBroker:
    """One Apache Kafka node (broker+controller) on 127.0.0.1 for the length of a test session."""

    def __init__(
        self,
        version: str = KAFKA_VERSION,
        heap: str = "512m",
        *,
        listeners: Mapping[str, str] | None = None,
        properties: Mapping[str, str] | None = None,
        format_args: Sequence[str] = (),
    ) -> None:
        """``listeners``: extra client listeners, name -> security protocol (e.g. ``{"SASL":
        "SASL_PLAINTEXT"}``), each on its own free port (:meth:`listener_bootstrap`); the PLAINTEXT
        listener stays, for the start-up probe and inter-broker traffic. ``properties``: extra or
        overriding server properties (JAAS, mechanisms). ``format_args``: appended to
        ``kafka-storage format``, e.g. ``--add-scram`` to create SCRAM users in KRaft.
        """
        self.version = version
        self.heap = heap
        self.libs = resolve_jars(version)  # first use downloads; not part of the start time
        self.port = free_port()
        self.controller_port = free_port()
        self.listener_ports = {name: free_port() for name in listeners or {}}
        self._protocols = dict(listeners or {})
        self._properties = dict(properties or {})
        self._format_args = tuple(format_args)
        self.start_seconds: float | None = None
        self.workdir = Path(tempfile.mkdtemp(prefix="monitor-kafka-"))
        (self.workdir / "owner.pid").write_text(str(os.getpid()))
        self._cluster_id = _cluster_id()
        self._formatted = False
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def listener_bootstrap(self, name: str) -> str:
        """``host:port`` of an extra listener given to the constructor."""
        return f"127.0.0.1:{self.listener_ports[name]}"

    def _server_properties(self) -> str:
        text = SERVER_PROPERTIES.format(
            port=self.port, controller_port=self.controller_port, data_dir=self.workdir / "data"
        )
        extra: dict[str, str] = {}
        if self._protocols:  # later keys win in a Java properties file
            own = ",".join(f"{n}://127.0.0.1:{p}" for n, p in self.listener_ports.items())
            plain = f"PLAINTEXT://127.0.0.1:{self.port}"
            extra["listeners"] = f"{plain},CONTROLLER://127.0.0.1:{self.controller_port},{own}"
            extra["advertised.listeners"] = f"{plain},{own}"
            maps = ",".join(f"{n}:{proto}" for n, proto in self._protocols.items())
            extra["listener.security.protocol.map"] = (
                f"PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,{maps}"
            )
        extra |= self._properties
        return text + "".join(f"{k}={v}\n" for k, v in extra.items())

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _java(self, main: str, *args: str) -> list[str]:
        java = find_java()
        if java is None:
            raise BrokerStartError("java not found")
        return [
            java,
            f"-Xmx{self.heap}",
            "-Xss1m",
            "-XX:+UseG1GC",
            "-XX:TieredStopAtLevel=1",  # faster start-up; tests move little data
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={LOG4J2}",
            f"-Dkafka.logs.dir={self.workdir}",
            "-cp",
            f"{self.libs}/*",
            main,
            *args,
        ]

    def _format(self) -> None:
        props = self.workdir / "server.properties"
        props.write_text(self._server_properties())
        argv = self._java(
            "kafka.tools.StorageTool",
            "format",
            "--standalone",
            "--ignore-formatted",
            "--cluster-id",
            self._cluster_id,
            "--config",
            str(props),
            *self._format_args,
        )
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise BrokerStartError(f"kafka storage format failed:\n{done.stdout}\n{done.stderr}")
        self._formatted = True

    def start(self, timeout: float = 120.0) -> float:
        """Start (formatting storage on first use) and wait until it answers; returns seconds."""
        if self.running:
            return self.start_seconds or 0.0
        began = time.monotonic()
        try:
            self._launch(timeout)
        except BrokerStartError:
            if self.start_seconds is not None or "Address already in use" not in self.log_tail():
                raise
            # Someone took a "free" port before Kafka bound it: new ports need fresh storage,
            # since the controller's address is recorded in it.
            self.port, self.controller_port = free_port(), free_port()
            self.listener_ports = {name: free_port() for name in self.listener_ports}
            shutil.rmtree(self.workdir / "data", ignore_errors=True)
            self._formatted = False
            self._launch(timeout)
        self.start_seconds = time.monotonic() - began
        return self.start_seconds

    def _launch(self, timeout: float) -> None:
        if not self._formatted:
            self._format()
        argv = self._java("kafka.Kafka", str(self.workdir / "server.properties"))
        self._proc = spawn_in_own_group(argv, self.workdir / "stdout.log")
        try:
            wait_for_kafka(self.bootstrap, timeout, alive=lambda: self.running)
        except BrokerStartError as exc:
            tail = self.log_tail()
            self.stop(grace=0)
            raise BrokerStartError(f"{exc}\nlog: {self.log_path}\n{tail}") from None

    def stop(self, grace: float = 15.0) -> None:
        """Shut down (SIGTERM, then SIGKILL after ``grace``; 0 = crash it). Data is kept."""
        if self._proc is not None:
            stop_process_group(self._proc, grace)
            self._proc = None

    def restart(self, timeout: float = 120.0, grace: float = 15.0) -> float:
        self.stop(grace)
        return self.start(timeout)

    def close(self) -> None:
        """Stop at once and delete the temp dir (keep it with MONITOR_TEST_KAFKA_KEEP=1)."""
        self.stop(grace=0)
        if not os.environ.get("MONITOR_TEST_KAFKA_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        """The last log lines, Java stack frames left out so the error message itself shows."""
        parts = []
        for path in (self.workdir / "stdout.log", self.log_path):
            with contextlib.suppress(OSError):
                text = path.read_text(errors="replace").splitlines()
                kept = [line for line in text if not line.startswith(("\tat ", "\t... "))]
                parts.append(f"--- {path} ---\n" + "\n".join(kept[-lines:]))
        return "\n".join(parts)

    def __enter__(self) -> ApacheKafkaBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
