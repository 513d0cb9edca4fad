"""Soak: one real worker under steady load for minutes; does its memory stay flat?

Run it before a release or after touching caches, batching or delivery (not in CI: it takes
`--minutes` plus about a minute of set-up):

    python -m benchmarks.soak --minutes 5 --rate 500
    python -m benchmarks.soak --minutes 5 --rate 500 --swap-every 45   # list updates too

It starts an Apache Kafka broker (tests/kafka/broker.py) and one `monitor worker` process with
its metrics endpoint, produces synthetic payments (monitor.synth) at a steady rate, and every
`--sample` seconds records the worker's RSS (psutil when installed, else /proc/PID/status) with
the payments produced, screened and the consumer lag from /metrics. It prints a table and writes
it with a verdict to benchmarks/SOAK.md. Verdict "flat": the last minute's mean RSS is within
`--tolerance` percent of the second minute's (the first minute is warm-up: lists, caches, pools).
With `--swap-every S`, a list version is announced on the control topic every S seconds,
alternating between the bundled set with the SDN list of 3 May 2024 and the default set (16 Dec
2024), as `monitor lists publish` does: each one is loaded, swapped in, retro-screened, and the
replaced screener freed, so memory must stay flat across swaps too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaProducer  # noqa: E402
from prometheus_client.parser import text_string_to_metric_families  # noqa: E402

from benchmarks.swap import PREVIOUS  # noqa: E402
from monitor.embedded_broker import free_port, spawn_in_own_group, stop_process_group  # noqa: E402
from monitor.lists.load import DEFAULT_LISTS  # noqa: E402
from monitor.settings import Settings  # noqa: E402
from monitor.stream.control import publish  # noqa: E402
from monitor.stream.holder import load_configured  # noqa: E402
from monitor.stream.topics import create_topics  # noqa: E402
from monitor.synth import generate_payments  # noqa: E402
from tests.kafka.broker import ApacheKafkaBroker  # noqa: E402

POOL = 20_000  # distinct payments, re-sent under fresh ids
SWAP_SPECS = (PREVIOUS.split(","), list(DEFAULT_LISTS))  # announced in turn by --swap-every


@dataclass(frozen=True, slots=True)
class Sample:
    t: float
    rss_mb: float
    produced: int
    screened: float
    lag: float


def rss_mb(pid: int) -> float:
    try:
        import psutil  # type: ignore[import-untyped]  # optional

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no RSS for pid {pid}")


def scrape(port: int) -> tuple[float, float]:
    """(payments screened, total consumer lag) from the worker's /metrics."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:  # noqa: S310
        text = resp.read().decode()
    screened = lag = 0.0
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            if s.name == "monitor_payments_screened_total":
                screened = s.value
            elif s.name == "monitor_consumer_lag":
                lag += s.value
    return screened, lag


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(1)
    raise RuntimeError("worker did not become ready (or died)")


def payment_pool(n: int) -> list[tuple[bytes, bytes]]:
    """(payment id, JSON) pairs; the id is swapped for a fresh one on every send."""
    return [
        (p.payment_id.encode(), p.model_dump_json().encode())
        for p in generate_payments(n, seed=2024)
    ]


class Load:
    """Steady `rate` payments per second, one small burst every 100 ms."""

    def __init__(self, s: Settings, rate: float) -> None:
        self.s, self.rate, self.sent = s, rate, 0
        self.pool = payment_pool(POOL)

    async def run(self, seconds: float) -> None:
        producer = AIOKafkaProducer(**self.s.aiokafka_kwargs(), acks="all", linger_ms=20)
        await producer.start()
        try:
            start = time.monotonic()
            while (elapsed := time.monotonic() - start) < seconds:
                due = int(elapsed * self.rate) - self.sent
                for _ in range(max(0, due)):
                    pid, raw = self.pool[self.sent % POOL]
                    fresh = f"SOAK-{self.sent:09d}".encode()
                    await producer.send(
                        self.s.payments_topic, raw.replace(pid, fresh, 1), key=fresh
                    )
                    self.sent += 1
                await asyncio.sleep(0.1)
            await producer.flush()
        finally:
            await producer.stop()


async def sampler(pid: int, port: int, load: Load, seconds: float, every: float) -> list[Sample]:
    samples: list[Sample] = []
    start = time.monotonic()
    while True:
        t = time.monotonic() - start
        screened, lag = await asyncio.to_thread(scrape, port)
        samples.append(Sample(round(t), rss_mb(pid), load.sent, screened, lag))
        print(f"{t:6.0f}s  rss {samples[-1].rss_mb:7.1f} MB  produced {load.sent:8d}  "
              f"screened {screened:8.0f}  lag {lag:6.0f}", flush=True)  # fmt: skip
        if t >= seconds:
            return samples
        await asyncio.sleep(min(every, seconds - t))


async def swapper(s: Settings, every: float, seconds: float) -> int:
    """Announce the two list versions of `SWAP_SPECS` in turn every `every` seconds."""
    versions = [
        await asyncio.to_thread(lambda x=x: load_configured(x).version_id) for x in SWAP_SPECS
    ]
    announced = 0
    start = time.monotonic()
    while time.monotonic() - start + every < seconds:
        await asyncio.sleep(every)
        specs, version = SWAP_SPECS[announced % 2], versions[announced % 2]
        await publish(s, specs, version)
        announced += 1
        print(f"announced {version}", flush=True)
    return announced


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def verdict(samples: list[Sample], seconds: float, tolerance: float) -> str:
    second = mean([s.rss_mb for s in samples if 60 <= s.t < 120])
    last = mean([s.rss_mb for s in samples if s.t >= seconds - 60])
    growth = (last - second) / second * 100
    word = "flat (no leak)" if growth <= tolerance else "GROWING (possible leak)"
    return (
        f"{word}: last-minute mean {last:.1f} MB vs second-minute {second:.1f} MB "
        f"({growth:+.1f}%, tolerance {tolerance:.0f}%)"
    )


