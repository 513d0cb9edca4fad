"""JSON Schemas of the wire models and the documented examples, generated into `schemas/`
(`python -m monitor.schemas`).

The alert and decision examples are what the core decides for `schemas/examples/payment.json` on
the bundled default lists: their ids and `matcher_config` hash the matching code, so any change
to it changes them. Regenerating also rewrites those values where the README quotes them. Unit
tests regenerate everything and fail when a committed file drifts.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from monitor.events import Alert, DeadLetter, Decision, PaymentEvent

MODELS: dict[str, type[BaseModel]] = {
    "payment_event": PaymentEvent,
    "alert": Alert,
    "decision": Decision,
    "dead_letter": DeadLetter,
}


def render(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"monitor/{model.__name__}/v1"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, model in MODELS.items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        paths.append(path)
    return paths


EXAMPLE_SCREENED_AT = datetime(2024, 12, 17, 9, 14, 4, tzinfo=UTC)
QUOTED = ("alert_id", "decision_id", "matcher_config", "list_version")
"""Fields of the examples the README quotes."""


def examples(directory: Path) -> dict[str, str]:
    """`alert.json` and `decision.json` as the core decides `payment.json` (default settings,
    bundled default lists), keyed by file name."""
    from monitor.screening.emit import decide
    from monitor.settings import Settings
    from monitor.stream.holder import build_screener, load_configured

    payment = PaymentEvent.model_validate_json(
        (directory / "examples" / "payment.json").read_bytes()
    )
    screener = build_screener(Settings(), load_configured([]))
    alert, decision = decide(screener, payment, screened_at=EXAMPLE_SCREENED_AT)
    out: dict[str, BaseModel] = {"decision.json": decision}
    if alert is not None:
        out["alert.json"] = alert
    return {
        name: json.dumps(event.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        for name, event in out.items()
    }


def quoted_values(text: str) -> set[tuple[str, str]]:
    """(field, value) of every `QUOTED` field in an example's JSON text."""
    values: set[tuple[str, str]] = set()
    for field in QUOTED:
        for line in text.splitlines():
            key, _, value = line.strip().rstrip(",").partition(": ")
            if key == f'"{field}"':
                values.add((field, json.loads(value)))
    return values


def write_examples(directory: Path, readme: Path | None) -> list[Path]:
    """Regenerate the examples; where `readme` quotes a value an example had, put the new one."""
    paths = []
    replace: dict[str, str] = {}
    for name, text in examples(directory).items():
        path = directory / "examples" / name
        old = dict(quoted_values(path.read_text(encoding="utf-8"))) if path.exists() else {}
        for field, value in quoted_values(text):
            if old.get(field, value) != value:
                replace[old[field]] = value
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    if readme is not None and replace and readme.exists():
        doc = readme.read_text(encoding="utf-8")
        for before, after in replace.items():
            doc = doc.replace(f'"{before}"', f'"{after}"')
        readme.write_text(doc, encoding="utf-8")
        paths.append(readme)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")
    for p in write(target):
        print(p)
    for p in write_examples(target, target.parent / "README.md"):
        print(p)
