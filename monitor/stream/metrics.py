"""Prometheus metrics of the worker (served on `MONITOR_METRICS_PORT` by `stream.observe`)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from monitor.events import Alert, Outcome

PAYMENTS = Counter("monitor_payments_screened_total", "Payments screened")
DECISIONS = Counter("monitor_decisions_total", "Decisions emitted", ["outcome"])
DECISIONS_BY_OUTCOME = {o: DECISIONS.labels(o.value) for o in Outcome}
"""One child per outcome, made once: `labels()` costs ~2 us a call, more than a cached payment's
screening takes (the worker counts every decision)."""
ALERTS = Counter("monitor_alerts_total", "Alerts emitted", ["retro"])
HITS = Counter("monitor_hits_total", "Hits in emitted alerts", ["kind", "source"])
DEAD_LETTERS = Counter(
    "monitor_dead_letters_total", "Records sent to the dead-letter topic", ["reason"]
)
DELIVERY_RETRIES = Counter(
    "monitor_delivery_retries_total", "Output delivery retries (broker errors)"
)
SCREEN_SECONDS = Histogram(
    "monitor_screening_seconds",
    "Time to screen one payment in the core",
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25),
)
LIST_INFO = Gauge("monitor_list_entries", "Entries in the list version in force", ["version"])
LIST_LOADED_AT = Gauge("monitor_list_loaded_timestamp_seconds", "When the list in force was loaded")
CONSUMER_LAG = Gauge(
    "monitor_consumer_lag", "Records behind the end of the partition", ["partition"]
)


def count_alert(alert: Alert) -> None:
    ALERTS.labels(str(alert.retro).lower()).inc()
    for h in alert.hits:
        HITS.labels(h.kind.value, h.source).inc()
