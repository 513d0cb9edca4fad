"""Breaking things on purpose: at-least-once holds through worker crashes, rebalances and outages.

Each test runs real `monitor worker` processes against real Apache Kafka and then audits the
decisions topic: every payment must have a decision (lost = 0); a payment may be decided more
than once after a crash (at-least-once), but every copy must carry the same `decision_id`, so a
downstream consumer can drop the repeats (alert ids are held to the same rule). The faults: a
SIGKILLed worker, one of two workers killed (rebalance), a broker crash with outputs parked or
failing, a worker started before its broker, and a near-1 MB record (poison-pill check).

The figures (lost, duplicates, recovery seconds) are printed straight to the terminal, also
without `-s`, and recorded as junit properties, so CI logs show them. Outage tests use a broker of
their own (`kafka_broker_factory`), so stopping it disturbs no other test.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import re
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from monitor.embedded_broker import free_port
from monitor.lists.load import load_bundled
from monitor.lists.table import SanctionsTable
from monitor.screening.decode import MAX_EVENT_BYTES
from monitor.settings import Settings
from monitor.stream.producer import produce_records
from monitor.stream.topics import create_topics
from monitor.synth import generate_payments
from tests.integration.streams import OutputReader, Outputs, WorkerProcess, unique_settings
from tests.kafka.broker import ApacheKafkaBroker

pytestmark = [pytest.mark.integration, pytest.mark.needs_real_kafka]

WorkerFactory = Callable[..., WorkerProcess]


# One list instead of the default set: workers start in seconds rather than ~15 s, which matters
# when a test restarts them; what is under test is delivery, not matching.
LISTS = ["ofac-sdn-2024-12-16"]
GENERATION = re.compile(r"generation id (\d+)")


def fault_settings(s: Settings) -> Settings:
    return s.model_copy(update={"lists": LISTS})


@functools.cache
def listed() -> SanctionsTable:
    return load_bundled(LISTS)


def payment_records(n: int, seed: int) -> tuple[list[bytes], set[str]]:
    """`n` payments, 2% with a listed party seeded, so alert ids are audited too."""
    pays = list(generate_payments(n, seed=seed, table=listed(), hit_rate=0.02))
    return [p.model_dump_json().encode() for p in pays], {p.payment_id for p in pays}


@dataclass
class Audit:
    """What the decisions and alerts topics say about a set of payments."""

    expected: int
    lost: int
    duplicates: int  # decision records beyond the first per payment
    conflicting: list[str]  # payment ids decided or alerted under more than one id

    @classmethod
    def of(cls, out: Outputs, payment_ids: set[str]) -> Audit:
        ids: dict[str, set[str]] = defaultdict(set)
        alert_ids: dict[str, set[str]] = defaultdict(set)
        copies: dict[str, int] = defaultdict(int)
        for d in out.decisions:
            ids[d["payment_id"]].add(d["decision_id"])
            copies[d["payment_id"]] += 1
        for a in out.alerts:
            alert_ids[a["payment_id"]].add(a["alert_id"])
        return cls(
            expected=len(payment_ids),
            lost=len(payment_ids - set(ids)),
            duplicates=sum(c - 1 for c in copies.values()),
            conflicting=sorted(
                {pid for pid, s in ids.items() if len(s) > 1}
                | {pid for pid, s in alert_ids.items() if len(s) > 1}
            ),
        )

    @staticmethod
    def decided_after(out: Outputs, moment: datetime) -> int:
        """Payments whose first screening came after `moment`: the work the fault interrupted."""
        first: dict[str, datetime] = {}
        for d in out.decisions:
            at = datetime.fromisoformat(d["screened_at"])
            first[d["payment_id"]] = min(at, first.get(d["payment_id"], at))
        return sum(at > moment for at in first.values())

    def assert_at_least_once(self) -> None:
        assert self.lost == 0, f"{self.lost} of {self.expected} payments have no decision"
        assert not self.conflicting, f"duplicates with different ids: {self.conflicting[:5]}"


@pytest.fixture
def report(
    capsys: pytest.CaptureFixture[str], record_property: Callable[[str, object], None]
) -> Callable[..., None]:
    """Print measured figures to the real terminal (even when captured) and into junit xml."""

    def emit(test: str, **figures: object) -> None:
        for key, value in figures.items():
            record_property(key, value)
        line = " ".join(f"{k}={v}" for k, v in figures.items())
        with capsys.disabled():
            print(f"\nfaults: {test}: {line}", flush=True)

    return emit


async def wait_decided(
    reader: OutputReader, n: int, timeout: float, why: Callable[[], str]
) -> Outputs:
    return await reader.until(lambda o: len(o.decided()) >= n, timeout, why)


def tails(*workers: WorkerProcess) -> Callable[[], str]:
    return lambda: "\n".join(f"--- {w.log} ---\n{w.tail(30)}" for w in workers)


def generations(w: WorkerProcess) -> list[int]:
    """The consumer-group generations this worker was assigned partitions in (faust's log)."""
    text = w.log.read_text(errors="replace") if w.log.exists() else ""
    return [int(g) for g in GENERATION.findall(text)]


def events(w: WorkerProcess, name: str) -> list[str]:
    """Log lines of one structlog event.

    Before faust starts they read `event=NAME`; once faust's logging handler formats them, they
    are dict reprs (`'event': 'NAME'`).
    """
    text = w.log.read_text(errors="replace") if w.log.exists() else ""
    marks = (f"event={name}", f"'event': '{name}'")
    return [ln for ln in text.splitlines() if any(m in ln for m in marks)]


def retry_delays(w: WorkerProcess, event: str = "broker_unavailable") -> list[float]:
    lines = events(w, event)
    found = (re.search(r"retry_in'?[=:] ?([\d.]+)", ln) for ln in lines)
    return [float(m.group(1)) for m in found if m]


async def group_lag(s: Settings) -> dict[int, int]:
    """Per payments partition: end offset minus the workers' group's committed offset."""
    admin = AIOKafkaAdminClient(**s.aiokafka_kwargs())
    consumer = AIOKafkaConsumer(**s.aiokafka_kwargs())
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(s.app_id)
        tps = [TopicPartition(s.payments_topic, p) for p in range(s.partitions)]
        ends = await consumer.end_offsets(tps)
        done = {tp: committed[tp].offset if tp in committed else 0 for tp in tps}
        return {tp.partition: ends[tp] - done[tp] for tp in tps}
    finally:
        await consumer.stop()
        await admin.close()


async def until_committed(s: Settings, timeout: float, why: Callable[[], str]) -> None:
    """The group has committed every partition to its end (commits run every few seconds)."""
    deadline = time.monotonic() + timeout
    while any((lag := await group_lag(s)).values()):
        if time.monotonic() > deadline:
            raise AssertionError(f"uncommitted after {timeout}s: {lag}\n{why()}")
        await asyncio.sleep(1)


def observed_worker(
    factory: WorkerFactory, s: Settings, name: str, **env: str
) -> tuple[WorkerProcess, str]:
    """A worker with its own /readyz port (workers of one machine must not share 9108)."""
    port = free_port()
    env |= {"MONITOR_METRICS_PORT": str(port), "MONITOR_METRICS_HOST": "127.0.0.1"}
    return factory(s, name=name, **env), f"http://127.0.0.1:{port}/readyz"


async def partitions(readyz: str) -> list[int]:
    """The payments partitions the worker says it holds ([] while it cannot answer)."""

    def get() -> list[int]:
        try:
            with urllib.request.urlopen(readyz, timeout=5) as resp:  # noqa: S310 (our http URL)
                body = resp.read()
        except urllib.error.HTTPError as exc:  # 503 while not ready still carries the body
            body = exc.read()
        except OSError:
            return []
        return list(json.loads(body).get("partitions", []))

    return await asyncio.to_thread(get)


async def until(check: Callable[[], bool], timeout: float, why: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s\n{why()}")
        await asyncio.sleep(0.5)


async def test_sigkilled_worker_restarts_without_losing_payments(
    stream_settings: Settings, worker_factory: WorkerFactory, report: Callable[..., None]
) -> None:
    """SIGKILL mid-stream (no shutdown, no commit), restart: the uncommitted tail is redone."""
    s = fault_settings(stream_settings)
    assert s.partitions == 4
    records, ids = payment_records(20_000, seed=81)
    first, _ = observed_worker(worker_factory, s, "first")
    await produce_records(s, s.payments_topic, records)
    async with OutputReader(s) as reader:
        await wait_decided(reader, 5_000, 300, tails(first))
        first.kill()
        killed_at = datetime.now(UTC)
        seen_at_kill = len(reader.out.decisions)
        restarted = time.monotonic()
        second, _ = observed_worker(worker_factory, s, "second")
        await reader.until(lambda o: len(o.decisions) > seen_at_kill, 120, tails(second))
        first_output = time.monotonic() - restarted
        out = await wait_decided(reader, len(ids), 400, tails(second))
        done = time.monotonic() - restarted
        await until_committed(s, 60, tails(second))
        out = await reader.settle(2)
    audit = Audit.of(out, ids)
    report(
        "worker SIGKILL + restart",
        payments=len(ids),
        decisions_read_at_kill=seen_at_kill,
        first_decided_after_kill=Audit.decided_after(out, killed_at),
        alerts=len(out.alerts),
        lost=audit.lost,
        duplicates=audit.duplicates,
        conflicting_ids=len(audit.conflicting),
        restart_to_first_decision_s=round(first_output, 1),
        restart_to_all_decided_s=round(done, 1),
    )
    audit.assert_at_least_once()
    assert Audit.decided_after(out, killed_at) > 0, "the kill came after the work was done"
    assert second.proc.poll() is None, second.tail()


async def test_survivor_takes_over_partitions_of_killed_worker(
    stream_settings: Settings, worker_factory: WorkerFactory, report: Callable[..., None]
) -> None:
    """Two workers share the 4 partitions; one is SIGKILLed; the other gets all of them."""
    s = fault_settings(stream_settings)
    records, ids = payment_records(12_000, seed=82)
    a, a_ready = observed_worker(worker_factory, s, "a")
    b, b_ready = observed_worker(worker_factory, s, "b")
    why = tails(a, b)

    async def split() -> tuple[list[int], list[int]]:
        return await partitions(a_ready), await partitions(b_ready)

    async def shared(timeout: float) -> tuple[list[int], list[int]]:
        """Wait until the two hold all four partitions between them, both some."""
        deadline = time.monotonic() + timeout
        while True:
            held = await partitions(a_ready), await partitions(b_ready)
            if sorted(held[0] + held[1]) == [0, 1, 2, 3] and all(held):
                return held
            assert time.monotonic() < deadline, f"not sharing the partitions: {held}\n{why()}"
            await asyncio.sleep(1)

    await shared(180)
    await produce_records(s, s.payments_topic, records)
    async with OutputReader(s) as reader:
        await wait_decided(reader, len(ids) // 4, 300, why)
        a_before, b_before = await shared(60)
        generation = generations(a)[-1]
        b.kill()
        killed, killed_at = time.monotonic(), datetime.now(UTC)
        deadline = killed + 90
        while (a_after := await partitions(a_ready)) != [0, 1, 2, 3]:
            assert time.monotonic() < deadline, f"no takeover: a holds {a_after}\n{why()}"
            await asyncio.sleep(0.5)
        takeover = time.monotonic() - killed
        assert generations(a)[-1] > generation, "the survivor's log shows the new generation"
        out = await wait_decided(reader, len(ids), 300, why)
        done = time.monotonic() - killed
        await until_committed(s, 60, why)  # including the dead worker's partitions
        out = await reader.settle(2)
    audit = Audit.of(out, ids)
    report(
        "rebalance after SIGKILL of one of two workers",
        payments=len(ids),
        first_decided_after_kill=Audit.decided_after(out, killed_at),
        survivor_partitions_before=a_before,
        killed_worker_partitions=b_before,
        survivor_partitions_after=a_after,
        survivor_generations=generations(a),
        alerts=len(out.alerts),
        lost=audit.lost,
        duplicates=audit.duplicates,
        conflicting_ids=len(audit.conflicting),
        kill_to_reassignment_s=round(takeover, 1),
        kill_to_all_decided_s=round(done, 1),
    )
    audit.assert_at_least_once()
    assert Audit.decided_after(out, killed_at) > 0, "the kill came after the work was done"
    assert a.proc.poll() is None, a.tail()


@pytest.fixture
def own_broker(kafka_broker_factory: Callable[[], ApacheKafkaBroker]) -> ApacheKafkaBroker:
    """A broker of this test's own: stopping it disturbs no other test in the session."""
    return kafka_broker_factory()


async def own_settings(broker: ApacheKafkaBroker) -> Settings:
    s = unique_settings(broker.bootstrap, lists=LISTS)
    await create_topics(s)
    return s


OUTAGE_SECONDS = 20.0


@pytest.mark.parametrize(
    "sends",
    [
        pytest.param("parked", id="sends-parked"),
        pytest.param("failing", id="sends-fail-and-retry"),
    ],
)
async def test_worker_rides_out_a_broker_outage(
    own_broker: ApacheKafkaBroker,
    worker_factory: WorkerFactory,
    report: Callable[..., None],
    sends: str,
) -> None:
    """The broker crashes mid-stream for ~20 s and comes back on the same ports and log dir.

    "parked": faust's default 20-minute producer timeout keeps the outputs queued in aiokafka
    until the broker is back. "failing": a 3 s timeout makes every send fail during the outage,
    so the batch's own retry-with-backoff loop (`BatchProcessor.deliver`) is what carries it.
    """
    s = await own_settings(own_broker)
    records, ids = payment_records(12_000, seed=83)
    env = {"PRODUCER_REQUEST_TIMEOUT": "3"} if sends == "failing" else {}
    worker, _ = observed_worker(worker_factory, s, f"outage-{sends}", **env)
    await produce_records(s, s.payments_topic, records)
    async with OutputReader(s) as reader:
        await wait_decided(reader, 1_500, 300, tails(worker))
        before = len(reader.out.decided())
    own_broker.stop(grace=0)  # a crash, not a controlled shutdown
    stopped_at = datetime.now(UTC)
    await asyncio.sleep(OUTAGE_SECONDS)
    alive_during_outage = worker.proc.poll() is None
    await asyncio.to_thread(own_broker.start)
    back = time.monotonic()
    async with OutputReader(s) as reader:
        await wait_decided(reader, before + 1, 180, tails(worker))
        first_output = time.monotonic() - back
        out = await wait_decided(reader, len(ids), 300, tails(worker))
        done = time.monotonic() - back
        await until_committed(s, 60, tails(worker))
        out = await reader.settle(2)
    audit = Audit.of(out, ids)
    report(
        f"broker crash + restart, sends {sends}",
        payments=len(ids),
        decisions_read_before_outage=before,
        first_decided_after_crash=Audit.decided_after(out, stopped_at),
        delivery_retry_delays=retry_delays(worker, "delivery_failed_retrying"),
        outage_s=OUTAGE_SECONDS,
        worker_alive_during_outage=alive_during_outage,
        alerts=len(out.alerts),
        lost=audit.lost,
        duplicates=audit.duplicates,
        conflicting_ids=len(audit.conflicting),
        broker_back_to_first_new_decision_s=round(first_output, 1),
        broker_back_to_all_decided_s=round(done, 1),
    )
    audit.assert_at_least_once()
    assert Audit.decided_after(out, stopped_at) > 0, "the outage came after the work was done"
    if sends == "failing":
        assert events(worker, "delivery_failed_retrying"), "the retry loop was not exercised"
    assert worker.proc.poll() is None, f"the worker exited\n{worker.tail()}"


async def test_worker_started_before_broker_waits_then_screens(
    own_broker: ApacheKafkaBroker, worker_factory: WorkerFactory, report: Callable[..., None]
) -> None:
    """Nothing listens on the worker's bootstrap port at start; the broker comes up later there."""
    s = await own_settings(own_broker)
    records, ids = payment_records(1_000, seed=84)
    await produce_records(s, s.payments_topic, records)
    own_broker.stop()  # topics and payments are on disk; the port is now closed
    worker, _ = observed_worker(worker_factory, s, "early")
    await until(lambda: len(retry_delays(worker)) >= 3, 60, tails(worker))
    delays = retry_delays(worker)
    assert delays[:3] == [0.5, 1.0, 2.0], delays  # backs off, one clear line per try
    assert worker.proc.poll() is None, worker.tail()
    await asyncio.to_thread(own_broker.start)
    back = time.monotonic()
    async with OutputReader(s) as reader:
        out = await wait_decided(reader, len(ids), 240, tails(worker))
        done = time.monotonic() - back
        out = await reader.settle(2)
    audit = Audit.of(out, ids)
    report(
        "worker started before the broker",
        payments=len(ids),
        retries_logged=len(retry_delays(worker)),
        alerts=len(out.alerts),
        lost=audit.lost,
        duplicates=audit.duplicates,
        conflicting_ids=len(audit.conflicting),
        broker_up_to_all_decided_s=round(done, 1),
    )
    audit.assert_at_least_once()


async def test_near_limit_record_is_dead_lettered_not_a_poison_pill(
    stream_settings: Settings, worker_factory: WorkerFactory, report: Callable[..., None]
) -> None:
    """A 900 KB non-payment, which the broker accepts, must not wedge the worker.

    Its dead letter used to embed all of it in base64 (1.2 MB): the producer refused that for
    ever, the retry loop held the batch, and every partition of the worker stopped with it.
    """
    s = fault_settings(stream_settings)
    records, ids = payment_records(300, seed=86)
    big = b"\x00not json " * 90_000
    await produce_records(s, s.payments_topic, [big, *records])
    worker, _ = observed_worker(worker_factory, s, "big")

    def done(o: Outputs) -> bool:
        return len(o.decided()) >= len(ids) and bool(o.dead_letters)

    async with OutputReader(s) as reader:
        out = await reader.until(done, 180, tails(worker))
        out = await reader.settle(2)
    audit = Audit.of(out, ids)
    (letter,) = out.dead_letters
    kept = len(base64.b64decode(letter["original_base64"]))
    report(
        "900 KB record",
        payments=len(ids),
        lost=audit.lost,
        dead_letter_reason=letter["reason"],
        original_kept_bytes=kept,
        delivery_retries=len(events(worker, "delivery_failed_retrying")),
    )
    audit.assert_at_least_once()
    assert letter["reason"] == "too_large" and kept == MAX_EVENT_BYTES
    assert big.startswith(base64.b64decode(letter["original_base64"]))
    assert letter["offset"] == 0, "it points at the whole record"
    assert not events(worker, "delivery_failed_retrying")
