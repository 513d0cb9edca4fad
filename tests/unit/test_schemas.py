import json
from pathlib import Path

import jsonschema
import pytest

from monitor.schemas import MODELS, render

SCHEMAS = Path(__file__).parents[2] / "schemas"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_committed_schema_matches_model(name: str) -> None:
    committed = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == render(MODELS[name]), (
        f"schemas/{name}.schema.json drifted from the model: run `python -m monitor.schemas`"
    )


def test_payment_example_validates_against_schema() -> None:
    schema = json.loads((SCHEMAS / "payment_event.schema.json").read_text())
    example = json.loads(
        (Path(__file__).parents[2] / "schemas" / "examples" / "payment.json").read_text()
    )
    jsonschema.validate(example, schema)
    bad = dict(example, currency="dollars")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


@pytest.mark.parametrize(
    ("name", "model"), [("payment", "payment_event"), ("alert", "alert"), ("decision", "decision")]
)
def test_documented_examples_are_valid_events(name: str, model: str) -> None:
    """The examples the README shows parse as the models and validate against the schemas."""
    example = (SCHEMAS / "examples" / f"{name}.json").read_text(encoding="utf-8")
    MODELS[model].model_validate_json(example)
    jsonschema.validate(
        json.loads(example), json.loads((SCHEMAS / f"{model}.schema.json").read_text())
    )
