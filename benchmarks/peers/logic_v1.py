"""Run inside benchmarks/.venv-bench: time nomenklatura logic-v1 over prepared (name, candidates).

    .venv-bench/bin/python benchmarks/peers/logic_v1.py CASES.json

Input: JSON list of {"name", "schema", "candidates": [{"id", "schema", "names"}]} (written by
benchmarks/peers.py). Output: one JSON line {"version", "names", "pairs", "seconds", "matches"}.
Entities are built before the clock starts; only `LogicV1.compare` is timed.
"""

from __future__ import annotations

import json
import sys
import time
from importlib import metadata

from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        cases = json.load(fh)
    algorithm = get_algorithm("logic-v1")
    if algorithm is None:
        raise SystemExit("nomenklatura has no logic-v1")
    config = ScoringConfig.defaults()
    prepared = []
    for i, case in enumerate(cases):
        query = model.get_proxy(
            {"id": f"q{i}", "schema": case["schema"], "properties": {"name": [case["name"]]}}
        )
        candidates = [
            model.get_proxy(
                {"id": c["id"], "schema": c["schema"], "properties": {"name": c["names"]}}
            )
            for c in case["candidates"]
        ]
        prepared.append((query, candidates))
    for query, candidates in prepared[:1]:  # warm up: lazy tables and caches load on first use
        for candidate in candidates:
            algorithm.compare(query, candidate, config)
    pairs = matches = 0
    t0 = time.process_time()
    for query, candidates in prepared:
        for candidate in candidates:
            result = algorithm.compare(query, candidate, config)
            pairs += 1
            matches += result.score >= 0.7
    seconds = time.process_time() - t0
    print(
        json.dumps(
            {
                "version": metadata.version("nomenklatura"),
                "names": len(prepared),
                "pairs": pairs,
                "seconds": seconds,
                "matches": matches,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
