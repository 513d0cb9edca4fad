"""`monitor worker`: wait for the broker, load the list version in force, run the faust worker."""

from __future__ import annotations

import asyncio
import logging
import time

import faust
import structlog
from aiokafka.conn import create_conn
from aiokafka.errors import AuthenticationFailedError, KafkaError, SaslAuthenticationFailed

from monitor import logs
from monitor.settings import Settings
from monitor.stream import metrics, observe
from monitor.stream.app import create_app
from monitor.stream.control import ListAnnouncement, read_latest
from monitor.stream.holder import ScreenerHolder, load_screener
from monitor.stream.topics import wait_for_broker

log = structlog.get_logger(__name__)


def run_worker(settings: Settings) -> None:
    logs.configure(settings.log_level)
    log.info("worker_starting", settings=settings.safe_dump())
    state = observe.WorkerState(phase="waiting_for_broker")
    observe.serve(settings, state)
    asyncio.run(check_credentials(settings))
    announced, control_offset = asyncio.run(latest_announcement(settings))
    state.phase = "loading_lists"
    holder = load_holder(settings, state, announced)
    holder.on_swap(state.on_swap)
    app = create_app(settings, holder, control_offset=control_offset)
    observe.attach(app, settings, state)
    worker = Worker(app, loglevel=settings.log_level, quiet=True, redirect_stdouts=False)
    worker.execute_from_commandline()


def load_holder(
    settings: Settings, state: observe.WorkerState, announced: ListAnnouncement | None
) -> ScreenerHolder:
    """The first list version, in a holder that has the only reference to it: a list update
    hands it to `retire`, which frees it once nothing else holds it (a local variable of
    `run_worker`, which lives as long as the process, kept every worker's first version)."""
    t0 = time.perf_counter()
    screener = load_screener(settings, announced.lists if announced else settings.lists)
    table = screener.table
    log.info(
        "lists_loaded",
        version=screener.list_version,
        source="control topic" if announced else "settings",
        matcher=screener.config_id,
        # which screening core serves (see MONITOR_NATIVE in the README): native or python
        core="native" if getattr(screener.index, "native", False) else "python",
        entries=len(table),
        warnings=len(table.warnings),
        seconds=round(time.perf_counter() - t0, 3),
    )
    metrics.LIST_INFO.labels(screener.list_version).set(len(table))
    metrics.LIST_LOADED_AT.set_to_current_time()
    state.list_loaded(screener.list_version)
    return ScreenerHolder(screener)


class Worker(faust.Worker):
    """faust's worker, keeping our one-line key=value log format after it sets up logging."""

    def on_setup_root_logger(self, logger: logging.Logger, level: int) -> None:
        logs.configure(logging.getLevelName(level))


async def latest_announcement(settings: Settings) -> tuple[ListAnnouncement | None, int]:
    """Wait for the broker, read the control topic; a broker lost in between is waited for again."""
    while True:
        await wait_for_broker(settings)
        try:
            return await read_latest(settings)
        except KafkaError as exc:
            log.warning("control_topic_unreadable_retrying", error=str(exc))
            await asyncio.sleep(1)


async def check_credentials(settings: Settings) -> None:
    """Exit with one clear line if the broker rejects our SASL credentials.

    aiokafka folds an authentication failure into a generic "Unable to bootstrap" that
    `wait_for_broker` would retry for ever; a wrong password is not a transient outage, so it is
    fatal here (exit 2) and named as such. Unreachable brokers are left to `wait_for_broker`.
    """
    if not settings.sasl_mechanism:
        return
    kw = settings.aiokafka_kwargs()
    secret = kw.get("sasl_plain_password") or ""
    for server in settings.bootstrap_servers.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            conn = await asyncio.wait_for(
                create_conn(
                    host, int(port), **{k: v for k, v in kw.items() if k != "bootstrap_servers"}
                ),
                timeout=10,
            )
        except (SaslAuthenticationFailed, AuthenticationFailedError) as exc:
            error = f"{type(exc).__name__}: {exc}"
            if secret:  # brokers do not echo it, but never trust an error text with a secret
                error = error.replace(secret, "**********")
            log.error(
                "kafka_authentication_failed",
                bootstrap=server,
                mechanism=settings.sasl_mechanism,
                username=settings.sasl_username,
                error=error,
            )
            raise SystemExit(2) from None
        except (TimeoutError, KafkaError, OSError):
            continue  # not reachable yet: wait_for_broker retries and logs
        conn.close()
        return
