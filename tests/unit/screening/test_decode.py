"""Bad input never raises: it is decoded or rejected with a reason."""

import json
from pathlib import Path

import pytest

from monitor.events import PaymentEvent
from monitor.screening.decode import MAX_EVENT_BYTES, Rejected, decode_payment

EXAMPLE = json.loads(
    (Path(__file__).parents[3] / "schemas" / "examples" / "payment.json").read_text()
)


def enc(obj: object) -> bytes:
    return json.dumps(obj).encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "not_json"),
        (b"", "not_json"),
        (b"not json", "not_json"),
        (b"\xff\xfe\x00", "not_utf8"),
        (b"[" * 50_000 + b"]" * 50_000, "not_json"),
        (enc([1, 2, 3]), "schema"),
        (enc({}), "schema"),
        (enc(EXAMPLE | {"amount": "lots"}), "schema"),
        (enc(EXAMPLE | {"amount": "-5"}), "schema"),
        (enc(EXAMPLE | {"currency": "usd"}), "schema"),
        (enc(EXAMPLE | {"unexpected": 1}), "schema"),
        (enc(EXAMPLE | {"originator": {"name": "x" * 1_000_000}}), "too_large"),
        (enc(EXAMPLE | {"originator": {"name": "x" * 10_000}}), "schema"),
        (enc(EXAMPLE | {"intermediary_agents": [{"bic": "CHASUS33"}] * 1000}), "schema"),
        (enc(EXAMPLE | {"intermediary_agents": [{"bic": "NOTABIC"}]}), "schema"),
    ],
)
def test_rejects_with_reason(raw: bytes | None, reason: str) -> None:
    result = decode_payment(raw)
    assert isinstance(result, Rejected), result
    assert result.reason == reason
    assert result.error


def test_schema_error_names_the_field() -> None:
    result = decode_payment(enc(EXAMPLE | {"currency": "usd"}))
    assert isinstance(result, Rejected) and result.error.startswith("currency:")


def test_size_limit_is_on_bytes() -> None:
    assert isinstance(decode_payment(b" " * (MAX_EVENT_BYTES + 1)), Rejected)


@pytest.mark.parametrize(
    "name",
    ["Golden\u200b Triangle Bank", "\u202eknaB elgnairT nedloG", "Gold\x00en", "Bank 🏦", "Ԍolden"],
)
def test_odd_but_valid_names_decode(name: str) -> None:
    result = decode_payment(enc(EXAMPLE | {"originator": {"name": name}}))
    assert isinstance(result, PaymentEvent)
    assert result.originator.name == name.strip()
