"""Pytest plugin: one Kafka broker per test session, plus factories that keep tests independent.

Which broker (decided once, before collection, so ``needs_real_kafka`` tests can be skipped):

1. ``MONITOR_TEST_KAFKA_BOOTSTRAP=host:port``: an already running broker (flavour "apache", or
   ``MONITOR_TEST_KAFKA_FLAVOUR``).
2. Apache Kafka in KRaft mode (tests/kafka/broker.py) when Java and cached jars or Maven exist.
3. Otherwise the embedded Tansu broker; ``needs_real_kafka`` tests are skipped with the reason.
   Under ``CI=true`` this fallback is an error: CI must prove the code against real Kafka.

``MONITOR_TEST_KAFKA=apache|tansu`` forces 2 or 3. The broker starts lazily, on the first test that
asks for it, so unit-only runs never pay for it; its start time is printed in the summary.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from monitor.embedded_broker import EmbeddedBroker
from tests.kafka.broker import ApacheKafkaBroker, reap_stale_dirs
from tests.kafka.jars import KAFKA_VERSION, apache_unavailable_reason

AnyBroker = ApacheKafkaBroker | EmbeddedBroker
TopicFactory = Callable[..., Awaitable[str]]
ProducerFactory = Callable[..., Awaitable[AIOKafkaProducer]]
ConsumerFactory = Callable[..., Awaitable[AIOKafkaConsumer]]


@dataclass
class _Choice:
    flavour: str  # "apache" | "tansu"
    why: str
    external: str | None = None


@dataclass
class _Report:
    started: str | None = None
    skipped_for_tansu: int = 0


_REPORT = _Report()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@functools.cache
def _choice() -> _Choice:
    external = os.environ.get("MONITOR_TEST_KAFKA_BOOTSTRAP")
    if external:
        flavour = os.environ.get("MONITOR_TEST_KAFKA_FLAVOUR", "apache")
        return _Choice(flavour, f"external broker at {external}", external)
    forced = os.environ.get("MONITOR_TEST_KAFKA", "")
    if forced == "tansu":
        return _Choice("tansu", "MONITOR_TEST_KAFKA=tansu")
    reason = apache_unavailable_reason()
    if forced == "apache" or reason is None:
        return _Choice("apache", f"Apache Kafka {KAFKA_VERSION}")
    return _Choice("tansu", reason)


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM would kill pytest without teardown; make it Ctrl-C while a broker runs, so the
    broker is stopped and its temp dir removed. (Java also dies via PDEATHSIG on SIGKILL.)"""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "kafka_bootstrap" not in getattr(item, "fixturenames", ()):
            continue
        item.add_marker(pytest.mark.integration)
        choice = _choice()
        if choice.flavour == "tansu" and _in_ci() and not choice.external:
            raise pytest.UsageError(
                f"CI=true requires Apache Kafka for {item.nodeid}, but the test broker would be "
                f"Tansu because {choice.why}. Install Java 17+ and Maven (see .ci/run)."
            )
        if choice.flavour == "tansu" and item.get_closest_marker("needs_real_kafka"):
            why = f"needs real Apache Kafka; the test broker is Tansu ({choice.why})"
            item.add_marker(pytest.mark.skip(reason=why))
            _REPORT.skipped_for_tansu += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _REPORT.started:
        terminalreporter.write_line(_REPORT.started)
    if _REPORT.skipped_for_tansu:
        terminalreporter.write_line(
            f"kafka: {_REPORT.skipped_for_tansu} needs_real_kafka test(s) skipped: "
            f"the test broker is Tansu ({_choice().why})",
            yellow=True,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    broker = _SESSION_BROKER[0] if _SESSION_BROKER else None
    if report.failed and broker is not None and "kafka_bootstrap" in item.fixturenames:
        report.sections.append((f"kafka broker log tail ({broker.log_path})", broker.log_tail(20)))
    return report


def _new_broker() -> AnyBroker:
    return ApacheKafkaBroker() if _choice().flavour == "apache" else EmbeddedBroker()


_SESSION_BROKER: list[AnyBroker] = []


@pytest.fixture(scope="session")
def kafka_flavour() -> str:
    """Either apache or tansu: branch on it only where Tansu is known to differ."""
    return _choice().flavour


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[AnyBroker | None]:
    """The session's broker object (None for an external one): stop()/start() it for outages."""
    choice = _choice()
    if choice.external:
        _REPORT.started = f"kafka: using {choice.why}"
        yield None
        return
    reap_stale_dirs()
    broker = _new_broker()
    name = choice.why if choice.flavour == "apache" else f"Tansu ({choice.why})"
    with _sigterm_as_interrupt():
        began = time.monotonic()
        try:
            seconds = broker.start()
        except BaseException:
            broker.stop(grace=0)  # files are kept for the post-mortem; reaped by the next session
            took = f"{time.monotonic() - began:.1f}s"
            _REPORT.started = f"kafka: {name} failed to start after {took}, see {broker.log_path}"
            raise
        try:
            where = f"at {broker.bootstrap} started in {seconds:.1f}s (log: {broker.log_path})"
            _REPORT.started = f"kafka: {name} {where}"
            _SESSION_BROKER.append(broker)
            yield broker
        finally:
            _SESSION_BROKER.clear()
            broker.close()


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker: AnyBroker | None) -> str:
    """``host:port`` of the session broker."""
    if kafka_broker is None:
        external = _choice().external
        assert external is not None
        return external
    return kafka_broker.bootstrap


