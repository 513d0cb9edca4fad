"""Decoding raw payment bytes: a `PaymentEvent`, or the reason it is rejected.

Never raises on any input: a rejected event goes to the dead-letter topic with this reason and its
original bytes; the worker keeps going.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from monitor.events import PaymentEvent

MAX_EVENT_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class Rejected:
    reason: str  # too_large | not_json | schema | not_utf8
    error: str


def _validation_summary(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:10]:
        loc = ".".join(str(x) for x in err["loc"]) or "<root>"
        parts.append(f"{loc}: {err['msg']}")
    more = exc.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def decode_payment(raw: bytes | None) -> PaymentEvent | Rejected:
    if raw is None:
        return Rejected("not_json", "empty record value (tombstone)")
    if len(raw) > MAX_EVENT_BYTES:
        return Rejected("too_large", f"{len(raw)} bytes exceeds the {MAX_EVENT_BYTES}-byte limit")
    # Fast path: pydantic parses and validates the bytes in one pass (~40% less CPU than `json` +
    # `model_validate`, the larger part of a cached payment's cost). It only ever accepts: any
    # failure goes through the step-by-step path below, which names the reason (not_utf8,
    # not_json, schema) exactly as before, and accepts whatever it accepts.
    try:
        return PaymentEvent.model_validate_json(raw)
    except (ValueError, RecursionError):  # ValidationError is a ValueError
        return _decode_stepwise(raw)


def _decode_stepwise(raw: bytes) -> PaymentEvent | Rejected:
    """Bytes -> text -> JSON -> model, so that a rejection says which step failed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected("not_utf8", str(exc))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return Rejected("not_json", f"{type(exc).__name__}: {exc}"[:500])
    try:
        return PaymentEvent.model_validate(data)
    except ValidationError as exc:
        return Rejected("schema", _validation_summary(exc))
    except RecursionError:
        return Rejected("schema", "nesting too deep")
