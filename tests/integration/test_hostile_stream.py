"""Hostile records through a real broker and a real worker: each is decided or dead-lettered with a
reason, and the worker keeps going (process alive, later ordinary payments still decided)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from monitor.events import MAX_INTERMEDIARIES, MAX_NAME, MAX_TEXT
from monitor.screening.decode import MAX_EVENT_BYTES
from monitor.settings import Settings
from monitor.synth import generate_payments
from tests.integration.streams import OutputReader, WorkerProcess

pytestmark = pytest.mark.integration

BASE: dict[str, Any] = {
    "created_at": "2024-12-17T09:14:03Z",
    "amount": "125000.00",
    "currency": "USD",
    "message_type": "pacs.008",
    "originator": {"name": "Primorsky Timber Export LLC", "country": "RU"},
    "beneficiary": {"name": "Harbour Logistics Ltd", "country": "HK"},
}


def payment(pid: str, **changes: Any) -> dict[str, Any]:
    return {"payment_id": pid, **BASE, **changes}


def party(name: str) -> dict[str, Any]:
    return {"name": name, "party_type": "organization"}


# Valid, however strange: each must get exactly one decision (HOLD where a listed party hides).
DECIDED: dict[str, tuple[dict[str, Any], str | None]] = {
    "h-controls": (payment("h-controls", beneficiary=party("Acme\x01\x07\x1b[31m Ltd\r\n")), None),
    "h-nul": (payment("h-nul", beneficiary=party("Acme\x00 Trading\x00")), None),
    "h-bidi": (payment("h-bidi", beneficiary=party("\u202eDTL EMCA\u202c \u2067x\u2069")), None),
    "h-zero-width": (
        payment("h-zero-width", beneficiary=party("A\u200bc\u200dm\ufeffe Ltd")),
        None,
    ),
    "h-emoji": (payment("h-emoji", beneficiary=party("🏦👨‍👩‍👧‍👦 Trading 🇰🇵")), None),
    "h-combining": (payment("h-combining", beneficiary=party("Z̶̢̛a̸l̷g̴o" * 10)), None),
    "h-max-name": (payment("h-max-name", beneficiary=party("Ы" * MAX_NAME)), None),
    "h-max-text": (payment("h-max-text", remittance_information="\u202e" * MAX_TEXT), None),
    "h-max-chain": (
        payment(
            "h-max-chain",
            intermediary_agents=[{"name": f"Bank {i}"} for i in range(MAX_INTERMEDIARIES)],
        ),
        None,
    ),
    # Evasion attempts on a listed bank (Golden Triangle Bank, KGTBKPP1, OFAC SDN): still held.
    "h-confusable": (
        payment("h-confusable", beneficiary_agent={"name": "GОLDEN TRIАNGLE BАNK"}),  # Cyrillic
        "HOLD",
    ),
    "h-zw-listed": (
        payment("h-zw-listed", beneficiary_agent={"name": "GOLDEN\u200b TRIANGLE\u200d BANK"}),
        "HOLD",
    ),
    "h-bic-spaces": (payment("h-bic-spaces", beneficiary_agent={"bic": "kgtb kp p1"}), "HOLD"),
}


def enc(obj: Any) -> bytes:
    return json.dumps(obj).encode()


# Invalid: each must be dead-lettered with this reason and its original bytes.
DEAD: dict[str, tuple[bytes, str]] = {
    "too_large": (enc(payment("d-large", remittance_information="x" * 300_000)), "too_large"),
    "not_utf8": (b'{"payment_id": "\xff\xfe"}', "not_utf8"),
    "deep_nesting": (b"[" * 200_000, "not_json"),
    "huge_int": (enc(payment("d-int")).replace(b'"125000.00"', b"9" * 5000), "not_json"),
    "nan_amount": (enc(payment("d-nan")).replace(b'"125000.00"', b"NaN"), "schema"),
    "long_name": (enc(payment("d-name", beneficiary=party("x" * (MAX_NAME + 1)))), "schema"),
    "long_chain": (
        enc(payment("d-chain", intermediary_agents=[{"name": "b"}] * (MAX_INTERMEDIARIES + 1))),
        "schema",
    ),
    "lone_surrogate": (enc(payment("d-surrogate", beneficiary=party("Acme \ud800"))), "schema"),
    "injection": (
        enc(payment("d-inject", __class__="os.system", eval="__import__('os')")),
        "schema",
    ),
    "not_an_object": (b'"just a string"', "schema"),
}


async def test_hostile_records_are_decided_or_dead_lettered_and_the_worker_goes_on(
    stream_settings: Settings, worker_factory: Callable[..., WorkerProcess]
) -> None:
    s = stream_settings
    worker = worker_factory(s, MONITOR_METRICS_PORT="0")
    producer = AIOKafkaProducer(**s.aiokafka_kwargs(), acks="all", max_request_size=2_000_000)
    await producer.start()
    try:
        for pid, (obj, _) in DECIDED.items():
            await producer.send_and_wait(s.payments_topic, enc(obj), key=pid.encode())
        for name, (raw, _) in DEAD.items():
            await producer.send_and_wait(s.payments_topic, raw, key=name.encode())
        await producer.send_and_wait(s.payments_topic, None, key=b"tombstone")
        async with OutputReader(s) as reader:
            out = await reader.until(
                lambda o: DECIDED.keys() <= o.decided() and len(o.dead_letters) >= len(DEAD) + 1,
                180,
                worker.tail,
            )
            assert worker.proc.poll() is None, worker.tail()

            later = list(generate_payments(20, seed=3))
            for p in later:
                await producer.send_and_wait(
                    s.payments_topic, p.model_dump_json().encode(), key=p.payment_id.encode()
                )
            out = await reader.until(
                lambda o: {p.payment_id for p in later} <= o.decided(), 120, worker.tail
            )
            out = await reader.settle(2)
    finally:
        await producer.stop()

    outcome = {d["payment_id"]: d["outcome"] for d in out.decisions}
    assert len(out.decisions) == len(DECIDED) + 20, "one decision per payment"
    for pid, (_, expected) in DECIDED.items():
        assert outcome[pid] == (expected or outcome[pid]), (pid, outcome[pid])
    by_original = {base64.b64decode(d["original_base64"]): d for d in out.dead_letters}
    for name, (raw, reason) in DEAD.items():
        kept = raw[:MAX_EVENT_BYTES]  # dead letters keep the head of an oversized original
        assert kept in by_original, f"{name} was not dead-lettered"
        assert by_original[kept]["reason"] == reason, (name, by_original[kept]["error"])
        assert by_original[kept]["error"]
        assert (len(raw) > MAX_EVENT_BYTES) == ("first 262144 bytes" in by_original[kept]["error"])
    assert by_original[b""]["reason"] == "not_json" and "tombstone" in by_original[b""]["error"]
    assert len(out.dead_letters) == len(DEAD) + 1
    assert worker.proc.poll() is None, "the worker keeps going"
    assert "Traceback" not in worker.log.read_text(errors="replace")
