"""Throughput and peak memory of the whole-graph N-Triples dump (`ptmkg export rdf`).

For each N, a synthetic Hub snapshot of N models (ptmkg.synthetic) is generated and
loaded with `ptmkg ingest hf-snapshot` once (kept in --workdir, reused by later runs; a 1M
load takes a long while), then each measurement runs in a fresh subprocess that reports
its wall time, triples and peak RSS (VmHWM):
- export:    the dump, written to a file in --workdir (the command's own code path);
- read:      the same keyset-paginated reads of the store, no mapping, no writing;
- pyoxigraph: pyoxigraph.serialize (N-Triples) of as many triples as the export wrote,
             cycling through 200,000 pre-built ones, to a file: the serializer alone.
Figures are medians over --repeat runs; the export's rate is also given as a ratio
against both baselines of the same run. The embedded store is opened with a
PTMKG_LADYBUG_BUFFER_MB pool (--buffer-mb, default 256): reading needs little, and
LadybugDB's buffer pool is part of the process's memory.

With --neo4j URI the same is measured on that Neo4j, which is CLEARED and loaded with the
snapshot (point it only at a throwaway server).

    python benchmarks/rdf_export.py --n 100000 --n 1000000 --repeat 3
    python benchmarks/rdf_export.py --n 100000 --neo4j bolt://127.0.0.1:18087
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
mode, uri, out, page, target = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
t0 = time.perf_counter()
triples = 0
if mode == "export":
    from ptmkg.graph.store import open_store
    from ptmkg.export.rdf import export_graph
    with open_store(uri) as s, open(out, "wb") as fh:
        triples = export_graph(s, fh, "nt", page=page).triples
elif mode == "read":
    from ptmkg.graph.store import open_store
    from ptmkg.export.reader import iter_graph
    with open_store(uri) as s:
        for chunk in iter_graph(s, page):
            triples += len(chunk.nodes) + sum(len(rows) for _, rows in chunk.edges)
elif mode == "pyoxigraph":
    import itertools
    import pyoxigraph as ox
    pool = [ox.Triple(ox.NamedNode(f"https://huggingface.co/org{i % 997}/model-{i}"),
                      ox.NamedNode("http://schema.org/name" if i % 2 else "http://www.w3.org/ns/prov#wasDerivedFrom"),
                      ox.Literal(f"org{i % 997}/model-{i}") if i % 2 else ox.NamedNode(f"https://huggingface.co/org{i % 991}/model-{i // 2}"))
            for i in range(200_000)]
    t0 = time.perf_counter()
    ox.serialize(itertools.islice(itertools.cycle(pool), target), out, ox.RdfFormat.N_TRIPLES)
    triples = target
secs = time.perf_counter() - t0
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"triples": triples, "seconds": secs, "peak_mb": hwm / 1024}))
"""


def run_child(mode: str, uri: str, out: Path, page: int, target: int, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, uri, str(out), str(page), str(target)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ptmkg(*args: str, env: dict) -> None:
    proc = subprocess.run([sys.executable, "-m", "ptmkg", *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"ptmkg {' '.join(args)} failed:\n{proc.stderr[-2000:]}")


def prepare(n: int, workdir: Path, env: dict, neo4j: str | None) -> list[tuple[str, str]]:
    """The stores holding the N-model snapshot: (name, URI)."""
    snap = workdir / f"synthetic-{n}.jsonl"
    if not snap.exists():
        print(f"generating {snap} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "ptmkg.synthetic", "--n", str(n), "-o", str(snap)], check=True)
    stores = []
    lbdb = workdir / f"synthetic-{n}.lbdb"
    done = workdir / f"synthetic-{n}.lbdb.loaded"
    if not done.exists():
        print(f"loading {snap} into {lbdb} (a 1M-model load takes a long while) ...", file=sys.stderr)
        t = time.perf_counter()
        # the ingest gets a bigger buffer pool than the measured export processes
        ptmkg("--store", f"embedded:{lbdb}", "ingest", "hf-snapshot", str(snap), env={**env, "PTMKG_LADYBUG_BUFFER_MB": os.environ.get("PTMKG_LADYBUG_BUFFER_MB", "6144")})
        done.write_text(f"{time.perf_counter() - t:.0f} s\n")
    stores.append(("ladybug", f"embedded:{lbdb}"))
    if neo4j:
        print(f"clearing {neo4j} and loading {snap} into it ...", file=sys.stderr)
        ptmkg("--store", neo4j, "clear", "--yes", env=env)
        ptmkg("--store", neo4j, "ingest", "hf-snapshot", str(snap), "--no-resume", env=env)
        stores.append(("neo4j", neo4j))
    return stores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="models per snapshot (repeatable); default 100000 and 1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--page-size", type=int, default=5000)
    ap.add_argument("--buffer-mb", type=int, default=256, help="LadybugDB buffer pool of the measured processes")
    ap.add_argument("--workdir", default=str(Path.home() / ".cache" / "ptmkg" / "bench-rdf"), help="snapshots, stores and dumps")
    ap.add_argument("--neo4j", help="also measure on this Neo4j (it is CLEARED)")
    args = ap.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PTMKG_LADYBUG_BUFFER_MB": str(args.buffer_mb)}
    env.pop("PTMKG_STORE", None)
    print(f"{'models':>9} {'store':8} {'path':12} {'triples/s':>11} {'peak MB':>8} {'triples':>12} {'seconds':>8}  ratio")
    for n in args.n or [100_000, 1_000_000]:
        for name, uri in prepare(n, workdir, env, args.neo4j):
            out = workdir / f"dump-{n}-{name}.nt"
            results: dict[str, list[dict]] = {}
            for _ in range(args.repeat):
                exp = run_child("export", uri, out, args.page_size, 0, env)
                results.setdefault("export", []).append(exp)
                results.setdefault("read", []).append(run_child("read", uri, out, args.page_size, 0, env))
                results.setdefault("pyoxigraph", []).append(run_child("pyoxigraph", uri, workdir / "baseline.nt", 0, exp["triples"], env))
            size = out.stat().st_size
            out.unlink()
            (workdir / "baseline.nt").unlink(missing_ok=True)
            med = {k: {f: statistics.median(r[f] for r in v) for f in ("triples", "seconds", "peak_mb")} for k, v in results.items()}
            rate = {k: m["triples"] / m["seconds"] for k, m in med.items()}
            for k in ("export", "read", "pyoxigraph"):
                unit = "rows" if k == "read" else "triples"
                ratio = "" if k != "export" else (
                    f"x{rate['export'] / rate['pyoxigraph']:.2f} of pyoxigraph serialize; "
                    f"export time = {med['read']['seconds'] / med['export']['seconds'] * 100:.0f} % reading")
                print(f"{n:>9,} {name:8} {k:12} {rate[k]:>11,.0f} {med[k]['peak_mb']:>8.0f} {med[k]['triples']:>12,.0f} {med[k]['seconds']:>8.1f}  {ratio}"
                      + (f" ({unit}/s)" if k == "read" else ""))
            print(f"{'':>9} {name:8} dump size {size / 1e6:,.0f} MB, {size / med['export']['triples']:.0f} bytes/triple", flush=True)


if __name__ == "__main__":
    main()
