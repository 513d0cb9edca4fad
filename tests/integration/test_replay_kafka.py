"""`monitor replay --topic` against a real broker: selection by record timestamp and by offsets,
output to topics of your choosing.

The CLI drives its own event loop (`monitor.replay.kafka.Bridge`), so it runs in a worker thread
here, off the session loop the fixtures use.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from click.testing import CliRunner

from monitor.cli import main
from monitor.events import Decision
from monitor.replay.kafka import Bridge, KafkaRange, KafkaReader
from monitor.synth import generate_payments
from tests.kafka.fixtures import ConsumerFactory, ProducerFactory, TopicFactory

pytestmark = pytest.mark.integration

PARTITIONS = 3
N = 90
DAY0 = datetime(2024, 3, 1, tzinfo=UTC)
KEEP = {"retention.ms": "-1"}
"""Record timestamps years old: the broker's time-based retention (7 days by default) would
delete them at its next check, which in a long test run comes while the test reads them."""
STEP = timedelta(hours=4)  # 90 records over 15 days
SCREEN = ["--list", "ofac-sdn-2024-05-03", "--matcher", "baseline", "--jurisdictions", ""]


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _record_time(i: int) -> datetime:
    """Record i's timestamp; record 40 is stamped far in the past although it sits mid-partition
    (producers set CreateTime, so a partition's timestamps need not be monotonic)."""
    return DAY0 - timedelta(days=30) if i == 40 else DAY0 + i * STEP


async def _produce(producer_factory: ProducerFactory, topic: str) -> list[tuple[int, int, str]]:
    """N generated payments round-robin over the partitions; -> (partition, offset, payment_id).
    The payments' own created_at all fall on one morning, unlike the record timestamps."""
    producer = await producer_factory(acks="all", linger_ms=5)
    payments = list(generate_payments(N, seed=3))
    futures = [
        await producer.send(topic, value=p.model_dump_json().encode(), key=p.payment_id.encode(),
                            partition=i % PARTITIONS, timestamp_ms=_ms(_record_time(i)))
        for i, p in enumerate(payments)
    ]  # fmt: skip
    metadata = await asyncio.gather(*futures)
    return [(md.partition, md.offset, p.payment_id)
            for md, p in zip(metadata, payments, strict=True)]  # fmt: skip


def _replay(tmp: Path, bootstrap: str, *args: str) -> list[str]:
    """Run the CLI in this (non-event-loop) thread; -> decided payment ids in output order."""
    result = CliRunner().invoke(
        main, ["replay", "--bootstrap", bootstrap, *SCREEN, "--out", str(tmp), *args]
    )
    assert result.exit_code == 0, result.output
    lines = (tmp / "decisions.jsonl").read_text().splitlines()
    return [Decision.model_validate_json(x).payment_id for x in lines]


@pytest.mark.needs_real_kafka
async def test_time_range_selects_by_record_timestamp(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    topic = await topic_factory(partitions=PARTITIONS, prefix="replay-ts", **KEEP)
    produced = await _produce(producer_factory, topic)
    since, until = DAY0 + timedelta(days=3), DAY0 + timedelta(days=9, hours=2)
    window = ["--topic", topic, "--since", since.isoformat(), "--until", until.isoformat()]
    ids = await asyncio.to_thread(_replay, tmp_path, kafka_bootstrap, *window)
    in_window = [
        (part, off, pid) for i, (part, off, pid) in enumerate(produced)
        if since <= _record_time(i) < until
    ]  # fmt: skip
    assert ids == [pid for *_, pid in sorted(in_window)]  # partition by partition, offset order
    assert 30 <= len(ids) < N
    assert produced[40][2] not in ids  # inside the offset span, stamped outside the window
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["payments"] == len(ids)
    assert summary["skipped_outside_window"] == 1
    assert topic in summary["source"]


async def test_offset_range_and_output_topics(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    consumer_factory: ConsumerFactory,
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    topic = await topic_factory(partitions=PARTITIONS, prefix="replay-off", **KEEP)
    decisions_topic = await topic_factory(partitions=1, prefix="replay-dec")
    produced = await _produce(producer_factory, topic)
    args = ["--topic", topic, "--partition", "1", "--from-offset", "5", "--to-offset", "1:12",
            "--decisions-topic", decisions_topic]  # fmt: skip
    ids = await asyncio.to_thread(_replay, tmp_path, kafka_bootstrap, *args)
    expected = [pid for part, off, pid in produced if part == 1 and 5 <= off < 12]
    assert ids == expected and len(expected) == 7

    consumer = await consumer_factory(decisions_topic)
    got: list[str] = []
    for _ in range(40):
        batch = await consumer.getmany(timeout_ms=500)
        got += [
            Decision.model_validate_json(r.value).payment_id for rs in batch.values() for r in rs
        ]
        if len(got) >= len(expected):
            break
    assert got == expected


async def test_records_deleted_under_a_replay_are_reported_not_skipped(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    kafka_admin: AIOKafkaAdminClient,
    kafka_bootstrap: str,
) -> None:
    """What retention does to a topic of old payments while it is replayed: the records below the
    new log start are gone, and the replay says which ones instead of reading on past them."""
    topic = await topic_factory(partitions=PARTITIONS, prefix="replay-del", **KEEP)
    await _produce(producer_factory, topic)
    bridge = Bridge()
    reader = KafkaReader(
        bridge, KafkaRange(topic, partitions=(1,)), bootstrap_servers=kafka_bootstrap
    )
    try:
        (span,) = await asyncio.to_thread(reader.plan)
        assert (span.start, span.stop) == (0, N // PARTITIONS)
        await kafka_admin.delete_records({TopicPartition(topic, 1): RecordsToDelete(10)})
        with pytest.raises(ValueError, match=r"records 0\.\.9 were deleted during the replay"):
            await asyncio.to_thread(lambda: list(reader.records()))
    finally:
        bridge.close()


def test_refuses_live_alerts_topic_before_connecting(tmp_path: Path) -> None:
    # an unroutable bootstrap: the refusal must come before any connection attempt
    args = ["--topic", "p", "--bootstrap", "127.0.0.1:1", "--alerts-topic", "payments.alerts"]
    result = CliRunner().invoke(main, ["replay", *args])
    assert result.exit_code != 0 and "refusing" in result.output
