"""What `monitor lists show` reports about a table: counts, version, list health."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from monitor.lists.table import SanctionsTable
from monitor.lists.warnings import count_warnings


def summarize(table: SanctionsTable) -> dict[str, Any]:
    """JSON-ready counts by source, entry type and program, plus version and warnings."""
    by_type: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_program: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for entry in table.entries:
        by_type[entry.source][entry.entry_type.value] += 1
        by_program[entry.source].update(entry.programs)
    return {
        "version_id": table.version_id,
        "entries": len(table),
        "sources": [
            {
                "source": s.source,
                "published": s.published,
                "content_hash": s.content_hash,
                "entries": s.entry_count,
            }
            for s in sorted(table.version.sources, key=lambda s: s.source)
        ],
        "by_type": {k: dict(v.most_common()) for k, v in sorted(by_type.items())},
        "by_program": {k: dict(v.most_common()) for k, v in sorted(by_program.items())},
        "warnings": {
            "count": len(table.warnings),
            "by_code": count_warnings(table.warnings),
            "items": list(table.warnings),
        },
    }
