"""A new designation, live: two workers switch list version without restart and retro-screen."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.events import PaymentEvent
from monitor.settings import Settings
from monitor.stream.control import publish
from monitor.stream.holder import load_configured
from monitor.stream.producer import produce_records
from tests.integration.streams import OutputReader

pytestmark = [pytest.mark.integration, pytest.mark.needs_real_kafka]

EXAMPLE = json.loads(
    (Path(__file__).parents[2] / "schemas" / "examples" / "payment.json").read_text()
)
CLEAN_CHAIN = [{"bic": "CHASUS33XXX", "name": "JPMorgan Chase Bank", "country": "US"}]
OLD, NEW = "ofac-sdn-2024-05-03", "ofac-sdn-2024-12-16"
LIST_KINDS = {"name", "bic"}


def payment(pid: str, minutes_ago: float, **changes: object) -> bytes:
    created = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    data = EXAMPLE | {"payment_id": pid, "created_at": created.isoformat()}
    data["intermediary_agents"] = CLEAN_CHAIN
    data["originator_agent"] = {"bic": "DEUTDEFFXXX", "name": "Deutsche Bank", "country": "DE"}
    data.update(changes)
    return PaymentEvent.model_validate(data).model_dump_json().encode()


def to_gtb(tag: str, minutes_ago: float) -> list[bytes]:
    return [
        payment(f"{tag}-bic", minutes_ago,
                intermediary_agents=[*CLEAN_CHAIN, {"bic": "KGTBKPP1ABC"}]),
        payment(f"{tag}-name", minutes_ago, beneficiary_agent={"name": "Golden Triangle Bank"}),
        payment(f"{tag}-mandal", minutes_ago,
                beneficiary={"name": "Korea Mandal Credit Bank", "party_type": "organization"}),
    ]  # fmt: skip


AFTER = {"after-bic", "after-name", "after-mandal"}


async def until_logged(workers: list, event: str, timeout: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not all(event in w.log.read_text() for w in workers):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(
                f"{event} not logged by every worker within {timeout}s\n"
                + "\n".join(w.tail() for w in workers)
            )
        await asyncio.sleep(0.2)


def list_hits(alert: dict) -> list[dict]:
    return [h for h in alert["hits"] if h["kind"] in LIST_KINDS]


async def test_publish_new_version_swaps_workers_and_retro_screens(
    stream_settings: Settings, worker_factory
) -> None:
    s = stream_settings
    workers = [worker_factory(s, name=n, MONITOR_LISTS=OLD) for n in ("a", "b")]
    clean = [payment(f"clean-{i}", 30) for i in range(20)]
    await produce_records(s, s.payments_topic, [*to_gtb("before", 60), *clean])
    logs = lambda: "\n".join(w.tail() for w in workers)  # noqa: E731
    async with OutputReader(s) as reader:
        out = await reader.until(lambda o: len(o.decided()) >= 23, 120, logs)
        assert not [a for a in out.alerts if list_hits(a)], "no list alerts on the old version"
        old_version = out.decisions[0]["list_version"]
        assert "2024-05-03" in old_version

        new_version = load_configured([NEW]).version_id
        await publish(s, [NEW], new_version)
        retro = lambda o: [a for a in o.alerts if a["retro"]]  # noqa: E731
        out = await reader.until(lambda o: len(retro(o)) >= 3, 90, logs)
        by_pid = {a["payment_id"]: a for a in retro(out)}
        assert set(by_pid) == {"before-bic", "before-name", "before-mandal"}
        for a in by_pid.values():
            assert a["list_version"] == new_version
            assert a["payment_created_at"] < datetime.now(UTC).isoformat()
            assert {h["entry_id"] for h in list_hits(a)} <= {"47148", "48219"}
            assert all(h["retro"] for h in a["hits"])
        assert {h["entry_id"] for h in list_hits(by_pid["before-bic"])} == {"47148"}

        # A worker screens on the old version until its own swap is done: only payments that
        # arrive after both workers have swapped must alert live (retro alerts can come from
        # one worker while the other is still building).
        await until_logged(workers, "list_version_swapped", 90)

        # New payments alert in real time on the new version, on both workers' partitions.
        await produce_records(
            s,
            s.payments_topic,
            [*to_gtb("after", 0), *[payment(f"late-{i}", 0) for i in range(40)]],
        )
        live_alerts = lambda o: {  # noqa: E731
            a["payment_id"]: a for a in o.alerts if not a["retro"] and list_hits(a)
        }
        # An alert and its decision go to different topics: the reader may see either first.
        out = await reader.until(
            lambda o: len(o.decided()) >= 66 and AFTER <= set(live_alerts(o)), 90, logs
        )
        live = live_alerts(out)
        # At least once: a rebalance may hand an earlier payment whose offset was not committed
        # yet to a worker that now screens it live on the new version; nothing else may alert.
        assert set(live) <= AFTER | set(by_pid)
        assert all(a["list_version"] == new_version for a in live.values())
        late = [d for d in out.decisions if d["payment_id"].startswith(("late-", "after-"))]
        assert {d["list_version"] for d in late} == {new_version}

        # Each worker frees the screener it replaced (its first: nothing else may keep it).
        await until_logged(workers, "event=retired", 60)
        for w in workers:
            assert "retire_waiting" not in w.log.read_text(), w.tail()

        # The same version announced again: no new alert. Records may repeat (at least once: a
        # payment redelivered after a rebalance on a loaded host is screened again), but under
        # the ids already given, which consumers de-duplicate on.
        # Both workers are done with the first announcement (each retires its old screener
        # after its retro pass has sent everything): read what is still on its way first. On a
        # partition the worker had screened nothing of before its swap, a retro pass reads to
        # the end offset it found, so it can also cover "after" payments produced just after
        # the swap (they alert live too, under other ids).
        out = await reader.settle(3)
        given = {a["alert_id"] for a in out.alerts}
        await publish(s, [NEW], new_version)
        await asyncio.sleep(3)
        out = await reader.settle(5)
        fresh = [
            (a["alert_id"], a["payment_id"], a["retro"], a["list_version"])
            for a in out.alerts
            if a["alert_id"] not in given
        ]
        assert not fresh, f"{fresh}\n{logs()}"
        for w in workers:
            assert "list_version_already_in_force" in w.log.read_text(), w.tail()
