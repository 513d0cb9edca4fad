"""Replay and back-testing: recorded payments screened again with the stream's own core.

Use it to answer "what would production have raised with list version X / threshold T?" without
touching the live topics. Layout: `source` (file records) and `kafka` (topic slices, topic sink)
produce raw records; `run` is the replay loop (`decode_payment` -> `decide`, deterministic
`screened_at`); `compare` A/B-tests two configurations; `sweep` measures a threshold range in one
pass; `labels` scores precision/recall; `text` and `report` render tables and the HTML page.
The CLI is `monitor replay` (`monitor.cli.replay`).
"""