DEFAULT_OUT = ROOT / "benchmarks" / "SOAK.md"


def _shown(path: Path) -> str:
    """The path as typed from the repository root where it lies inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def report(
    args: argparse.Namespace, samples: list[Sample], line: str, worker_log: Path, kept: bool
) -> str:
    rows = ["| t (s) | worker RSS (MB) | produced | screened | lag |", "|---:|---:|---:|---:|---:|"]
    rows += [f"| {s.t:.0f} | {s.rss_mb:.1f} | {s.produced} | {s.screened:.0f} | {s.lag:.0f} |"
             for s in samples]  # fmt: skip
    last = samples[-1]
    return "\n".join([
        "# Soak: one worker, steady load"
        + (f", a list update every {args.swap_every:g} s" if args.swap_every else ""),
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `python -m benchmarks.soak "
        f"--minutes {args.minutes:g} --rate {args.rate:g}"
        + (f" --swap-every {args.swap_every:g}" if args.swap_every else "")
        + (f" --out {_shown(args.out)}" if args.out != DEFAULT_OUT else "")
        + f"` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, Apache Kafka "
        f"(tests/kafka/broker.py) on the same machine. Synthetic payments (monitor.synth, "
        f"{POOL} distinct, re-sent under fresh ids), {args.partitions} partitions, bundled lists.",
        "",
        f"**Verdict: {line}.**",
        "",
        f"Throughput: {last.produced} produced, {last.screened:.0f} screened, lag at the end "
        f"{last.lag:.0f} (sampled every {args.sample:g} s; lag from the worker's own gauge, "
        "refreshed every 5 s).",
        "",
        *rows,
        "",
        f"Worker log: {worker_log} ({'kept: the verdict is not flat' if kept else 'not kept'}).",
        "",
    ])  # fmt: skip


async def soak(args: argparse.Namespace) -> int:
    seconds = args.minutes * 60
    with ApacheKafkaBroker() as broker:
        tag = uuid.uuid4().hex[:8]
        s = Settings(
            bootstrap_servers=broker.bootstrap, app_id=f"soak-{tag}", partitions=args.partitions,
            payments_topic=f"payments-{tag}", alerts_topic=f"alerts-{tag}",
            decisions_topic=f"decisions-{tag}", deadletter_topic=f"deadletter-{tag}",
            control_topic=f"control-{tag}",
        )  # fmt: skip
        await create_topics(s)
        port = free_port()
        env = (
            os.environ
            | {
                f"MONITOR_{k.upper()}": str(v)
                for k, v in s.model_dump(mode="json").items()
                if v is not None and not isinstance(v, list)
            }
            | {"MONITOR_METRICS_PORT": str(port), "MONITOR_METRICS_HOST": "127.0.0.1"}
        )
        log = broker.workdir / "worker.log"
        proc = spawn_in_own_group([sys.executable, "-m", "monitor", "worker"], log, env=env)
        try:
            await asyncio.to_thread(wait_ready, port, proc)
            load = Load(s, args.rate)
            print(f"worker pid {proc.pid} ready; {args.rate:g}/s for {seconds:.0f}s", flush=True)
            feeding = asyncio.create_task(load.run(seconds))
            swaps = asyncio.create_task(
                swapper(s, args.swap_every, seconds) if args.swap_every else asyncio.sleep(0, 0)
            )
            samples = await sampler(proc.pid, port, load, seconds, args.sample)
            await feeding
            announced = await swaps
            text = log.read_text(errors="replace")
            swapped, freed = text.count("list_version_swapped"), text.count("event=retired")
            alive = proc.poll() is None
        finally:
            stop_process_group(proc, grace=10)
            kept = args.out.with_suffix(".worker.log")
            shutil.copyfile(log, kept)  # the broker's folder goes with it
    line = verdict(samples, seconds, args.tolerance)
    if not alive:
        line = "WORKER DIED during the soak; " + line
    if args.swap_every:
        line += (
            f"; {announced} list versions announced, {swapped} swapped in, {freed} replaced "
            "screeners freed"
        )
        if swapped < announced:
            line = "SWAPS MISSING; " + line
    flat = line.startswith("flat")
    if flat:
        kept.unlink()
    out = report(args, samples, line, log if flat else kept, kept=not flat)
    print("\n" + out)
    args.out.write_text(out)
    return 0 if alive and flat else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--rate", type=float, default=500.0, help="payments per second")
    ap.add_argument("--sample", type=float, default=10.0, help="seconds between RSS samples")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--tolerance", type=float, default=10.0, help="percent growth still 'flat'")
    ap.add_argument("--swap-every", type=float, default=0.0,
                    help="seconds between list version announcements (0: none)")  # fmt: skip
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    if args.minutes < 2.5:
        ap.error("--minutes must be at least 2.5: the verdict compares minute 2 to the last")
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
