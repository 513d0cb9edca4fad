"""`monitor replay`: screen recorded payments again, compare configurations, sweep thresholds.

Payments come from a JSONL file (plain or gzip) or a bounded slice of a topic (offsets or record
time); screening is the stream's own core with the list version and matcher configuration you name.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from aiokafka.errors import KafkaError
from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs installed

from monitor.cli import main
from monitor.lists.errors import ListError
from monitor.replay import compare as cmp
from monitor.replay import sweep as sw
from monitor.replay.config import ConfigError, ReplayConfig
from monitor.replay.kafka import Bridge, KafkaRange, KafkaReader, TopicSink, parse_offsets
from monitor.replay.labels import Labels, read_labels
from monitor.replay.report import sweep_html
from monitor.replay.run import Sink, Summary, replay
from monitor.replay.sink import (
    SUMMARY_FILE,
    FileSink,
    LiveTopicError,
    NullSink,
    check_output_topics,
    write_json,
)
from monitor.replay.source import RawRecord, fingerprint, iter_file
from monitor.replay.text import comparison_text, sweep_text
from monitor.settings import Settings


def _when(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO datetime, e.g. 2024-12-16T09:00Z"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class Source:
    records: Iterator[RawRecord]
    total: int | None
    describe: str
    reader: KafkaReader | None = None


class Replay:
    """One invocation: settings, input, progress bar, and the Kafka bridge if one is needed."""

    def __init__(self, opts: dict[str, Any], stack: ExitStack) -> None:
        self.o = opts
        self.stack = stack
        settings = Settings()
        if opts["bootstrap"]:
            settings = settings.model_copy(update={"bootstrap_servers": opts["bootstrap"]})
        self.settings = settings
        self._bridge: Bridge | None = None
        self.check_input()

    def check_input(self) -> None:
        """Usage errors first, before lists are loaded and indexed."""
        o = self.o
        if bool(o["input"]) == bool(o["topic"]):
            raise click.UsageError("give exactly one input: a JSONL FILE or --topic")
        ranged = o["from_offset"] or o["to_offset"] or o["since"] or o["until"] or o["partition"]
        if o["input"] and ranged:
            raise click.UsageError("offset and time ranges apply to --topic only")
        for when in (o["since"], o["until"], o["as_of"]):
            _when(when)  # raises BadParameter
        for offsets in (o["from_offset"], o["to_offset"]):
            parse_offsets(offsets)  # raises ValueError -> ClickException

    @property
    def bridge(self) -> Bridge:
        if self._bridge is None:
            self._bridge = Bridge()
            self.stack.callback(self._bridge.close)
        return self._bridge

    def base_config(self) -> ReplayConfig:
        o = self.o
        cfg = ReplayConfig.from_settings(self.settings)
        if o["config"]:
            f = ReplayConfig.from_file(o["config"])
            cfg = cfg.model_copy(update={k: getattr(f, k) for k in f.model_fields_set | {"label"}})
        jur = o["jurisdictions"]
        return cfg.with_overrides(
            lists=tuple(o["lists"]) or None, matcher=o["matcher"], threshold=o["threshold"],
            jurisdictions=None if jur is None else tuple(c for c in jur.split(",") if c.strip()),
        )  # fmt: skip

    def source(self) -> Source:
        o = self.o
        if o["input"]:
            path = Path(o["input"])
            count, sha = fingerprint(path)
            return Source(iter_file(path), count, f"file {path.name} sha256:{sha[:16]}")
        rng = KafkaRange(
            o["topic"], tuple(o["partition"]), parse_offsets(o["from_offset"]),
            parse_offsets(o["to_offset"]), _when(o["since"]), _when(o["until"]),
        )  # fmt: skip
        reader = KafkaReader(self.bridge, rng, **self.settings.aiokafka_kwargs())
        self.stack.callback(reader.close)
        total = reader.total
        describe = f"topic {rng.topic} " + ",".join(
            f"p{s.partition}[{s.start},{s.stop})" for s in reader.spans
        )
        return Source(reader.records(), total, describe, reader)

    def progress(self, total: int | None) -> Callable[[int], object]:
        disable = None if self.o["progress"] is None else not self.o["progress"]
        bar = tqdm(total=total, unit=" payments", file=sys.stderr, delay=3, disable=disable,
                   dynamic_ncols=True, smoothing=0.1)  # fmt: skip
        self.stack.callback(bar.close)
        update: Callable[[int], object] = bar.update
        return update

    def labels(self) -> Labels | None:
        return read_labels(self.o["labels"]) if self.o["labels"] else None

    def sink(self) -> Sink:
        o = self.o
        sinks: list[Sink] = []
        if o["out"]:
            sinks.append(self.stack.enter_context(FileSink(o["out"])))
        if o["alerts_topic"] or o["decisions_topic"]:
            check_output_topics(self.settings, o["alerts_topic"], o["decisions_topic"],
                                allow_live=o["allow_live_topics"])  # fmt: skip
            kw = self.settings.aiokafka_kwargs()
            topic_sink = TopicSink(self.bridge, o["alerts_topic"], o["decisions_topic"], **kw)
            self.stack.callback(topic_sink.close)
            sinks.append(topic_sink)
        return sinks[0] if len(sinks) == 1 else Tee(sinks) if sinks else NullSink()


class Tee:
    def __init__(self, sinks: list[Sink]) -> None:
        self.sinks = sinks

    def alert(self, key: bytes, value: bytes) -> None:
        for s in self.sinks:
            s.alert(key, value)

    def decision(self, key: bytes, value: bytes) -> None:
        for s in self.sinks:
            s.decision(key, value)

    def rejected(self, value: bytes) -> None:
        for s in self.sinks:
            s.rejected(value)


def _side(spec: str, base: ReplayConfig) -> ReplayConfig:
    """A config file (`*.json`) or a list spec screened with the base configuration."""
    if spec.endswith(".json"):
        f = ReplayConfig.from_file(spec)
        return base.model_copy(update={k: getattr(f, k) for k in f.model_fields_set | {"label"}})
    return base.model_copy(update={"lists": (spec,), "label": spec})


def run_plain(r: Replay) -> None:
    o = r.o
    sink = r.sink()  # refuses live topics before any expensive work
    screener = r.base_config().screener()
    src = r.source()
    summary = replay(src.records, screener, sink, as_of=_when(o["as_of"]),
                     progress=r.progress(src.total), source=src.describe)  # fmt: skip
    if src.reader is not None:
        summary.skipped = src.reader.skipped
    r.stack.close()  # flush files and topics before reporting
    _report_summary(summary, o)


def _report_summary(summary: Summary, o: dict[str, Any]) -> None:
    if o["out"]:
        write_json(Path(o["out"]) / SUMMARY_FILE, summary.to_json())
    click.echo(summary.text(), err=True)
    if o["json"]:
        click.echo(json.dumps(summary.to_json(), indent=2, sort_keys=True))


def run_compare(r: Replay, a: str, b: str) -> None:
    o = r.o
    base = r.base_config()
    configs = [_side(a, base), _side(b, base)]
    screeners = [(c.describe(), c.screener()) for c in configs]
    labels = r.labels()
    src = r.source()
    run = cmp.screen_all(src.records, screeners, as_of=_when(o["as_of"]),
                         progress=r.progress(src.total))  # fmt: skip
    result = cmp.Comparison.of(run, labels)
    data = result.to_json() | {"rejected": sum(run.rejected.values()), "source": src.describe}
    if o["out"]:
        Path(o["out"]).mkdir(parents=True, exist_ok=True)
        write_json(Path(o["out"]) / "comparison.json", data)
    click.echo(json.dumps(data, indent=2, sort_keys=True) if o["json"] else comparison_text(result))
    rate = len(run.screened) / run.seconds if run.seconds else 0.0
    click.echo(
        f"compared {len(run.screened)} payments in {run.seconds:.1f}s ({rate:,.0f}/s)", err=True
    )


def run_sweep(r: Replay, spec: str) -> None:
    o = r.o
    thresholds = sw.parse_range(spec)
    cfg = r.base_config().with_overrides(threshold=thresholds[0])
    screener = cfg.screener()
    labels = r.labels()
    src = r.source()
    run = sw.collect(src.records, screener, progress=r.progress(src.total))
    points = sw.sweep(run, thresholds, labels)
    screened = len(run.screened)
    data = {"source": src.describe, "list_version": run.list_version,
            "matcher_config_at_lowest": run.matcher_config, "payments_screened": screened,
            "rejected": run.rejected, "points": [p.to_json(screened) for p in points]}  # fmt: skip
    html_path = (
        Path(o["html"]) if o["html"] else Path(o["out"]) / "sweep.html" if o["out"] else None
    )
    if o["out"]:
        Path(o["out"]).mkdir(parents=True, exist_ok=True)
        write_json(Path(o["out"]) / "sweep.json", data)
    if html_path:
        title = f"Threshold sweep: {screener.matcher.name} matcher on {screened:,} payments"
        page = sweep_html(run, points, title=title, config=cfg.describe(f"swept {spec}"))
        html_path.write_text(page, "utf-8")
        click.echo(f"wrote {html_path}", err=True)
    click.echo(
        json.dumps(data, indent=2, sort_keys=True) if o["json"] else sweep_text(points, screened)
    )
    rate = screened / run.seconds if run.seconds else 0.0
    click.echo(f"screened {screened} payments once in {run.seconds:.1f}s ({rate:,.0f}/s)", err=True)


@main.command("replay")
@click.argument("input", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--topic", help="replay from this topic instead of a file")
@click.option("--bootstrap", help="Kafka bootstrap servers (default: MONITOR_BOOTSTRAP_SERVERS)")
@click.option("--partition", type=int, multiple=True, help="only these partitions (repeatable)")
@click.option("--from-offset", multiple=True, help="OFFSET or PARTITION:OFFSET, inclusive")
@click.option("--to-offset", multiple=True, help="OFFSET or PARTITION:OFFSET, exclusive")
@click.option("--since", help="ISO datetime: records timestamped at or after (UTC if no zone)")
@click.option("--until", help="ISO datetime: records timestamped before")
@click.option("--list", "lists", multiple=True, help="list path or bundled name (repeatable)")
@click.option("--matcher", help="matcher name (default: MONITOR_MATCHER)")
@click.option("--threshold", type=click.FloatRange(0, 100), help="name-match threshold")
@click.option("--jurisdictions", help="comma-separated countries; '' for none")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    help='JSON {"matcher", "threshold", "lists", "jurisdictions"}; flags override it',
)
@click.option("--as-of", help="screened_at for every output (default: each payment's created_at)")
@click.option("--out", type=click.Path(file_okay=False), help="folder for the JSONL/JSON outputs")
@click.option("--alerts-topic", help="also write alerts to this topic")
@click.option("--decisions-topic", help="also write decisions to this topic")
@click.option("--allow-live-topics", is_flag=True, help="allow writing to the live review topics")
@click.option("--compare", nargs=2, metavar="A B", help="two config files (.json) or list specs")
@click.option("--compare-lists", nargs=2, metavar="A B", help="two list specs, same config")
@click.option(
    "--labels",
    type=click.Path(exists=True, dir_okay=False),
    help="JSONL payment_id -> expected entry ids: adds precision and recall",
)
@click.option("--sweep", metavar="LOW:HIGH[:STEP]", help="threshold sweep, e.g. 70:100:2")
@click.option(
    "--html", type=click.Path(dir_okay=False), help="sweep report page (default OUT/sweep.html)"
)
@click.option("--json", "json_", is_flag=True, help="machine-readable report on stdout")
@click.option(
    "--progress/--no-progress", default=None, help="progress bar (default: on a terminal)"
)
def replay_cmd(**opts: Any) -> None:
    """Screen recorded payments again with a chosen list version and matcher configuration.

    \b
    monitor replay payments.jsonl.gz --list ofac-sdn-2024-12-16 --out run1
    monitor replay --topic payments --since 2024-12-01 --until 2024-12-02 --out day1
    monitor replay payments.jsonl --compare-lists ofac-sdn-2024-05-03 ofac-sdn-2024-12-16
    monitor replay payments.jsonl --compare a.json b.json --labels labels.jsonl --json
    monitor replay payments.jsonl --sweep 70:100:2 --labels labels.jsonl --html sweep.html
    """
    opts["json"] = opts.pop("json_")
    modes = [m for m in ("compare", "compare_lists", "sweep") if opts[m]]
    if len(modes) > 1:
        raise click.UsageError("use one of --compare, --compare-lists and --sweep")
    if opts["labels"] and not modes:
        raise click.UsageError(
            "--labels scores a comparison or a sweep: add --compare, --compare-lists or --sweep"
        )
    try:
        with ExitStack() as stack:
            r = Replay(opts, stack)
            if opts["compare"] or opts["compare_lists"]:
                run_compare(r, *(opts["compare"] or opts["compare_lists"]))
            elif opts["sweep"]:
                run_sweep(r, opts["sweep"])
            else:
                run_plain(r)
    except (ConfigError, ListError, LiveTopicError, ValueError, TimeoutError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KafkaError as exc:
        raise click.ClickException(f"Kafka: {exc}") from exc
