"""Smoke tests for the test broker itself: if these fail, no other integration test means anything.

They pin down the broker behaviour the screener relies on: timestamp lookups for replay
(``offsets_for_times``), exact end offsets for lag, exactly-once reads with manual commits for
consumer groups, and transactions for the output topic.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import RecordMetadata

from tests.kafka.fixtures import AnyBroker, ConsumerFactory, ProducerFactory, TopicFactory

pytestmark = pytest.mark.integration

N_RECORDS = 1_000
N_PARTITIONS = 3
BASE_TS = 1_700_000_000_000  # ms; record i has timestamp BASE_TS + 10 * i
STEP_MS = 10


async def _produce(
    producer_factory: ProducerFactory, topic: str, idempotent: bool = True
) -> list[RecordMetadata]:
    """1,000 records round-robin over the partitions with explicit, increasing timestamps."""
    producer = await producer_factory(acks="all", enable_idempotence=idempotent, linger_ms=5)
    futures = [
        await producer.send(
            topic,
            value=f"v{i}".encode(),
            key=f"k{i}".encode(),
            partition=i % N_PARTITIONS,
            timestamp_ms=BASE_TS + STEP_MS * i,
        )
        for i in range(N_RECORDS)
    ]
    return list(await asyncio.gather(*futures))


async def _drain(
    consumer: AIOKafkaConsumer, want: int, until_assigned: bool = False, timeout: float = 60.0
) -> list[tuple[int, int]]:
    """(partition, offset) of records until ``want`` arrived, then a short quiet period.

    ``until_assigned`` also waits for the group join, so "nothing arrived" means something.
    """
    seen: list[tuple[int, int]] = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    def more() -> bool:
        return len(seen) < want or (until_assigned and not consumer.assignment())

    while more() and loop.time() < deadline:
        batch = await consumer.getmany(timeout_ms=500)
        seen += [(r.partition, r.offset) for records in batch.values() for r in records]
    extra = await consumer.getmany(timeout_ms=500)  # nothing beyond what was produced
    seen += [(r.partition, r.offset) for records in extra.values() for r in records]
    return seen


@pytest.mark.needs_real_kafka
async def test_offsets_for_times_and_end_offsets_are_exact(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    consumer_factory: ConsumerFactory,
) -> None:
    topic = await topic_factory(partitions=N_PARTITIONS, prefix="smoke-ts")
    produced = await _produce(producer_factory, topic)
    per_partition = Counter(md.partition for md in produced)
    tps = [TopicPartition(topic, p) for p in range(N_PARTITIONS)]
    consumer = await consumer_factory()

    end = await consumer.end_offsets(tps)
    assert {tp.partition: end[tp] for tp in tps} == dict(per_partition)
    assert sum(end.values()) == N_RECORDS

    for target_i in (0, 1, 500, 998, 999):
        target = BASE_TS + STEP_MS * target_i
        found = await consumer.offsets_for_times({tp: target for tp in tps})
        for tp in tps:
            # The first record in the partition with timestamp >= target. (Not md.timestamp:
            # aiokafka 0.14 reports the batch's first timestamp for every record in a batch.)
            in_tp = (i for i, md in enumerate(produced) if md.partition == tp.partition)
            first = next((i for i in in_tp if i >= target_i), None)
            got = found[tp]
            if first is None:
                assert got is None
            else:
                assert got is not None
                assert got.offset == produced[first].offset
                assert got.timestamp == BASE_TS + STEP_MS * first

    after_last = BASE_TS + STEP_MS * N_RECORDS
    beyond = await consumer.offsets_for_times({tp: after_last for tp in tps})
    assert set(beyond.values()) == {None}


async def test_group_reads_everything_exactly_once_with_manual_commits(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    consumer_factory: ConsumerFactory,
    kafka_flavour: str,
) -> None:
    topic = await topic_factory(partitions=N_PARTITIONS, prefix="smoke-group")
    # Tansu answers InitProducerId with UnknownError, so no idempotence there.
    produced = await _produce(producer_factory, topic, idempotent=kafka_flavour == "apache")
    last = {p: max(md.offset for md in produced if md.partition == p) for p in range(N_PARTITIONS)}
    group = f"smoke-{topic}"

    first = await consumer_factory(topic, group_id=group, enable_auto_commit=False)
    seen = await _drain(first, N_RECORDS)
    assert len(seen) == N_RECORDS
    assert set(seen) == {(md.partition, md.offset) for md in produced}
    await first.commit()
    committed = {tp.partition: await first.committed(tp) for tp in first.assignment()}
    assert committed == {p: off + 1 for p, off in last.items()}
    await first.stop()

    second = await consumer_factory(topic, group_id=group, enable_auto_commit=False)
    assert await _drain(second, 0, until_assigned=True) == []
    assert len(second.assignment()) == N_PARTITIONS
    positions = {tp.partition: await second.position(tp) for tp in second.assignment()}
    assert positions == {p: off + 1 for p, off in last.items()}


@pytest.mark.needs_real_kafka
async def test_read_committed_consumer_sees_only_committed_transactions(
    topic_factory: TopicFactory,
    producer_factory: ProducerFactory,
    consumer_factory: ConsumerFactory,
) -> None:
    topic = await topic_factory(partitions=1, prefix="smoke-txn")
    producer = await producer_factory(transactional_id=f"txn-{topic}")
    async with producer.transaction():
        await producer.send_and_wait(topic, b"kept")
    await producer.begin_transaction()
    await producer.send_and_wait(topic, b"dropped")
    await producer.abort_transaction()

    consumer = await consumer_factory(topic, isolation_level="read_committed")
    seen = await _drain(consumer, 1)
    assert len(seen) == 1
    await consumer.seek_to_beginning()
    (record,) = [r for rs in (await consumer.getmany(timeout_ms=5000)).values() for r in rs]
    assert record.value == b"kept"


@pytest.mark.needs_real_kafka
async def test_a_second_broker_survives_a_crash_with_its_address_and_data(
    kafka_broker_factory: Callable[[], AnyBroker],
    producer_factory: ProducerFactory,
    consumer_factory: ConsumerFactory,
) -> None:
    """The outage tests rely on this: stop()/start() keeps ports, cluster id and the log dir."""
    broker = await asyncio.to_thread(kafka_broker_factory)
    address = broker.bootstrap
    producer = await producer_factory(bootstrap_servers=address, acks="all")
    await producer.send_and_wait("outage", b"before the crash")  # auto-created topic
    await producer.stop()

    await asyncio.to_thread(broker.stop, 0)  # SIGKILL: no clean shutdown
    assert not broker.running
    await asyncio.to_thread(broker.start)
    assert broker.bootstrap == address

    consumer = await consumer_factory("outage", bootstrap_servers=address)
    assert len(await _drain(consumer, 1)) == 1