@pytest.fixture
def kafka_broker_factory() -> Iterator[Callable[[], AnyBroker]]:
    """Start extra, independent brokers (same flavour as the session's); closed at teardown.

    The call blocks for the broker's start-up; from async tests use ``asyncio.to_thread``.
    """
    brokers: list[AnyBroker] = []

    def start() -> AnyBroker:
        broker = _new_broker()
        brokers.append(broker)
        broker.start()
        return broker

    yield start
    for broker in brokers:
        broker.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def kafka_admin(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap, request_timeout_ms=30000)
    await admin.start()
    yield admin
    await admin.close()


async def _create_topic(
    admin: AIOKafkaAdminClient, name: str, partitions: int, **configs: str
) -> None:
    response = await admin.create_topics([NewTopic(name, partitions, 1, topic_configs=configs)])
    # aiokafka returns per-topic errors in the response instead of raising them.
    for topic, code, *rest in response.topic_errors:
        if code != 0:
            raise RuntimeError(f"create topic {topic} failed: error {code} {rest}")
    for _ in range(100):  # wait until every partition has a leader, so producers don't race it
        (meta,) = await admin.describe_topics([name])
        leaders = [p["leader"] for p in meta["partitions"]]
        if meta["error_code"] == 0 and len(leaders) == partitions and min(leaders) >= 0:
            return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"topic {name} has no leaders for all {partitions} partitions")


@pytest_asyncio.fixture(loop_scope="session")
async def topic_factory(kafka_admin: AIOKafkaAdminClient) -> AsyncIterator[TopicFactory]:
    """``await topic_factory(partitions=3, prefix="payments")`` -> a new, uniquely named topic."""
    created: list[str] = []

    async def create(partitions: int = 1, prefix: str = "t", **configs: str) -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        await _create_topic(kafka_admin, name, partitions, **configs)
        created.append(name)
        return name

    yield create
    if created:
        with contextlib.suppress(Exception):  # best effort: names are unique anyway
            await kafka_admin.delete_topics(created)


@pytest_asyncio.fixture(loop_scope="session")
async def producer_factory(kafka_bootstrap: str) -> AsyncIterator[ProducerFactory]:
    """``await producer_factory(**aiokafka_kwargs)`` -> a started producer, stopped at teardown."""
    producers: list[AIOKafkaProducer] = []

    async def make(**kwargs: Any) -> AIOKafkaProducer:
        kwargs.setdefault("bootstrap_servers", kafka_bootstrap)
        producer = AIOKafkaProducer(**kwargs)
        producers.append(producer)  # stopped at teardown even if start() fails
        await producer.start()
        return producer

    yield make
    for producer in reversed(producers):
        with contextlib.suppress(Exception):
            await producer.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def consumer_factory(kafka_bootstrap: str) -> AsyncIterator[ConsumerFactory]:
    """``await consumer_factory(topic, group_id=None, **kwargs)`` -> a started consumer.

    Defaults: a fresh unique group id and ``auto_offset_reset="earliest"``; stopped at teardown.
    """
    consumers: list[AIOKafkaConsumer] = []

    async def make(*topics: str, group_id: str | None = None, **kwargs: Any) -> AIOKafkaConsumer:
        kwargs.setdefault("bootstrap_servers", kafka_bootstrap)
        kwargs.setdefault("auto_offset_reset", "earliest")
        group = group_id or f"g-{uuid.uuid4().hex[:12]}"
        consumer = AIOKafkaConsumer(*topics, group_id=group, **kwargs)
        consumers.append(consumer)
        await consumer.start()
        return consumer

    yield make
    for consumer in reversed(consumers):
        with contextlib.suppress(Exception):
            await consumer.stop()
