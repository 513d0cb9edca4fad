"""`monitor generate`: synthetic payments to a JSONL file, for demos, replay and load tests."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli import main
from monitor.lists.load import load_any
from monitor.synth import Seeded, generate_payments, write_jsonl, write_labels


@main.command("generate")
@click.argument("n", type=click.IntRange(min=0))
@click.option("--seed", type=int, required=True, help="same seed, same payments, byte for byte")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="FILE.jsonl or FILE.jsonl.gz",
)
@click.option(
    "--hit-rate",
    type=click.FloatRange(0, 1),
    default=0.001,
    show_default=True,
    help="share of payments naming a listed party under a variant spelling",
)
@click.option(
    "--list",
    "list_spec",
    default="default",
    show_default=True,
    help="list path or bundled name the seeded parties come from",
)
@click.option(
    "--labels",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSONL of seeded payments: payment_id, entry_ids, where and how spelled",
)
def generate(n: int, seed: int, out: Path, hit_rate: float, list_spec: str,
             labels: Path | None) -> None:  # fmt: skip
    """Write N synthetic payments (about HIT_RATE of them naming listed parties) to --out."""
    table = load_any(list_spec)
    seeded: dict[str, tuple[Seeded, ...]] = {}
    count = write_jsonl(out, generate_payments(n, seed=seed, table=table, hit_rate=hit_rate,
                                               labels=seeded))  # fmt: skip
    click.echo(f"wrote {count} payments to {out} ({len(seeded)} seeded, list {table.version_id})")
    if labels:
        write_labels(labels, seeded)
        click.echo(f"wrote {len(seeded)} labels to {labels}")
