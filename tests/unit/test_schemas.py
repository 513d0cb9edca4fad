import json
from pathlib import Path

import jsonschema
import pytest

from monitor.schemas import MODELS, QUOTED, examples, quoted_values, render, write_examples

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


def test_alert_and_decision_examples_are_what_the_core_decides() -> None:
    """Their ids and matcher_config hash the matching code: a change to it changes them."""
    for name, text in examples(SCHEMAS).items():
        committed = (SCHEMAS / "examples" / name).read_text(encoding="utf-8")
        assert committed == text, (
            f"schemas/examples/{name} is not what the core decides now: "
            "run `python -m monitor.schemas` (it updates the README's quotes too)"
        )


def test_the_readme_quotes_the_examples() -> None:
    shown = quoted_values((SCHEMAS.parent / "README.md").read_text(encoding="utf-8"))
    made = set().union(
        *(
            quoted_values((SCHEMAS / "examples" / n).read_text())
            for n in ("alert.json", "decision.json")
        )
    )
    assert {field for field, _ in shown} == set(QUOTED)
    assert shown <= made, f"README quotes values the examples do not have: {shown - made}"


def test_regenerating_puts_the_new_values_where_the_readme_quoted_the_old(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    for name in ("payment.json", "alert.json"):
        text = (SCHEMAS / "examples" / name).read_text(encoding="utf-8")
        if name == "alert.json":
            text = text.replace('"matcher_config": "', '"matcher_config": "old-')
        (tmp_path / "examples" / name).write_text(text, encoding="utf-8")
    old = dict(quoted_values((tmp_path / "examples" / "alert.json").read_text()))["matcher_config"]
    readme = tmp_path / "README.md"
    readme.write_text(f'see\n  "matcher_config": "{old}",\n', encoding="utf-8")
    write_examples(tmp_path, readme)
    new = dict(quoted_values((SCHEMAS / "examples" / "alert.json").read_text()))["matcher_config"]
    assert readme.read_text(encoding="utf-8") == f'see\n  "matcher_config": "{new}",\n'
    assert (tmp_path / "examples" / "decision.json").exists()
