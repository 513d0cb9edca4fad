"""The faust application: topics, the screening agent, and the list-version holder.

The agent only decodes, calls the pure core (`monitor.screening.emit.decide`), emits and lets
offsets commit. At-least-once: each batch holds a reference on its messages until every output
record is acknowledged by the broker (`monitor.stream.batching`), so the ack faust gives when its
stream moves on (also when a batch is cancelled or raises) cannot commit an offset whose outputs
were not sent.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import faust

from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream.batching import natural_batches
from monitor.stream.control import ListFollower
from monitor.stream.holder import ScreenerHolder
from monitor.stream.processor import BatchProcessor
from monitor.stream.retro import retro_screen


def credentials(settings: Settings) -> Any:
    """faust credentials from settings (None for PLAINTEXT); secrets unwrapped only here."""
    ctx = settings.ssl_context()
    if settings.sasl_mechanism:
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return faust.SASLCredentials(
            username=settings.sasl_username or "",
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=ctx,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


def faust_app(settings: Settings) -> faust.App:
    """A faust app with the worker's broker, serialisation, group-timing and commit settings."""
    return faust.App(
        settings.app_id,
        broker=[f"kafka://{h}" for h in settings.bootstrap_servers.split(",")],
        broker_credentials=credentials(settings),
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        broker_session_timeout=10.0,
        broker_rebalance_timeout=10.0,
        broker_heartbeat_interval=1.0,
        web_enabled=False,  # health and metrics are served by monitor.stream.observe
        # The worker keeps no faust tables, only faust's empty table folders: under the temp
        # directory, not `<app id>-data` in whatever directory the worker was started from.
        datadir=Path(tempfile.gettempdir()) / f"faust-{settings.app_id}",
    )


def create_app(
    settings: Settings, holder: ScreenerHolder, control_offset: int | None = None
) -> faust.App:
    """The worker's faust app. With `control_offset`, it follows list announcements from there."""
    app = faust_app(settings)
    payments = app.topic(settings.payments_topic, key_type=bytes, value_type=bytes)
    processor = BatchProcessor(settings, holder, app)

    @app.agent(payments, name="screen")
    async def screen(stream: faust.StreamT[bytes]) -> None:
        batches = natural_batches(stream.events(), settings.batch_size, settings.batch_within)
        try:
            async for events in batches:
                await processor.submit(events)
        finally:
            await processor.drain()

    if control_offset is not None:
        follow_lists(app, settings, holder, processor, control_offset)
    return app


def assigned_partitions(app: faust.App, topic: str) -> list[int]:
    return sorted(tp.partition for tp in app.consumer.assignment() if tp.topic == topic)


def follow_lists(
    app: faust.App,
    settings: Settings,
    holder: ScreenerHolder,
    processor: BatchProcessor,
    offset: int,
) -> None:
    async def on_swap(old: Screener, new: Screener) -> None:
        parts = assigned_partitions(app, settings.payments_topic)
        await retro_screen(
            settings, old, new, parts, processor.deliver,
            stop_at=lambda partition: processor.retro_end(new.list_version, partition),
        )  # fmt: skip

    follower = ListFollower(settings, holder, offset, on_swap)

    @app.task  # type: ignore[untyped-decorator]  # faust's decorators are untyped
    async def follow() -> None:
        await follower.run()
