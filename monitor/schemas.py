"""JSON Schemas of the wire models, generated into `schemas/` (`python -m monitor.schemas`).

A unit test regenerates them and fails when the committed files drift from the models.
"""

from __future__ import annotations

import json
import sys
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


if __name__ == "__main__":
    for p in write(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(p)
