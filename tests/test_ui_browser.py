"""The explorer in a real headless browser: `ptmkg ui` serves the real sample (a
subprocess on a free port), Debian's Chromium (driven by Playwright) loads the model page
of the largest family and the dashboards; the graph and the charts must render, no error
box may show, and the pages may load nothing from outside this machine.

Screenshots go to test-artifacts/; with PTMKG_UPDATE_SCREENSHOTS=1 they are also copied to
docs/img/ for the README."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import REPO, sample_in_embedded_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
DOCS_IMG = REPO / "docs" / "img"
LARGE = "meta-llama/Llama-3.1-8B"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ptmkg ui exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"ptmkg ui did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def sample_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled sample in an embedded store of its own, closed again: the explorer
    opens it read-only in its own process."""
    home = tmp_path_factory.mktemp("ui-browser")
    sample_in_embedded_store(home).close()
    return f"embedded:{home / 'sample.lbdb'}"


@pytest.fixture(scope="module")
def server(sample_uri: str) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ptmkg", "--store", sample_uri, "ui", "--port", str(port), "--no-browser"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group: ptmkg and its streamlit
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
        assert "Traceback" not in (out or ""), out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; scripts/test.sh does it)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1400, "height": 1500},
        )
        requests: list[str] = []
        ctx.on("request", lambda r: requests.append(r.url))
        ctx.requests = requests  # type: ignore[attr-defined]
        try:
            yield ctx
        finally:
            ctx.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in {h.strip("[]") for h in LOCAL_HOSTS}


def settle(page, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has finished running the page script."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout * 1000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset?.teststate !== 'running'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout * 1000,
    )


def no_error_boxes(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stException']").first.inner_text()
    errors = page.locator("[data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.first.inner_text()


def save(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """A screenshot of the page (or of one element) to test-artifacts/, and to docs/img/
    when PTMKG_UPDATE_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    if os.environ.get("PTMKG_UPDATE_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMG / name)
    return path


GRAPH = "[data-testid='stEChartsChart'] svg"
NODE_JS = """() => Array.from(document.querySelectorAll("[data-testid='stEChartsChart'] svg path"))
  .filter(p => (p.getAttribute('d') || '').startsWith('M1 0A1 1'))
  .map(p => { const r = p.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width}; })"""


def wait_for_graph(page, nodes: int = 10) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"() => ({NODE_JS})().length >= {nodes}", timeout=60_000)


def test_model_page_of_a_large_family_renders(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/model?id={LARGE}")
    wait_for_graph(page)
    settle(page)
    no_error_boxes(page)
    assert page.locator("h1").first.inner_text() == LARGE
    nodes = page.evaluate(NODE_JS)
    assert 20 < len(nodes) <= 400  # the family is drawn, collapsed: never thousands of nodes
    assert page.locator(f"{GRAPH} text", has_text="finetune").count() >= 1  # a "+N finetune" group
    assert page.locator(f"{GRAPH} text").filter(has_text=re.compile(r"^llama$")).count() == 1  # the license-family legend
    caption = page.locator("[data-testid='stCaptionContainer']", has_text="Showing").first.inner_text()
    assert "Showing 0 of 0 ancestors (above) and" in caption and "of 356 derivatives" in caption
    save(page, "ui-model-page.png")
    page.close()


def test_clicking_a_node_moves_to_it(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/model?id={LARGE}")
    wait_for_graph(page)
    settle(page)
    # the biggest node below the model (the most downloaded derivative)
    nodes = page.evaluate(NODE_JS)
    centre = min(nodes, key=lambda n: n["y"])
    target = max((n for n in nodes if n["y"] > centre["y"] + 20), key=lambda n: n["w"])
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(f"() => document.querySelector('h1') && document.querySelector('h1').innerText !== {LARGE!r}", timeout=60_000)
    settle(page)
    title = page.locator("h1").first.inner_text()
    assert title != LARGE and "/" in title
    assert parse_qs(urlsplit(page.url).query)["id"] == [title]  # the URL names the model moved to
    no_error_boxes(page)
    wait_for_graph(page, 3)
    page.close()


def test_dashboards_render(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/dashboards")
    page.wait_for_selector(".js-plotly-plot .sankey-node", timeout=60_000)
    settle(page)
    no_error_boxes(page)
    assert page.locator(".js-plotly-plot").count() == 5
    assert page.locator(".js-plotly-plot .sankey-node").count() > 5
    assert page.locator(".js-plotly-plot path.sankey-link").count() > 5
    assert page.locator(".js-plotly-plot .barlayer .point").count() > 10
    save(page, "ui-dashboards.png")
    sankey = page.locator(".js-plotly-plot:has(.sankey)")
    sankey.scroll_into_view_if_needed()
    save(sankey, "ui-sankey.png")
    page.close()


def test_other_pages_render(server, browser):
    page = browser.new_page()
    for path, needle in (("/", "Find a model"), ("/?repository=microsoft/LMOps", "Repository"), ("/families", "Families"), ("/console", "Query console"),
                         (f"/model?id={LARGE}&section=licenses", "Inherited obligations"),
                         ("/model?id=jaspionjader/bh-64", "jaspionjader/bh-64")):
        page.goto(server + path)
        settle(page)
        page.wait_for_selector(f"text={needle}", timeout=60_000)
        no_error_boxes(page)
    page.goto(f"{server}/families")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    settle(page)
    save(page, "ui-families.png")
    page.close()


def test_nothing_was_loaded_from_outside(server, browser):
    # runs last in this module: every page above has been loaded by now
    requests = browser.requests
    assert len(requests) > 20
    outside = sorted({u for u in requests if not is_local(u)})
    assert not outside, outside
