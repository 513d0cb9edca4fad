"""Precision and recall on a case small enough to check by hand."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.replay.labels import Labels, read_labels, score


def test_precision_and_recall_by_hand() -> None:
    # P1: expects {A, B}, predicted {A, C}      -> tp 1 (A), fp 1 (C), fn 1 (B)
    # P2: expects {D},    predicted nothing     -> fn 1
    # P3: expects nothing, predicted {E}        -> fp 1
    # P4: expects {F},    predicted {F}         -> tp 1
    # P5: labelled {G} but not in this replay   -> ignored
    labels = Labels({"P1": frozenset("AB"), "P2": frozenset("D"), "P4": frozenset("F"),
                     "P5": frozenset("G")}, by_key=True)  # fmt: skip
    predicted = {"P1": {"A", "C"}, "P3": {"E"}, "P4": {"F"}}
    s = score(predicted, labels, ["P1", "P2", "P3", "P4", "P6"])
    assert (s.hits.tp, s.hits.fp, s.hits.fn) == (2, 2, 2)
    assert s.hits.precision == 0.5 and s.hits.recall == 0.5
    # payments: flagged {P1, P3, P4}, labelled {P1, P2, P4}: tp 2, fp 1 (P3), fn 1 (P2)
    assert (s.payments.tp, s.payments.fp, s.payments.fn) == (2, 1, 1)
    assert s.payments.precision == 2 / 3 and s.payments.recall == 2 / 3


def test_nothing_predicted_and_nothing_expected_is_undefined_not_zero() -> None:
    s = score({}, Labels({}, by_key=True), ["P1"])
    assert s.hits.precision is None and s.hits.recall is None


def test_read_labels_prefers_entry_keys_and_falls_back_to_ids(tmp_path: Path) -> None:
    with_keys = tmp_path / "k.jsonl"
    with_keys.write_text(json.dumps({"payment_id": "P1", "entry_ids": ["1"],
                                     "entry_keys": ["ofac-sdn:1"]}) + "\n")  # fmt: skip
    assert read_labels(with_keys) == Labels({"P1": frozenset({"ofac-sdn:1"})}, by_key=True)
    ids_only = tmp_path / "i.jsonl"
    ids_only.write_text('{"payment_id": "P1", "entry_ids": ["1", "2"]}\n\n')
    assert read_labels(ids_only) == Labels({"P1": frozenset({"1", "2"})}, by_key=False)
