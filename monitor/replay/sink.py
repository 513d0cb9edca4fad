"""Replay output to files, and the guard that keeps replays off the live review topics.

A replay writes what production *would* have raised; landing that on the compliance review topic
would put thousands of historical alerts in front of analysts as if they were new. So topics the
live workers write to are refused unless the operator says `--allow-live-topics`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from monitor.settings import Settings

ALERTS_FILE = "alerts.jsonl"
DECISIONS_FILE = "decisions.jsonl"
REJECTED_FILE = "rejected.jsonl"
SUMMARY_FILE = "summary.json"


class LiveTopicError(ValueError):
    """A replay was pointed at a topic the live workers write to."""


def live_topics(settings: Settings) -> dict[str, str]:
    """Topic name -> the setting that names it, for every topic live consumers act on."""
    return {
        settings.alerts_topic: "alerts_topic (the compliance review topic)",
        settings.decisions_topic: "decisions_topic (live payment release/hold decisions)",
    }


def check_output_topics(settings: Settings, *topics: str | None, allow_live: bool = False) -> None:
    """Raise `LiveTopicError` if an output topic is a live one, unless explicitly allowed."""
    if allow_live:
        return
    live = live_topics(settings)
    for topic in topics:
        if topic and topic in live:
            raise LiveTopicError(
                f"refusing to write replay output to {topic!r}: it is the live {live[topic]}. "
                "Name a separate topic, or pass --allow-live-topics if you really mean it."
            )


class FileSink:
    """`alerts.jsonl`, `decisions.jsonl` and `rejected.jsonl` in one folder, one record per line."""

    def __init__(self, out_dir: str | Path) -> None:
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._alerts: IO[bytes] = (self.dir / ALERTS_FILE).open("wb")
        self._decisions: IO[bytes] = (self.dir / DECISIONS_FILE).open("wb")
        self._rejected: IO[bytes] = (self.dir / REJECTED_FILE).open("wb")

    def alert(self, key: bytes, value: bytes) -> None:
        self._alerts.write(value + b"\n")

    def decision(self, key: bytes, value: bytes) -> None:
        self._decisions.write(value + b"\n")

    def rejected(self, value: bytes) -> None:
        self._rejected.write(value + b"\n")

    def close(self) -> None:
        for fh in (self._alerts, self._decisions, self._rejected):
            fh.close()

    def __enter__(self) -> FileSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NullSink:
    """Counts only (e.g. a dry run that wants the summary)."""

    def alert(self, key: bytes, value: bytes) -> None:
        pass

    def decision(self, key: bytes, value: bytes) -> None:
        pass

    def rejected(self, value: bytes) -> None:
        pass


def write_json(path: str | Path, data: Any) -> None:
    """Stable JSON (sorted keys, fixed indent, trailing newline): same data, same bytes."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    Path(path).write_text(text, encoding="utf-8")
