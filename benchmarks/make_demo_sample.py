"""Regenerate the bundled demo sample `monitor/data/demo_payments.jsonl.gz`, byte for byte.

    python -m benchmarks.make_demo_sample [--out PATH] [--labels PATH]

400 payments from `monitor.synth` against the OFAC SDN list of 16 Dec 2024; about 40 of them name
the 16 entries designated that day (ent_nums 47148, 48219, 48220, 51328, 51330, 51331,
52113-52121, 52131) under variant spellings, as originator, beneficiary, beneficiary bank,
intermediary, and by GOLDEN TRIANGLE BANK's BIC with a branch suffix. The same payments screen
clean against the 3 May 2024 list: the sample shows both live hits and retro-screening.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from monitor.events import Role
from monitor.lists.load import load_bundled
from monitor.synth import Seeded, generate_payments, write_jsonl, write_labels

LIST = "ofac-sdn-2024-12-16"
ENT_NUMS = ("47148", "48219", "48220", "51328", "51330", "51331", *map(str, range(52113, 52122)),
            "52131")  # fmt: skip
OUT = Path(__file__).resolve().parent.parent / "monitor" / "data" / "demo_payments.jsonl.gz"
SIZE, SEED, HIT_RATE = 400, 20241216, 0.1


def make(out: Path, labels_out: Path | None = None) -> dict[str, tuple[Seeded, ...]]:
    table = load_bundled([LIST])
    entries = [table.get(f"ofac-sdn:{n}") for n in ENT_NUMS]
    missing = [n for n, e in zip(ENT_NUMS, entries, strict=True) if e is None]
    if missing:
        raise SystemExit(f"{LIST} lacks ent_nums {missing}")
    listed = [e for e in entries if e is not None]
    bank = listed[
        0
    ]  # GOLDEN TRIANGLE BANK: by name and by BIC, as beneficiary bank and intermediary
    targets = listed + listed + [bank, bank]
    labels: dict[str, tuple[Seeded, ...]] = {}
    # listed_country_rate=0: no KP on the seeded payments, so against the May list they screen
    # clean and only the 16 Dec names and BIC catch them (the retro-screening story)
    payments = generate_payments(SIZE, seed=SEED, table=table, hit_rate=HIT_RATE, targets=targets,
                                 labels=labels, listed_country_rate=0.0)  # fmt: skip
    write_jsonl(out, payments)
    check(labels)
    if labels_out:
        write_labels(labels_out, labels)
    return labels


def check(labels: dict[str, tuple[Seeded, ...]]) -> None:
    """Every entry named at least once, every role and the BIC-with-branch form present."""
    seeded = [s for group in labels.values() for s in group]
    named = {s.entry_id for s in seeded}
    roles = {s.role for s in seeded}
    problems = [f"entry {n} never seeded" for n in ENT_NUMS if n not in named]
    wanted = (Role.ORIGINATOR, Role.BENEFICIARY, Role.BENEFICIARY_AGENT, Role.INTERMEDIARY_AGENT)
    problems += [f"role {r.value} never seeded" for r in wanted if r not in roles]
    if not any(s.variant == "bic_branch" for s in seeded):
        problems.append("no listed BIC with a branch suffix")
    if problems:
        raise SystemExit("demo sample incomplete: " + "; ".join(problems))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--labels", type=Path, help="also write the labels (JSONL)")
    args = parser.parse_args()
    labels = make(args.out, args.labels)
    seeded = [s for group in labels.values() for s in group]
    print(f"wrote {SIZE} payments to {args.out}; {len(labels)} name the 16 Dec 2024 entries")
    print("  roles:", dict(Counter(s.role.value for s in seeded)))
    print("  variants:", dict(Counter(s.variant for s in seeded)))


if __name__ == "__main__":
    main()
