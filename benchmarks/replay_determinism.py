"""100,000-payment replay, twice: are the outputs byte-identical, and how fast is a file replay?

Not run in CI (minutes, not seconds). Usage:

    python benchmarks/replay_determinism.py [--n 100000] [--seed 42] [--hit-rate 0.001]
        [--list SPEC ...] [--matcher NAME] [--workdir DIR]

Generates the payments with `monitor.synth` (seeded) into a gzip JSONL file, then replays the file
twice with `monitor.replay` (each run builds its own screener, so caches start cold both times)
and compares the sha256 of alerts, decisions, rejected and summary. Prints payments/s per run;
list loading and index building are timed separately from screening.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from monitor.replay.config import ReplayConfig
from monitor.replay.run import replay
from monitor.replay.sink import SUMMARY_FILE, FileSink, write_json
from monitor.replay.source import iter_file
from monitor.synth import generate_payments, write_jsonl

OUTPUTS = ("alerts.jsonl", "decisions.jsonl", "rejected.jsonl", SUMMARY_FILE)


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def run_once(src: Path, out: Path, cfg: ReplayConfig) -> dict[str, str]:
    started = time.perf_counter()
    table = cfg.table()
    screener = cfg.screener(table)
    setup = time.perf_counter() - started
    with FileSink(out) as sink:
        summary = replay(iter_file(src), screener, sink, source=src.name)
    write_json(out / SUMMARY_FILE, summary.to_json())
    print(f"  {out.name}: setup (lists + index) {setup:.1f}s; {summary.text()}", flush=True)
    return {name: digest(out / name) for name in OUTPUTS}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--hit-rate", type=float, default=0.001)
    ap.add_argument("--list", dest="lists", action="append", default=[])
    ap.add_argument("--matcher", default="default")
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="replay-determinism-"))
    work.mkdir(parents=True, exist_ok=True)
    cfg = ReplayConfig(matcher=args.matcher, lists=tuple(args.lists))

    src = work / "payments.jsonl.gz"
    started = time.perf_counter()
    count = write_jsonl(src, generate_payments(args.n, seed=args.seed, table=cfg.table(),
                                               hit_rate=args.hit_rate))  # fmt: skip
    print(f"generated {count} payments in {time.perf_counter() - started:.1f}s -> {src}")

    first = run_once(src, work / "run1", cfg)
    second = run_once(src, work / "run2", cfg)
    for name in OUTPUTS:
        mark = "same" if first[name] == second[name] else "DIFFERENT"
        print(f"  {name:16} {first[name][:16]}  {mark}")
    identical = first == second
    print("deterministic: byte-identical outputs" if identical else "NOT deterministic")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
