"""The worker's /metrics, /healthz and /readyz, scraped from a real `monitor worker` process."""

from __future__ import annotations

import asyncio
import json
import math
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable

import pytest
from prometheus_client.parser import text_string_to_metric_families

from monitor.embedded_broker import free_port
from monitor.lists.load import load_bundled
from monitor.settings import Settings
from monitor.stream.observe import WorkerState
from monitor.stream.producer import produce_records
from monitor.synth import generate_labelled
from tests.integration.streams import OutputReader, WorkerProcess

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 (loopback, test)
            return int(resp.status), bytes(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def scrape(port: int) -> Samples:
    code, body = get(f"http://127.0.0.1:{port}/metrics")
    assert code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for fam in text_string_to_metric_families(body.decode())
        for s in fam.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def series(samples: Samples, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    return {labels: v for (n, labels), v in samples.items() if n == name}


async def poll(fn: Callable[[], bool], timeout: float, worker: WorkerProcess, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(fn):
        assert worker.proc.poll() is None, f"worker died:\n{worker.tail()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{worker.tail()}"
        await asyncio.sleep(0.5)


def test_readiness_reasons_without_a_worker() -> None:
    state = WorkerState(phase="loading_lists")
    assert state.readiness()[0] == 503 and "no list" in state.readiness()[1]["reason"]
    state.list_loaded("v1")
    state.phase = "running"
    assert state.readiness()[1]["reason"].startswith("no partitions")
    state.assigned = (0, 2)
    assert state.readiness() == (
        200,
        {"ready": True, "phase": "running", "list_version": "v1", "partitions": [0, 2]},
    )
    assert state.health()[0] == 200 and 0 <= state.list_age() < 5
    state.heartbeat = time.monotonic() - 60
    assert state.health()[0] == 503 and state.health()[1]["status"] == "stalled"
    assert math.isnan(WorkerState().list_age())


@pytest.mark.integration
async def test_metrics_health_and_readiness_of_a_running_worker(
    stream_settings: Settings, worker_factory: Callable[..., WorkerProcess]
) -> None:
    s, port = stream_settings, free_port()
    worker = worker_factory(s, MONITOR_METRICS_PORT=str(port), MONITOR_METRICS_HOST="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    seen: list[tuple[int, dict[str, object]]] = []

    def ready() -> bool:
        try:
            code, body = get(f"{base}/readyz")
        except OSError:
            return False  # not listening yet
        seen.append((code, json.loads(body)))
        return code == 200

    await poll(ready, 120, worker, "/readyz 200")
    not_ready = [body for code, body in seen if code != 200]
    assert all(code in (200, 503) for code, _ in seen)
    assert all(body["reason"] and not body["ready"] for body in not_ready), not_ready
    assert seen[-1][1]["partitions"] == [0, 1, 2, 3] and seen[-1][1]["list_version"]
    # the log names the screening core; under MONITOR_NATIVE=1 (CI) it must be the native one
    loaded = next(ln for ln in worker.log.read_text().splitlines() if "lists_loaded" in ln)
    want = "core=native" if os.environ.get("MONITOR_NATIVE") == "1" else "core="
    assert want in loaded, loaded
    code, body = await asyncio.to_thread(get, f"{base}/healthz")
    assert code == 200 and json.loads(body)["status"] == "alive"

    sdn = load_bundled(["ofac-sdn-2024-12-16"])
    items = list(generate_labelled(60, seed=5, table=sdn, hit_rate=0.2))
    assert sum(1 for it in items if it.seeded) >= 3
    records = [it.payment.model_dump_json().encode() for it in items] + [b"{nope", b"\xff\xfe"]
    await produce_records(s, s.payments_topic, records)
    async with OutputReader(s) as reader:
        out = await reader.until(
            lambda o: len(o.decided()) >= 60 and len(o.dead_letters) >= 2, 90, worker.tail
        )
        out = await reader.settle(1)  # alerts travel on their own topic

    def lag_settled() -> bool:  # the lag timer runs every 5 s and commits lag a little
        m = scrape(port)
        lag = series(m, "monitor_consumer_lag")
        return len(lag) == 4 and sum(lag.values()) == 0

    await poll(lag_settled, 30, worker, "consumer lag 0 on 4 partitions")
    m = await asyncio.to_thread(scrape, port)
    assert value(m, "monitor_payments_screened_total") == 62
    held = sum(1 for d in out.decisions if d["outcome"] == "HOLD")
    assert held >= 1, "some seeded listed parties are caught"
    assert value(m, "monitor_decisions_total", outcome="HOLD") == held
    assert value(m, "monitor_decisions_total", outcome="CLEAR") == 60 - held
    assert value(m, "monitor_alerts_total", retro="false") == len(out.alerts) == held
    assert value(m, "monitor_dead_letters_total", reason="not_json") == 1
    assert value(m, "monitor_dead_letters_total", reason="not_utf8") == 1
    assert value(m, "monitor_screening_seconds_count") == 60
    alerts_by = series(m, "monitor_hits_total")
    assert any(dict(k)["source"] == "ofac-sdn" and v > 0 for k, v in alerts_by.items()), alerts_by
    versions = [dict(k)["version"] for k in series(m, "monitor_list_entries")]
    assert versions == [seen[-1][1]["list_version"]]
    assert 0 < value(m, "monitor_list_age_seconds") < 600
    assert value(m, "monitor_assigned_partitions") == 4 and value(m, "monitor_ready") == 1
    assert (await asyncio.to_thread(get, f"{base}/nope"))[0] == 404
