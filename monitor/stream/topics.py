"""Creating the topics the workers use (demo, tests, docker-compose's init step)."""

from __future__ import annotations

import asyncio

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from monitor.settings import Settings

log = structlog.get_logger(__name__)


def topic_specs(s: Settings) -> list[NewTopic]:
    rf = s.replication_factor
    return [
        NewTopic(s.payments_topic, s.partitions, rf),
        NewTopic(s.alerts_topic, s.partitions, rf),
        NewTopic(s.decisions_topic, s.partitions, rf),
        NewTopic(s.deadletter_topic, s.partitions, rf),
        # One partition so every worker reads announcements in order; compacted: latest per key.
        NewTopic(s.control_topic, 1, rf, topic_configs={"cleanup.policy": "compact"}),
    ]


async def create_topics(s: Settings) -> list[str]:
    """Create missing topics; returns the names created. Existing topics are left as they are."""
    admin = AIOKafkaAdminClient(**s.aiokafka_kwargs())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [t for t in topic_specs(s) if t.name not in existing]
        if new:
            try:
                await admin.create_topics(new)
            except TopicAlreadyExistsError:
                pass  # another process won the race
        return [t.name for t in new]
    finally:
        await admin.close()


async def wait_for_broker(
    s: Settings, *, max_delay: float = 10.0, timeout: float | None = None
) -> None:
    """Block until the cluster answers, retrying with backoff and one clear log line per try."""
    delay, waited = 0.5, 0.0
    while True:
        admin = AIOKafkaAdminClient(**s.aiokafka_kwargs(), request_timeout_ms=5000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except (TimeoutError, KafkaError, OSError) as exc:
            if timeout is not None and waited >= timeout:
                raise
            log.warning(
                "broker_unavailable", bootstrap=s.bootstrap_servers, error=str(exc), retry_in=delay
            )
        finally:
            await admin.close()
        await asyncio.sleep(delay)
        waited += delay
        delay = min(delay * 2, max_delay)
