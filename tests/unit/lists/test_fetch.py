"""`fetch_lists` against a local HTTP server serving the real files, then broken ones."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from monitor.lists import FetchError, load_bundled
from monitor.lists.fetch import DEFAULT_SOURCES, FetchConfig, fetch_lists
from monitor.lists.load import ARCHIVE_SUFFIX, read_archive
from monitor.lists.store import CURRENT, current_version, load_current, versions

DATA = Path(__file__).resolve().parents[3] / "monitor" / "data"


@dataclass
class Routes:
    """What the fake publisher serves: file name -> body, plus misbehaviours."""

    files: dict[str, bytes] = field(default_factory=dict)
    cut: set[str] = field(default_factory=set)  # promise more bytes than sent, then hang up
    slow: set[str] = field(default_factory=set)  # answer after 2 s


def bundled_files(name: str) -> dict[str, bytes]:
    with (DATA / f"{name}{ARCHIVE_SUFFIX}").open("rb") as fh:
        return read_archive(fh, name)


@pytest.fixture
def server() -> Iterator[tuple[str, Routes]]:
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            name = self.path.rsplit("/", 1)[-1]
            if name in routes.slow:
                time.sleep(2)
            body = routes.files.get(name)
            if body is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            extra = 1000 if name in routes.cut else 0
            self.send_header("Content-Length", str(len(body) + extra))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if extra else body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/exports", routes
    httpd.shutdown()
    httpd.server_close()


def cons_config(base: str, store: Path, **kwargs: object) -> FetchConfig:
    return FetchConfig(store=store, **kwargs).only(["ofac-cons"]).with_base_url(base)  # type: ignore[arg-type]


def test_default_urls_are_the_publishers() -> None:
    urls = [u for s in DEFAULT_SOURCES for _, u in s.files]
    assert (
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV" in urls
    )
    assert "https://scsanctions.un.org/resources/xml/en/consolidated.xml" in urls
    assert len(urls) == 9


def test_fetch_all_sources(server: tuple[str, Routes], tmp_path: Path) -> None:
    base, routes = server
    for name in ("ofac-sdn-2024-12-16", "ofac-cons-2025-12-19", "un-2026-02-27"):
        routes.files.update(bundled_files(name))
    result = fetch_lists(FetchConfig(store=tmp_path).with_base_url(base))
    assert result.changed
    assert result.entry_counts == {"ofac-sdn": 14_981, "ofac-cons": 442, "un": 1003}
    assert current_version(tmp_path) == result.version_dir
    fetched = load_current(tmp_path)
    assert fetched.version_id == result.version_id
    bundled = load_bundled()
    assert [s.content_hash for s in fetched.version.sources] == [
        s.content_hash for s in bundled.version.sources
    ]
    assert fetched.entries == bundled.entries
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unchanged_download_publishes_nothing(server: tuple[str, Routes], tmp_path: Path) -> None:
    base, routes = server
    routes.files.update(bundled_files("ofac-cons-2025-12-19"))
    first = fetch_lists(cons_config(base, tmp_path))
    second = fetch_lists(cons_config(base, tmp_path))
    assert not second.changed and second.version_dir == first.version_dir
    assert versions(tmp_path) == [first.version_dir]


def _assert_rejected(base: str, store: Path, match: str, **kwargs: object) -> None:
    before = current_version(store)
    with pytest.raises(FetchError, match=match):
        fetch_lists(cons_config(base, store, **kwargs))
    assert current_version(store) == before
    assert [p for p in store.iterdir() if p.name.startswith(".tmp")] == []


@pytest.fixture
def fetched_once(server: tuple[str, Routes], tmp_path: Path) -> tuple[str, Routes, Path]:
    base, routes = server
    routes.files.update(bundled_files("ofac-cons-2025-12-19"))
    fetch_lists(cons_config(base, tmp_path))
    return base, routes, tmp_path


def test_truncated_file_rejected_current_stays(fetched_once: tuple[str, Routes, Path]) -> None:
    base, routes, store = fetched_once
    good = routes.files["cons_prim.csv"]
    routes.files["cons_prim.csv"] = good[: len(good) // 2]
    _assert_rejected(base, store, "truncated")
    assert len(versions(store)) == 1


def test_connection_cut_rejected(fetched_once: tuple[str, Routes, Path]) -> None:
    base, routes, store = fetched_once
    routes.cut.add("cons_alt.csv")
    _assert_rejected(base, store, "cons_alt.csv")


def test_html_error_page_rejected(fetched_once: tuple[str, Routes, Path]) -> None:
    base, routes, store = fetched_once
    routes.files["cons_prim.csv"] = b"<html><body><h1>503 Service Unavailable</h1></body></html>"
    _assert_rejected(base, store, "HTML page")


def test_404_rejected(fetched_once: tuple[str, Routes, Path]) -> None:
    base, routes, store = fetched_once
    del routes.files["cons_add.csv"]
    _assert_rejected(base, store, "HTTP 404")


def test_timeout_rejected(fetched_once: tuple[str, Routes, Path]) -> None:
    base, routes, store = fetched_once
    routes.slow.add("cons_prim.csv")
    _assert_rejected(base, store, "download failed", timeout=0.5)


def test_first_fetch_failure_leaves_no_current(server: tuple[str, Routes], tmp_path: Path) -> None:
    base, _ = server  # serves nothing
    _assert_rejected(base, tmp_path, "HTTP 404")
    assert not (tmp_path / CURRENT).exists()


def test_keeps_last_n_versions(server: tuple[str, Routes], tmp_path: Path) -> None:
    base, routes = server
    cons = bundled_files("ofac-cons-2025-12-19")
    routes.files.update(cons)
    config = FetchConfig(store=tmp_path, keep=2).only(["ofac-cons"]).with_base_url(base)
    published = []
    for n in range(3):  # three different contents: the comments file differs each time
        routes.files["cons_comments.csv"] = cons["cons_comments.csv"][:-1] + b"\r\n" * n + b"\x1a"
        published.append(fetch_lists(config).version_dir)
        time.sleep(1.01)  # version folders are named by the second
    assert versions(tmp_path) == published[1:]
    assert current_version(tmp_path) == published[-1]


def test_cli_fetch(server: tuple[str, Routes], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from monitor.cli import main

    base, routes = server
    routes.files.update(bundled_files("ofac-cons-2025-12-19"))
    args = ["lists", "fetch", "--store", str(tmp_path), "--source", "ofac-cons"]
    result = CliRunner().invoke(main, [*args, "--base-url", base, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["changed"] and report["entries"] == {"ofac-cons": 442}
    routes.files["cons_prim.csv"] = b"<html>down</html>"
    again = CliRunner().invoke(main, [*args, "--base-url", base])
    assert again.exit_code == 1 and "rejected" in again.output
    assert current_version(tmp_path) == Path(report["version_dir"])
    shown = CliRunner(env={"MONITOR_LISTS_STORE": str(tmp_path)}).invoke(
        main, ["lists", "show", "current", "--json"]
    )
    assert shown.exit_code == 0 and json.loads(shown.output)["entries"] == 442
