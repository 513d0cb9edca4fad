"""Sending payment files to the payments topic (`monitor produce`, the demo, tests)."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from aiokafka import AIOKafkaProducer

from monitor.settings import Settings

FLUSH_EVERY = 1000


def read_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for line in fh:
            line = line.rstrip(b"\r\n")
            if line:
                yield line


def payment_key(raw: bytes) -> bytes | None:
    """The payment_id as key, so a payment's records stay on one partition; None if unreadable."""
    try:
        pid = json.loads(raw).get("payment_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return str(pid).encode() if pid is not None else None


async def produce_records(s: Settings, topic: str, records: Iterable[bytes]) -> int:
    producer = AIOKafkaProducer(**s.aiokafka_kwargs(), acks="all", linger_ms=5)
    await producer.start()
    sent = 0
    try:
        pending: list[asyncio.Future[object]] = []
        for raw in records:
            pending.append(await producer.send(topic, raw, key=payment_key(raw)))
            sent += 1
            if len(pending) >= FLUSH_EVERY:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


async def produce_file(s: Settings, path: Path, topic: str) -> int:
    return await produce_records(s, topic, read_lines(path))
