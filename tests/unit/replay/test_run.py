"""The replay loop: deterministic, ordered, the stream core's decisions, rejects with reasons."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from monitor.events import Alert, Decision
from monitor.lists.table import SanctionsTable
from monitor.replay.run import replay
from monitor.replay.sink import FileSink, NullSink, write_json
from monitor.replay.source import count_records, iter_file
from monitor.screening.emit import decide
from monitor.synth import read_jsonl
from tests.unit.replay.conftest import small_screener

FILES = ("alerts.jsonl", "decisions.jsonl", "rejected.jsonl", "summary.json")


def _run(src: Path, out: Path, table: SanctionsTable, **kw: object) -> dict[str, str]:
    with FileSink(out) as sink:
        summary = replay(iter_file(src), small_screener(table), sink, source=src.name, **kw)  # type: ignore[arg-type]
    write_json(out / "summary.json", summary.to_json())
    return {f: hashlib.sha256((out / f).read_bytes()).hexdigest() for f in FILES}


def test_two_replays_of_2000_payments_give_byte_identical_files(
    traffic: Path, small_table: SanctionsTable, tmp_path: Path
) -> None:
    first = _run(traffic, tmp_path / "a", small_table)
    second = _run(traffic, tmp_path / "b", small_table)
    assert first == second
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["payments"] == 2000 and summary["rejected"] == 0
    assert summary["holds"] == summary["alerts"] > 0
    assert summary["holds"] + summary["clears"] == 2000


def test_outputs_are_in_input_order_and_screened_at_is_created_at(
    traffic: Path, small_table: SanctionsTable, tmp_path: Path
) -> None:
    _run(traffic, tmp_path, small_table)
    payments = list(read_jsonl(traffic))
    lines = (tmp_path / "decisions.jsonl").read_text().splitlines()
    decisions = [Decision.model_validate_json(x) for x in lines]
    assert [d.payment_id for d in decisions] == [p.payment_id for p in payments]
    assert all(d.screened_at == p.created_at for d, p in zip(decisions, payments, strict=True))
    alerts = [
        Alert.model_validate_json(x) for x in (tmp_path / "alerts.jsonl").read_text().splitlines()
    ]
    order = {p.payment_id: i for i, p in enumerate(payments)}
    assert [order[a.payment_id] for a in alerts] == sorted(order[a.payment_id] for a in alerts)


def test_replay_emits_exactly_what_the_stream_core_decides(
    traffic: Path, small_table: SanctionsTable, tmp_path: Path
) -> None:
    _run(traffic, tmp_path, small_table)
    screener = small_screener(small_table)
    expected_alerts, expected_decisions = [], []
    for p in list(read_jsonl(traffic))[:300]:
        alert, decision = decide(screener, p, screened_at=p.created_at)
        if alert is not None:
            expected_alerts.append(alert.model_dump_json())
        expected_decisions.append(decision.model_dump_json())
    decisions = (tmp_path / "decisions.jsonl").read_text().splitlines()[:300]
    assert decisions == expected_decisions
    alerts = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert alerts[: len(expected_alerts)] == expected_alerts


def test_as_of_fixes_screened_at(
    traffic: Path, small_table: SanctionsTable, tmp_path: Path
) -> None:
    as_of = datetime(2025, 1, 1, tzinfo=UTC)
    _run(traffic, tmp_path, small_table, as_of=as_of)
    first = Decision.model_validate_json((tmp_path / "decisions.jsonl").read_text().splitlines()[0])
    assert first.screened_at == as_of


def test_undecodable_lines_are_rejected_with_reason_and_line(
    small_table: SanctionsTable, tmp_path: Path
) -> None:
    good = (Path(__file__).parents[3] / "schemas" / "examples" / "payment.json").read_text()
    src = tmp_path / "mixed.jsonl"
    lines = [json.dumps(json.loads(good)), "not json", "", '{"payment_id": "x"}', "\xff\xfe"]
    src.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n\xff\n")
    assert count_records(src) == 5  # the blank line is skipped
    _run(src, tmp_path / "out", small_table)
    rejected = [
        json.loads(x) for x in (tmp_path / "out" / "rejected.jsonl").read_text().splitlines()
    ]
    assert [(r["line"], r["reason"]) for r in rejected] == [
        (2, "not_json"), (4, "schema"), (5, "not_json"), (6, "not_utf8"),
    ]  # fmt: skip
    assert "created_at" in rejected[1]["error"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["rejected_by_reason"] == {"not_json": 2, "not_utf8": 1, "schema": 1}
    assert summary["payments"] == 1


def test_gzip_is_detected_by_content(
    traffic: Path, tmp_path: Path, small_table: SanctionsTable
) -> None:
    renamed = tmp_path / "payments.jsonl"  # gzip bytes under a plain name
    renamed.write_bytes(traffic.read_bytes())
    assert gzip.decompress(renamed.read_bytes())
    summary = replay(iter_file(renamed), small_screener(small_table), NullSink())
    assert summary.payments == 2000
