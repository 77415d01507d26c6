"""The report and the database as a person sees them: in a real browser, and in Datasette.

The browser is Debian's Chromium (`apt-get install chromium`), driven by Playwright for
Python with the network blocked; the screenshots and the printed PDF are kept in
`test-artifacts/` (or `$PKCLEAN_ARTIFACTS`). Datasette is started on 127.0.0.1 and stopped
by the test. `.ci/run` installs Chromium; off CI, a machine without it skips the browser test
and says how to install it.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

from pkclean.cli import main

from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
#: Every host name fails to resolve, except the loopback address.
NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
ARTIFACTS = Path(os.environ.get("PKCLEAN_ARTIFACTS", ROOT / "test-artifacts"))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _missing(message: str) -> NoReturn:
    """Fail on CI, which must have everything (`.ci/run` installs it); skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _need_chromium() -> None:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: apt-get install chromium (Debian's package)")


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        _missing(f"{module} is missing: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds (one copied twice, one empty file rejected) as a database and a report."""
    root = tmp_path_factory.mktemp("seen")
    inputs = root / "in"
    inputs.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, inputs / seed.name)
    shutil.copy(SEEDS[0], inputs / "copy_of_000.txt")
    (inputs / "empty.txt").write_bytes(b"")
    database = root / "corpus.db"
    export = ["export", str(inputs), "--format", "sqlite", "-o", str(database), "-q", "-j1"]
    assert main([*export, "--dedup", "--errors", str(root / "errors.jsonl")]) == 1
    report = ["report", str(database), "--errors", str(root / "errors.jsonl")]
    assert main([*report, "-o", str(root / "report.html")]) == 0
    return root


class _Watch:
    """What a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def attach(self, page: Any, allowed: str) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

        def route(route: Any) -> None:
            if route.request.url == allowed:
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", route)


@contextlib.contextmanager
def _browser() -> Iterator[Any]:
    sync_api = _need("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[NO_NETWORK])
        try:
            yield browser
        finally:
            browser.close()


def _ink(png: bytes) -> float:
    """The share of a screenshot's pixels that are not white."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[246:]) / sum(histogram)


def test_the_report_renders_in_a_browser_with_no_request_leaving(corpus: Path) -> None:
    _need_chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = (corpus / "report.html").as_uri()
    with _browser() as browser:
        watch = _Watch()
        page = browser.new_page(viewport=DESKTOP)
        watch.attach(page, url)
        page.goto(url, wait_until="load")
        plots = page.locator("figure svg.plot")
        assert plots.count() == 5
        for number in range(plots.count()):
            plot = plots.nth(number)
            box = plot.bounding_box()
            assert box is not None
            assert box["width"] > 400
            assert box["height"] > 100
            assert plot.locator("path").count() > 10
            assert _ink(plot.screenshot()) > 0.02, f"plot {number} looks blank"
        assert page.locator("section").count() == 9
        page.screenshot(path=str(ARTIFACTS / "report-desktop.png"), full_page=True)

        phone = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True)
        watch.attach(phone, url)
        phone.goto(url, wait_until="load")
        widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"
        font = phone.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 16
        phone.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)

        phone.emulate_media(media="print")
        assert phone.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
        pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4")
        assert pdf.startswith(b"%PDF")

    assert watch.errors == []
    assert watch.blocked == []
    assert set(watch.requests) == {url}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def _datasette(database: Path, metadata: Path) -> Iterator[str]:
    """Datasette serving `database` on 127.0.0.1, stopped however the test ends."""
    _need("datasette")
    port = _free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(database)]
    command += ["--metadata", str(metadata), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"Datasette did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_datasette_serves_full_text_search_and_facets(corpus: Path) -> None:
    database = corpus / "corpus.db"
    with _datasette(database, corpus / "corpus.metadata.json") as base:
        query = urllib.parse.urlencode({"_search": "Musharraf", "_size": "max"})
        found = _get(f"{base}/corpus/articles.json?{query}&_shape=objects")
        publications = sorted(row["publication"] for row in found["rows"])
        assert publications == ["socialist_worker", "socialist_worker", "workers_world", "wsws"]
        assert {"publication", "year", "warnings"} <= set(found["facet_results"])
        unknown = _get(f"{base}/corpus/articles.json?_search=nosuchwordanywhere&_shape=objects")
        assert unknown["rows"] == []
        duplicates = _get(f"{base}/corpus/duplicates.json?_shape=objects")
        assert [row["kind"] for row in duplicates["rows"]] == ["exact"]
