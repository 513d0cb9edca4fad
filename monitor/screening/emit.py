"""From hit records to the wire: alerts and decisions with deterministic ids.

Ids hash what produced the result (payment, list version, matcher configuration, retro flag), never
the wall clock, so a payment reprocessed after a crash or rebalance yields the same ids and
consumers can de-duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from monitor.events import Alert, Decision, Hit, Outcome, PaymentEvent
from monitor.screening.core import HitRecord, Screener


def stable_id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
    return f"{prefix}-{digest}"


def to_hit(h: HitRecord, *, retro: bool = False) -> Hit:
    e = h.entry
    return Hit(
        role=h.role,
        position=h.position,
        field=h.field,
        value=h.value,
        source=e.source if e else "policy",
        entry_id=e.entry_id if e else h.policy_code,
        entry_type=e.entry_type.value if e else "jurisdiction",
        matched=h.matched,
        programs=list(e.programs) if e else [],
        score=round(h.score, 2),
        kind=h.kind,
        explanation=h.explanation,
        retro=retro,
    )


def build_alert(
    payment: PaymentEvent,
    hits: Sequence[HitRecord],
    *,
    list_version: str,
    matcher_config: str,
    screened_at: datetime,
    retro: bool = False,
) -> Alert | None:
    """One alert per payment with all its hits, or None when nothing hit."""
    if not hits:
        return None
    # Field by field, strongest hit first; ties in a fixed order so reruns are byte-identical.
    ordered = sorted(hits, key=lambda h: (h.field, -h.score, h.kind, h.entry_key))
    alert_id = stable_id(
        "alr", payment.payment_id, list_version, matcher_config, "retro" if retro else "live"
    )
    return Alert(
        alert_id=alert_id,
        payment_id=payment.payment_id,
        list_version=list_version,
        matcher_config=matcher_config,
        screened_at=screened_at,
        payment_created_at=payment.created_at,
        retro=retro,
        hits=[to_hit(h, retro=retro) for h in ordered],
    )


def build_decision(
    payment: PaymentEvent,
    alert: Alert | None,
    *,
    list_version: str,
    matcher_config: str,
    screened_at: datetime,
) -> Decision:
    return Decision(
        decision_id=stable_id("dec", payment.payment_id, list_version, matcher_config),
        payment_id=payment.payment_id,
        outcome=Outcome.HOLD if alert else Outcome.CLEAR,
        alert_id=alert.alert_id if alert else None,
        list_version=list_version,
        matcher_config=matcher_config,
        screened_at=screened_at,
    )


def decide(
    screener: Screener,
    payment: PaymentEvent,
    *,
    screened_at: datetime,
) -> tuple[Alert | None, Decision]:
    """Screen one payment, build its alert (if any) and decision: the call every adapter makes."""
    version, config = screener.list_version, screener.config_id
    alert = build_alert(
        payment, screener.screen(payment),
        list_version=version, matcher_config=config, screened_at=screened_at,
    )  # fmt: skip
    decision = build_decision(
        payment, alert, list_version=version, matcher_config=config, screened_at=screened_at
    )
    return alert, decision
