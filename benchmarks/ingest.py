"""Ingest throughput and peak memory of `ptmkg ingest hf-snapshot` on synthetic Hub
snapshots (ptmkg.synthetic: the real file's shape, lineage depth, merges and license mix).

For each N, a snapshot is generated once (JSON Lines), then each measurement runs in a
fresh subprocess that reports its own wall time and peak RSS (VmHWM):
- baseline: read + parse + map every record, no store (the loader's ceiling);
- ladybug:  the full load into a new embedded store;
- neo4j:    the full load into the Neo4j given by --neo4j (it is cleared first).
Figures are medians over --repeat runs, with ratios against the baseline of the same run.

    python benchmarks/ingest.py --n 100000 --n 1000000 --neo4j bolt://127.0.0.1:17687

With --keep DIR the snapshots and the last embedded store of each N stay in DIR (named as
benchmarks/queries.py expects them), and Neo4j keeps the last N loaded, so the query
benchmark can run on them without loading again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, path, uri = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
if mode == "baseline":
    from ptmkg.loaders.hf_snapshot import fetch, map_record
    from ptmkg.loaders.pipeline import _validate
    n = 0
    for raw in fetch(path):
        _validate(map_record(raw.value)); n += 1
else:
    from ptmkg.graph.store import open_store
    from ptmkg.loaders import hf_snapshot, licenses
    with open_store(uri) as s:
        s.apply_schema(); s.clear(); licenses.load(s, progress=False)
        t0 = time.perf_counter()
        rep = hf_snapshot.load(s, path, progress=False, resume=False, batch_records=int(sys.argv[4]))
        n = rep.loaded
secs = time.perf_counter() - t0
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"records": n, "seconds": secs, "peak_mb": hwm / 1024}))
"""


def measure(mode: str, path: Path, uri: str, batch: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path), uri, str(batch)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="models per snapshot (repeatable); default 100000")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--neo4j", metavar="URI", help="a throwaway Neo4j to measure too (it is cleared)")
    ap.add_argument("--batch", type=int, default=10_000, help="records per write batch")
    ap.add_argument("--keep", type=Path, help="keep snapshots and stores in this folder")
    args = ap.parse_args()
    from ptmkg.synthetic import write_jsonl

    for n in args.n or [100_000]:
        with tempfile.TemporaryDirectory() as scratch:
            tmp = args.keep or Path(scratch)
            tmp.mkdir(parents=True, exist_ok=True)
            snap = Path(tmp) / f"hub-{n}.jsonl"
            if not snap.exists():
                with open(snap, "w") as fh:
                    write_jsonl(n, fh)
            print(f"\nN = {n:,} synthetic models ({snap.stat().st_size / 1e6:,.0f} MB JSON Lines); median of {args.repeat}")
            targets = [("baseline (parse+map, no store)", "baseline", "")]
            targets.append(("ladybug (embedded)", "load", f"embedded:{Path(tmp) / f'hub-{n}.lbdb'}"))
            if args.neo4j:
                targets.append(("neo4j", "load", args.neo4j))
            base_rate = None
            for label, mode, uri in targets:
                runs = []
                for _ in range(args.repeat):
                    if uri.startswith("embedded:"):
                        for suffix in ("", ".wal"):
                            Path(uri[9:] + suffix).unlink(missing_ok=True)
                    runs.append(measure(mode, snap, uri, args.batch))
                rate = statistics.median(r["records"] / r["seconds"] for r in runs)
                peak = statistics.median(r["peak_mb"] for r in runs)
                base_rate = base_rate or rate
                print(f"  {label:32s} {rate:10,.0f} records/s  {rate / base_rate:5.2f}x baseline  peak RSS {peak:7,.0f} MB")
        sys.stdout.flush()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
