"""`monitor worker`: wait for the broker, load the list version in force, run the faust worker."""

from __future__ import annotations

import asyncio
import time

import faust
import structlog

from monitor import logs
from monitor.settings import Settings
from monitor.stream import metrics, observe
from monitor.stream.app import create_app
from monitor.stream.control import read_latest
from monitor.stream.holder import ScreenerHolder, build_screener, load_configured
from monitor.stream.topics import wait_for_broker

log = structlog.get_logger(__name__)


def run_worker(settings: Settings) -> None:
    logs.configure(settings.log_level)
    log.info("worker_starting", settings=settings.safe_dump())
    state = observe.WorkerState(phase="waiting_for_broker")
    observe.serve(settings, state)
    asyncio.run(wait_for_broker(settings))
    state.phase = "loading_lists"
    announced, control_offset = asyncio.run(read_latest(settings))
    specs = announced.lists if announced else settings.lists
    t0 = time.perf_counter()
    table = load_configured(specs)
    screener = build_screener(settings, table)
    log.info(
        "lists_loaded",
        version=screener.list_version,
        source="control topic" if announced else "settings",
        matcher=screener.config_id,
        entries=len(table),
        warnings=len(table.warnings),
        seconds=round(time.perf_counter() - t0, 3),
    )
    metrics.LIST_INFO.labels(screener.list_version).set(len(table))
    metrics.LIST_LOADED_AT.set_to_current_time()
    state.list_loaded(screener.list_version)
    holder = ScreenerHolder(screener)
    holder.on_swap(state.on_swap)
    app = create_app(settings, holder, control_offset=control_offset)
    observe.attach(app, settings, state)
    worker = faust.Worker(app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()
