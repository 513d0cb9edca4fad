"""Stream commands: `monitor worker`, `produce`, `topics create`, `demo` and `lists publish`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from monitor.cli import main
from monitor.settings import Settings


@main.command()
def worker() -> None:
    """Run a screening worker (a faust consumer-group member). Configure with MONITOR_* variables.

    Scale out by starting more workers with the same MONITOR_APP_ID: Kafka spreads the payments
    topic's partitions across them.
    """
    from monitor.stream.worker import run_worker

    sys.argv = [sys.argv[0], "worker"]  # faust's worker parses argv itself
    run_worker(Settings())


@main.group()
def topics() -> None:
    """Kafka topics used by the workers."""


@topics.command("create")
def topics_create() -> None:
    """Create the payments, review, decisions, dead-letter and control topics if missing."""
    from monitor.stream.topics import create_topics, wait_for_broker

    s = Settings()

    async def run() -> list[str]:
        await wait_for_broker(s, timeout=120)
        return await create_topics(s)

    created = asyncio.run(run())
    click.echo(f"created: {', '.join(created) or 'nothing (all exist)'}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", help="default: MONITOR_PAYMENTS_TOPIC")
def produce(file: Path, topic: str | None) -> None:
    """Send payments from a JSONL file (plain or .gz), one record per line, keyed by payment_id.

    Lines are sent as they are: invalid ones reach the dead-letter topic, as in production.
    """
    from monitor.stream.producer import produce_file

    s = Settings()
    sent = asyncio.run(produce_file(s, file, topic or s.payments_topic))
    click.echo(f"sent {sent} records to {topic or s.payments_topic}")


@main.command()
@click.option(
    "--payments",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL payments to stream (default: the bundled sample)",
)
@click.option("--timeout", default=120.0, show_default=True, help="seconds before giving up")
def demo(payments: Path | None, timeout: float) -> None:
    """Start an embedded broker and a worker, stream a sample, print alerts as they arrive."""
    from monitor.demo import run_demo

    sys.exit(run_demo(payments, timeout=timeout))


from monitor.cli.lists import lists as lists_group  # noqa: E402  (the group lives with the list commands)


@lists_group.command("publish")
@click.argument("specs", nargs=-1, required=True)
def lists_publish(specs: tuple[str, ...]) -> None:
    """Make every worker switch to the lists SPECS (paths on the workers' storage or bundled names).

    The lists are loaded here first: a list that does not parse is never announced. Workers load
    it in the background, check it hashes to the announced version, swap atomically, and
    retro-screen the look-back window against the added and changed entries.
    """
    from monitor.stream.control import publish
    from monitor.stream.holder import load_configured

    s = Settings()
    table = load_configured(list(specs))
    ann = asyncio.run(publish(s, list(specs), table.version_id))
    click.echo(f"announced {ann.version_id} ({len(table)} entries) on {s.control_topic}")
