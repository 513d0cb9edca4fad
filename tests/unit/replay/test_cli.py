"""`monitor replay` flags: refusals before any work, config files, offset and time parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.replay.config import ConfigError, ReplayConfig
from monitor.replay.kafka import KafkaRange, parse_offsets, to_ms
from monitor.replay.sink import LiveTopicError, check_output_topics
from monitor.settings import Settings


def _invoke(*args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["replay", *args], env=env)
    return result.exit_code, result.output


def test_refuses_the_live_review_topic_without_the_flag(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("")
    code, out = _invoke(str(src), "--alerts-topic", "payments.alerts")
    assert code != 0 and "refusing" in out and "compliance review topic" in out
    code, out = _invoke(
        str(src), "--decisions-topic", "live.dec", MONITOR_DECISIONS_TOPIC="live.dec"
    )
    assert code != 0 and "live.dec" in out


def test_labels_without_a_comparison_or_sweep_is_refused(tmp_path: Path) -> None:
    src, labels = tmp_path / "p.jsonl", tmp_path / "labels.jsonl"
    src.write_text("")
    labels.write_text("")
    code, out = _invoke(str(src), "--labels", str(labels))
    assert code == 2 and "--labels scores a comparison or a sweep" in out


def test_live_topic_check() -> None:
    s = Settings(alerts_topic="review")
    check_output_topics(s, "replay.alerts", None)
    with pytest.raises(LiveTopicError):
        check_output_topics(s, "review")
    check_output_topics(s, "review", allow_live=True)


def test_exactly_one_input_and_ranges_only_for_topics(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("")
    assert "exactly one input" in _invoke()[1]
    assert "exactly one input" in _invoke(str(src), "--topic", "t")[1]
    assert "--topic only" in _invoke(str(src), "--since", "2024-01-01")[1]
    assert (
        "one of --compare" in _invoke(str(src), "--sweep", "70:90", "--compare-lists", "a", "b")[1]
    )


def test_empty_file_replays_to_empty_outputs(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text("\n")
    out = tmp_path / "out"
    code, text = _invoke(str(src), "--list", "ofac-sdn-2024-05-03", "--matcher", "baseline",
                         "--out", str(out))  # fmt: skip
    assert code == 0, text
    assert (out / "alerts.jsonl").read_bytes() == b""
    assert json.loads((out / "summary.json").read_text())["payments"] == 0


def test_config_file_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "strict.json"
    path.write_text(json.dumps({"matcher": "baseline", "threshold": 92, "lists": ["x"],
                                "jurisdictions": []}))  # fmt: skip
    cfg = ReplayConfig.from_file(path)
    assert (cfg.label, cfg.matcher, cfg.threshold, cfg.lists) == ("strict", "baseline", 92, ("x",))
    assert cfg.policy().countries == frozenset()
    assert ReplayConfig().policy().countries  # None: the default policy
    assert cfg.with_overrides(threshold=None, matcher="token-align").matcher == "token-align"
    path.write_text('{"treshold": 90}')
    with pytest.raises(ConfigError, match="strict.json"):
        ReplayConfig.from_file(path)
    with pytest.raises(ConfigError, match="unknown matcher"):
        ReplayConfig(matcher="nope").screener()


def test_offsets_and_time_window() -> None:
    assert parse_offsets(["100"]) == {None: 100}
    assert parse_offsets(["0:5", "2:7"]) == {0: 5, 2: 7}
    with pytest.raises(ValueError):
        parse_offsets(["x:1"])
    since = datetime(2024, 1, 2, tzinfo=UTC)
    rng = KafkaRange("t", from_offsets={None: 3, 1: 9}, since=since, until=datetime(2024, 1, 3))
    assert rng.bound(rng.from_offsets, 1) == 9 and rng.bound(rng.from_offsets, 0) == 3
    assert rng.bound(rng.to_offsets, 0) is None
    assert rng.in_window(to_ms(since)) and not rng.in_window(to_ms(since) - 1)
    assert not rng.in_window(to_ms(datetime(2024, 1, 3, tzinfo=UTC)))  # until is exclusive
