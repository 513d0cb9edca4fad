"""The worker's observability endpoint: `/metrics` (Prometheus), `/healthz` and `/readyz`.

Use it to scrape a worker and to point orchestrator probes at it (`MONITOR_METRICS_PORT`, 0 off).

Why a stdlib HTTP server in a daemon thread, and not aiohttp on faust's event loop: the worker
spends its first seconds (waiting for the broker, loading and indexing lists) before faust's loop
exists, and that is exactly when an operator asks "why is it not ready?". A thread answers from the
first line of `run_worker` on, with the phase as the reason. It also keeps scrapes off the event
loop that screens payments. What only the loop can know (partition assignment, consumer lag, that
the loop still turns) is pushed into `WorkerState` by faust timers, and the thread only reads it:

- `/healthz`: 200 while the process is alive; 503 once faust runs if the loop has not ticked for
  `STALL_SECONDS` (a wedged loop screens nothing, so a restart is the right answer).
- `/readyz`: 200 only when a list version is in force and the consumer holds partitions of the
  payments topic; 503 with a JSON reason otherwise (still starting, rebalancing, or an idle extra
  worker in a group with more workers than partitions).

The endpoint is auxiliary: if its port cannot be bound the worker logs `metrics_endpoint_failed`
and keeps screening, rather than stopping payment screening for want of a scrape target.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import faust
import structlog
from faust.types import TP
from prometheus_client import REGISTRY, Gauge
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from monitor.screening.core import Screener
from monitor.settings import Settings
from monitor.stream import metrics

log = structlog.get_logger(__name__)

STALL_SECONDS = 30.0  # event loop silent this long: /healthz fails
HEARTBEAT_SECONDS = 1.0
LAG_SECONDS = 5.0

ASSIGNED = Gauge("monitor_assigned_partitions", "Payments-topic partitions held by this worker")
READY = Gauge("monitor_ready", "1 when /readyz answers 200")


@dataclass
class WorkerState:
    """What the probes report; written by the worker (loop or main thread), read by HTTP threads."""

    phase: str = "starting"  # waiting_for_broker | loading_lists | joining_group | running
    list_version: str | None = None
    list_loaded_at: float | None = None  # epoch seconds
    assigned: tuple[int, ...] = ()
    heartbeat: float | None = None  # monotonic; None until faust's loop runs
    started: float = field(default_factory=time.monotonic)

    def list_loaded(self, version: str) -> None:
        self.list_version, self.list_loaded_at = version, time.time()

    def on_swap(self, old: Screener, new: Screener) -> None:
        self.list_loaded(new.list_version)

    def list_age(self) -> float:
        return time.time() - self.list_loaded_at if self.list_loaded_at else float("nan")

    def health(self) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"status": "alive", "phase": self.phase}
        if self.heartbeat is not None:
            silent = time.monotonic() - self.heartbeat
            body["loop_silent_seconds"] = round(silent, 1)
            if silent > STALL_SECONDS:
                return 503, body | {"status": "stalled", "reason": "event loop not ticking"}
        return 200, body

    def readiness(self) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {
            "ready": False,
            "phase": self.phase,
            "list_version": self.list_version,
            "partitions": list(self.assigned),
        }
        if self.list_version is None:
            return 503, body | {"reason": f"no list loaded yet ({self.phase})"}
        if self.phase != "running":
            return 503, body | {"reason": f"stream not started ({self.phase})"}
        if not self.assigned:
            return 503, body | {"reason": "no partitions assigned (rebalancing or idle member)"}
        return 200, body | {"ready": True}


LIST_AGE = Gauge("monitor_list_age_seconds", "Seconds since the list version in force was loaded")


def _handler(state: WorkerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._send(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
            elif path in ("/healthz", "/readyz"):
                code, body = state.health() if path == "/healthz" else state.readiness()
                self._send(code, json.dumps(body).encode(), "application/json")
            else:
                self._send(404, b'{"error": "not found"}', "application/json")

        def _send(self, code: int, body: bytes, ctype: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # probes every few seconds would drown the worker's log

    return Handler


def serve(settings: Settings, state: WorkerState) -> ThreadingHTTPServer | None:
    """Start the endpoint in a daemon thread (None when disabled or its port cannot be bound)."""
    LIST_AGE.set_function(state.list_age)
    if not settings.metrics_port:
        return None
    addr = (settings.metrics_host, settings.metrics_port)
    try:
        server = ThreadingHTTPServer(addr, _handler(state))
    except OSError as exc:
        log.error("metrics_endpoint_failed", host=addr[0], port=addr[1], error=str(exc))
        return None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="monitor-observe", daemon=True).start()
    log.info("metrics_endpoint", host=addr[0], port=server.server_address[1])
    return server


async def consumer_lag(app: faust.App, tps: list[TP]) -> dict[TP, int]:
    """Records behind the end of each partition: highwater minus the group's committed offset.

    Committed, not fetched: what the worker has prefetched but not yet screened and delivered is
    still lag (a crash now would screen it again). Nothing committed yet: counted from the start.
    """
    if not tps:
        return {}
    ends = await app.consumer.highwaters(*tps)
    # faust keeps the last committed offset per partition but has no public accessor for it.
    known: Mapping[TP, int | None] = getattr(app.consumer, "_committed_offset", {})
    committed = {tp: known.get(tp) for tp in tps}
    missing = [tp for tp, off in committed.items() if off is None]
    starts = await app.consumer.earliest_offsets(*missing) if missing else {}
    done = {tp: starts.get(tp, 0) if off is None else off for tp, off in committed.items()}
    return {tp: max(0, ends[tp] - done[tp]) for tp in tps if tp in ends}


def attach(app: faust.App, settings: Settings, state: WorkerState) -> None:
    """Register the loop-side timers: heartbeat + assignment every second, lag every few."""
    topic = settings.payments_topic
    state.phase = "joining_group"
    shown: set[str] = set()  # partitions with a lag series

    def payments_tps() -> list[TP]:
        try:
            return sorted(tp for tp in app.consumer.assignment() if tp.topic == topic)
        except Exception:  # noqa: BLE001 (consumer not started or restarting: holds none)
            return []

    async def heartbeat() -> None:
        state.phase, state.heartbeat = "running", time.monotonic()
        state.assigned = tuple(tp.partition for tp in payments_tps())
        ASSIGNED.set(len(state.assigned))
        READY.set(1 if state.readiness()[0] == 200 else 0)

    async def lag() -> None:
        try:
            lags = await consumer_lag(app, payments_tps())
        except Exception as exc:  # noqa: BLE001 (a metrics hiccup must never stop the worker)
            log.warning("consumer_lag_failed", error=str(exc)[:300])
            return
        held = {str(tp.partition): n for tp, n in lags.items()}
        for gone in shown - held.keys():  # partitions moved to another worker
            metrics.CONSUMER_LAG.remove(gone)
        for partition, n in held.items():
            metrics.CONSUMER_LAG.labels(partition).set(n)
        shown.clear()
        shown.update(held)

    app.timer(HEARTBEAT_SECONDS, name="monitor_heartbeat")(heartbeat)
    app.timer(LAG_SECONDS, name="monitor_consumer_lag")(lag)
