"""Bad input never raises: it is decoded or rejected with a reason."""

import json
from pathlib import Path

import pytest

from monitor.events import PaymentEvent
from monitor.screening.decode import MAX_EVENT_BYTES, Rejected, _decode_stepwise, decode_payment

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


def _raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


_EXAMPLE_TEXT = json.dumps(EXAMPLE)


@pytest.mark.parametrize(
    "raw",
    [
        enc(EXAMPLE),
        enc(EXAMPLE | {"amount": 100}),
        enc(EXAMPLE | {"amount": 1e2}),
        enc(EXAMPLE | {"amount": 0.1}),
        enc(EXAMPLE | {"amount": " 5 "}),
        enc(EXAMPLE | {"created_at": 1_700_000_000}),
        enc(EXAMPLE | {"created_at": "2024-01-01"}),
        enc(EXAMPLE | {"schema_version": 1.0}),
        enc(EXAMPLE | {"originator": {"name": "Gold\u00e9n"}}),
        _raw(_EXAMPLE_TEXT.replace('"amount": ', '"amount": 1e400, "amount": ')),
        _raw(_EXAMPLE_TEXT[:-1] + ', "payment_id": "dup"}'),
        _raw(_EXAMPLE_TEXT + "  \n"),
        _raw(_EXAMPLE_TEXT + "x"),
        _raw("\ufeff" + _EXAMPLE_TEXT),
        _raw(_EXAMPLE_TEXT.replace('"amount": ', '"amount": NaN, "x": ')),
        _raw(_EXAMPLE_TEXT.replace('"currency": "', '"currency": "\\ud800')),
        enc(EXAMPLE).replace(b'"currency": "', b'"currency": "\xc3'),
    ],
)
def test_one_pass_and_stepwise_decoding_agree(raw: bytes) -> None:
    """`decode_payment` tries pydantic's one-pass JSON validation first; it must accept and reject
    exactly what the step-by-step path does, with the same values and the same reasons."""
    fast, stepwise = decode_payment(raw), _decode_stepwise(raw)
    assert type(fast) is type(stepwise)
    assert fast == stepwise  # field by field (Decimal by value), or reason and error
