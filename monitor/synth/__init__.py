"""Synthetic payment traffic for the demo, replay tests and benchmarks: seeded and labelled.

Use it wherever a test or a benchmark needs realistic volume: counterparties that repeat with
Zipf-like frequency, names in Latin, Cyrillic, Hangul, Arabic and CJK scripts, banks with
plausible BICs in many countries, addresses, invoice-style remittance and 0-3 intermediaries.
About `hit_rate` of payments name a party from the table passed in under a variant spelling;
`generate_labelled` says which (role, position, entry, variant kind), so recall can be measured.

Same arguments, same payments, byte for byte: a `random.Random(seed)` per stream, no global state,
no wall clock. Clean traffic is the same whatever the hit rate (seeding draws from its own stream).
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from monitor.events import PaymentEvent
from monitor.lists.entry import Entry
from monitor.lists.table import SanctionsTable
from monitor.synth.seeding import Labelled, Seeded, Seeder, seedable
from monitor.synth.traffic import EXCLUDED_CLEAN, TrafficGenerator

__all__ = [
    "DEFAULT_START",
    "EXCLUDED_CLEAN",
    "Labelled",
    "Seeded",
    "generate_labelled",
    "generate_payments",
    "read_jsonl",
    "write_jsonl",
    "write_labels",
]

DEFAULT_START = datetime(2024, 12, 16, 9, 0, tzinfo=UTC)


def generate_labelled(
    n: int,
    *,
    seed: int,
    table: SanctionsTable | None = None,
    hit_rate: float = 0.001,
    start: datetime = DEFAULT_START,
    rate_per_s: float = 200.0,
    targets: Sequence[Entry] | None = None,
    pool_size: int = 3000,
    id_prefix: str = "PMT",
    listed_country_rate: float = 0.5,
) -> Iterator[Labelled]:
    """`n` payments with the listed parties seeded on them.

    `table`: names the seeded parties and keeps clean traffic off its names and BICs; without it
    (and without `targets`) nothing is seeded. `targets`: seed only these entries, cycling through
    them and their roles (use it to guarantee coverage in a small sample). `rate_per_s`: mean
    arrival rate of `created_at` (Poisson arrivals from `start`). `listed_country_rate`: share of
    seeded parties that also carry the entry's own country (e.g. KP); 0 keeps seeded payments
    free of jurisdiction hits, so only the name or BIC can catch them.
    """
    if n < 0 or not 0.0 <= hit_rate <= 1.0 or rate_per_s <= 0:
        raise ValueError("need n >= 0, 0 <= hit_rate <= 1 and rate_per_s > 0")
    gen = TrafficGenerator(seed, table, pool_size=pool_size)
    seed_rng = random.Random(f"{seed}:seeding")  # noqa: S311  (synthetic data, not security)
    candidates = list(targets) if targets is not None else seedable(table) if table else []
    seeder = (
        Seeder(seed_rng, candidates, cycle=targets is not None,
               listed_country_rate=listed_country_rate)
        if candidates
        else None
    )  # fmt: skip
    t = start
    for i in range(n):
        t += timedelta(microseconds=int(gen.rng.expovariate(rate_per_s) * 1e6))
        fields = gen.clean_fields(t)
        seeded: tuple[Seeded, ...] = ()
        if seeder is not None and seed_rng.random() < hit_rate:
            seeded = (seeder.apply(fields),)
        yield Labelled(PaymentEvent(payment_id=f"{id_prefix}-{seed}-{i:09d}", **fields), seeded)


def generate_payments(
    n: int,
    *,
    seed: int,
    table: SanctionsTable | None = None,
    hit_rate: float = 0.001,
    start: datetime = DEFAULT_START,
    rate_per_s: float = 200.0,
    labels: dict[str, tuple[Seeded, ...]] | None = None,
    targets: Sequence[Entry] | None = None,
    pool_size: int = 3000,
    listed_country_rate: float = 0.5,
) -> Iterator[PaymentEvent]:
    """Payments only; pass a dict as `labels` to collect payment_id -> seeded parties."""
    for item in generate_labelled(
        n, seed=seed, table=table, hit_rate=hit_rate, start=start, rate_per_s=rate_per_s,
        targets=targets, pool_size=pool_size, listed_country_rate=listed_country_rate,
    ):  # fmt: skip
        if labels is not None and item.seeded:
            labels[item.payment.payment_id] = item.seeded
        yield item.payment


def write_jsonl(path: str | Path, payments: Iterable[PaymentEvent]) -> int:
    """One payment per line (`model_dump_json()`), gzipped if the name ends in `.gz`; the count."""
    path = Path(path)
    count = 0
    raw = path.open("wb")
    out: IO[bytes] | gzip.GzipFile = (
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        if (path.suffix == ".gz")
        else raw
    )
    try:
        for p in payments:
            out.write(p.model_dump_json().encode() + b"\n")
            count += 1
    finally:
        out.close()
        raw.close()
    return count


def read_jsonl(path: str | Path) -> Iterator[PaymentEvent]:
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield PaymentEvent.model_validate_json(line)


def label_record(payment_id: str, seeded: Sequence[Seeded]) -> dict[str, object]:
    return {
        "payment_id": payment_id,
        "entry_ids": [s.entry_id for s in seeded],
        "entry_keys": [s.entry_key for s in seeded],
        "seeded": [
            {"role": s.role.value, "position": s.position, "entry_key": s.entry_key,
             "variant": s.variant, "value": s.value}
            for s in seeded
        ],
    }  # fmt: skip


def write_labels(path: str | Path, labels: Mapping[str, Sequence[Seeded]]) -> int:
    """JSONL `{"payment_id", "entry_ids", "entry_keys", "seeded": [...]}` per seeded payment."""
    with Path(path).open("w", encoding="utf-8") as f:
        for pid, seeded in labels.items():
            f.write(json.dumps(label_record(pid, seeded), ensure_ascii=False) + "\n")
    return len(labels)
