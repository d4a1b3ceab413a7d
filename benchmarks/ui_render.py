"""Time from request to rendered model page in the explorer, in a real headless browser.

Two stores, each in a temp embedded database:
- the bundled real sample, with its largest family (meta-llama/Llama-3.1-8B, 356
  descendants);
- a synthetic family of 10,000 descendants of one base model (fan-out heavy-tailed like
  the Hub's: most derivatives of the base or of a popular derivative, merges of two family
  members, quantizations and adapters, downloads Pareto-distributed), written with
  graph.schema.Batch through the store's bulk path.

For each, `ptmkg ui` is started (a subprocess on a free port) and Chromium (Debian's
/usr/bin/chromium, driven by Playwright, a fresh profile) opens /model?id=... pages and
waits until the phylogeny is drawn (its node symbols present) and the script has
finished running. Three timings per server start:
- "first visit": a fresh browser (no cached JavaScript) and a fresh server (store opened,
  queries run), on another model of the store;
- "new model": then the model of the case: the browser has the app's code, the server
  runs this model's queries for the first time (what a click to another model costs);
- "again": the same page once more (query results and lineage cached, page re-run and
  re-drawn).
Medians over --runs server starts. Also printed: the queries and the Python layout alone,
in-process (no browser), as the server would run them uncached.

    .venv/bin/python benchmarks/ui_render.py            # --runs 3 --n 10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SYNTH_ROOT = "synthetic-base/Base-Model-8B"
# the node symbols of the phylogeny (ECharts, SVG renderer: circles are arc paths)
NODES_JS = "Array.from(document.querySelectorAll(\"[data-testid='stEChartsChart'] svg path\")).filter(p => (p.getAttribute('d') || '').startsWith('M1 0A1 1'))"
LICENSES = [("apache-2.0", "permissive", 0.4), ("llama3.1", "llama", 0.35), ("cc-by-nc-4.0", "cc-nc", 0.1), (None, None, 0.15)]
RELATIONS = [("finetune", 0.55), ("merge", 0.25), ("quantized", 0.12), ("adapter", 0.06), ("unknown", 0.02)]


def _pick(rng: random.Random, table: list) -> object:
    r, acc = rng.random(), 0.0
    for *value, share in table:
        acc += share
        if r < acc:
            return value[0] if len(value) == 1 else tuple(value)
    return table[-1][0] if len(table[-1]) == 2 else tuple(table[-1][:-1])


def build_synthetic_family(uri: str, n: int, seed: int = 11) -> None:
    """One base model and n descendants in an empty embedded store."""
    from ptmkg.graph import schema as S
    from ptmkg.graph.store import open_store

    rng = random.Random(seed)
    store = open_store(uri)
    store.apply_schema()
    batch = S.Batch()
    for lic, fam, _ in LICENSES:
        if lic:
            batch.node("License", key=lic, id=lic, family=fam, known=True)
    batch.node("Model", key=SYNTH_ROOT.lower(), id=SYNTH_ROOT, loaded=True, downloads=2_000_000, hub="huggingface",
               task="text-generation", domain="nlp", created_at="2024-07-01T00:00:00Z")
    batch.rel("LICENSED_UNDER", "Model", SYNTH_ROOT.lower(), "License", "llama3.1", source=["synthetic"])
    ids = [SYNTH_ROOT.lower()]
    weight = [50.0]  # preferential attachment: popular models get more derivatives
    for i in range(n):
        mid = f"synthetic-org{i % 97}/derivative-{i}"
        key = mid.lower()
        rel = _pick(rng, RELATIONS)
        if rng.random() < 0.7:
            base = rng.choices(ids, weights=weight)[0]
        else:
            base = ids[max(0, len(ids) - 1 - int(rng.expovariate(1 / 50)))]  # a recent one
        month = 7 + i * 20 // n
        batch.node("Model", key=key, id=mid, loaded=True, downloads=int(rng.paretovariate(1.1) * 5), hub="huggingface",
                   task="text-generation", domain="nlp", created_at=f"{2024 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-15T00:00:00Z")
        batch.rel("BASED_ON", "Model", key, "Model", base, relation=rel, source=["synthetic"])
        if rel == "merge":
            other = rng.choice(ids)
            if other != base:
                batch.rel("BASED_ON", "Model", key, "Model", other, relation="merge", source=["synthetic"])
        lic = _pick(rng, [(lic, share) for lic, _, share in LICENSES])
        if lic:
            batch.rel("LICENSED_UNDER", "Model", key, "License", lic, source=["synthetic"])
        ids.append(key)
        weight.append(1.0 + (30.0 if rng.random() < 0.01 else 0.0))
    for label, rows in batch.nodes.items():
        store.bulk_load_nodes(label, rows)
    for (type_, a, b), rows in batch.rels.items():
        store.bulk_load_relationships(type_, a, b, rows)
    got = store.run("MATCH (m:Model) RETURN count(m) AS n")[0]["n"]
    store.close()
    assert got == n + 1, got


def load_sample(uri: str) -> None:
    from ptmkg.cli.demo import load_sample as load
    from ptmkg.graph.store import open_store

    store = open_store(uri)
    store.apply_schema()
    load(store, quiet=True)
    store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, uri: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ptmkg", "--store", uri, "ui", "--port", str(self.port), "--no-browser"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError("ptmkg ui did not start")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def render_time(ctx, url: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds from navigation start to the phylogeny drawn and the script finished; nodes drawn."""
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(f"() => ({NODES_JS}).length >= 3", timeout=120_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset?.teststate !== 'running'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=120_000,
    )
    elapsed = time.perf_counter() - t0
    points = page.evaluate(f"() => ({NODES_JS}).length")
    page.close()
    return elapsed, points


def in_process(uri: str, model_id: str) -> tuple[float, float, int]:
    """(queries s, layout s, descendants) without the browser, uncached."""
    from ptmkg.graph.store import open_store
    from ptmkg.ui import phylogeny as P
    from ptmkg.ui import phylogeny_chart as C

    store = open_store(uri, read_only=True)
    t0 = time.perf_counter()
    model = store.run_query("ui/model", {"model_id": model_id})[0]
    store.run_query("ui/model-licenses", {"model_id": model_id})
    up = store.run_query("ui/ancestor-links", {"model_id": model_id})
    down = store.run_query("ui/descendant-links", {"model_id": model_id})
    bases = store.run_query("lineage/base-models", {"model_id": model_id})
    t1 = time.perf_counter()
    lineage = P.build_lineage(model, up, down, bases)
    view = P.select(lineage, P.ViewOptions())
    P.layout(view)
    json.dumps(C.figure(view, lineage)[0])
    t2 = time.perf_counter()
    store.close()
    return t1 - t0, t2 - t1, lineage.descendants


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="server starts per store (medians over these)")
    ap.add_argument("--n", type=int, default=10_000, help="descendants in the synthetic family")
    ap.add_argument("--keep", type=Path, help="build the stores here and reuse them next time")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="ptmkg-ui-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_DATA_HOME", str(work / "data-home"))
    cases = [
        ("sample, largest family", f"embedded:{work / 'sample.lbdb'}", "meta-llama/Llama-3.1-8B", "jaspionjader/bh-64", load_sample),
        (f"synthetic, {args.n:,} descendants", f"embedded:{work / f'synthetic-{args.n}.lbdb'}", SYNTH_ROOT,
         "synthetic-org1/derivative-1", lambda uri: build_synthetic_family(uri, args.n)),
    ]
    for _, uri, _, _, build in cases:
        if not Path(uri.split(":", 1)[1]).exists():
            t = time.perf_counter()
            build(uri)
            print(f"built {uri} in {time.perf_counter() - t:.1f} s", flush=True)

    print(f"{'case':34} {'descendants':>11} {'nodes drawn':>11} {'first visit s':>13} {'new model s':>11} {'again s':>7} {'queries s':>9} {'layout s':>8}")
    with sync_playwright() as p:
        for name, uri, model_id, other, _ in cases:
            q_s, lay_s, desc = in_process(uri, model_id)
            first, new, again, drawn = [], [], [], 0
            for _ in range(args.runs):
                server = Server(uri)
                ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                           headless=True, viewport={"width": 1400, "height": 1200})
                try:
                    f, _ = render_time(ctx, f"{server.url}/model?id={other}")
                    n, drawn = render_time(ctx, f"{server.url}/model?id={model_id}")
                    a, _ = render_time(ctx, f"{server.url}/model?id={model_id}")
                    first.append(f)
                    new.append(n)
                    again.append(a)
                finally:
                    ctx.close()
                    server.stop()
            med = statistics.median
            print(f"{name:34} {desc:>11,} {drawn:>11} {med(first):>13.2f} {med(new):>11.2f} {med(again):>7.2f} {q_s:>9.2f} {lay_s:>8.2f}", flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"seconds, medians of {args.runs}; queries/layout: in-process, uncached. Load average at the end: {load:.1f} "
          f"on {os.cpu_count()} cores. Target: under 2 s.")


if __name__ == "__main__":
    main()
