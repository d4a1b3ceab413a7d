"""Query latency of the packs on synthetic Hub graphs, beside a SQLite baseline.

For each N, a synthetic snapshot (ptmkg.synthetic: the real file's shape) is loaded into
the embedded store, into Neo4j if --neo4j is given (it is cleared), and its lineage edges
into SQLite (the format PeaTMOSS ships; indexes on child and parent). Then p50/p95 over
--samples models of:
- `lineage/ancestors` of random loaded models (SQLite: recursive CTE, min depth per node);
- `lineage/descendants` of the root of the largest family (SQLite: recursive CTE);
- `licenses/obligations` of random loaded models (SQLite: the ancestors CTE joined to the
  model licenses);
- a whole-graph conflict scan, `licenses/conflict-non-commercial` (SQLite: from every
  model under a non-commercial license down to its descendants whose license allows
  commercial use, by a recursive CTE, as the Cypher query walks).
Ratios are against the SQLite figure of the same run.

    python benchmarks/queries.py --n 100000 --n 1000000 --neo4j bolt://127.0.0.1:18687
    python benchmarks/queries.py --n 100000 --keep /tmp/qbench    # reuse loaded stores next time
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
from collections import deque
import sys
import time
from pathlib import Path

from ptmkg.errors import PtmkgError
from ptmkg.graph.store import open_store
from ptmkg.loaders import hf_snapshot, licenses
from ptmkg.synthetic import records, write_jsonl

NON_COMMERCIAL = ("cc-by-nc-4.0", "cc-by-nc-sa-4.0")
COMMERCIAL_OK = ("apache-2.0", "mit", "cc-by-4.0")


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


# -- SQLite baseline ----------------------------------------------------------------------
def build_sqlite(n: int, path: Path) -> sqlite3.Connection:
    fresh = not path.exists()
    db = sqlite3.connect(path)
    if fresh:
        db.executescript(
            "CREATE TABLE edge(child TEXT, parent TEXT, relation TEXT);"
            "CREATE TABLE license(model TEXT PRIMARY KEY, license TEXT);"
        )
        for rec in records(n):
            child = rec["id"].lower()
            card = json.loads(rec["cardData"])
            if card.get("license"):
                db.execute("INSERT OR REPLACE INTO license VALUES (?, ?)", (child, card["license"]))
            for m in (rec["baseModels"] or {}).get("models", []):
                db.execute("INSERT INTO edge VALUES (?, ?, ?)", (child, m["id"].lower(), rec["baseModels"]["relation"]))
        db.executescript("CREATE INDEX edge_child ON edge(child); CREATE INDEX edge_parent ON edge(parent);")
        db.commit()
    return db


ANCESTORS_CTE = """
WITH RECURSIVE up(node, depth) AS (
  SELECT parent, 1 FROM edge WHERE child = :m
  UNION
  SELECT e.parent, up.depth + 1 FROM edge e JOIN up ON e.child = up.node WHERE up.depth < 512
)
SELECT node, min(depth) FROM up WHERE node <> :m GROUP BY node
"""
DESCENDANTS_CTE = ANCESTORS_CTE.replace("SELECT parent, 1 FROM edge WHERE child", "SELECT child, 1 FROM edge WHERE parent").replace(
    "SELECT e.parent, up.depth + 1 FROM edge e JOIN up ON e.child", "SELECT e.child, up.depth + 1 FROM edge e JOIN up ON e.parent"
)
OBLIGATIONS_SQL = f"SELECT a.node, a.d, l.license FROM ({ANCESTORS_CTE.replace('SELECT node, min(depth)', 'SELECT node, min(depth) AS d')}) a LEFT JOIN license l ON l.model = a.node"
# From the non-commercial models down to their descendants, as the Cypher query walks.
CONFLICT_SQL = f"""
WITH RECURSIVE down(ancestor, node) AS (
  SELECT l.model, e.child FROM license l JOIN edge e ON e.parent = l.model WHERE l.license IN {NON_COMMERCIAL}
  UNION
  SELECT down.ancestor, e.child FROM edge e JOIN down ON e.parent = down.node
)
SELECT DISTINCT down.node, down.ancestor FROM down
JOIN license lm ON lm.model = down.node
WHERE lm.license IN {COMMERCIAL_OK} AND down.node <> down.ancestor
"""


# -- the run -------------------------------------------------------------------------------
def last_id(snapshot: Path) -> str:
    """The id of the snapshot's last model (a store holding it holds this N)."""
    with open(snapshot) as fh:
        return json.loads(deque(fh, maxlen=1)[0])["id"]


def load_store(uri: str, snapshot: Path) -> None:
    with open_store(uri) as s:
        s.apply_schema()
        if s.counts()["nodes"]["Model"]:
            return
        licenses.load(s, progress=False)
        hf_snapshot.load(s, snapshot, progress=True, resume=True, batch_records=10_000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, action="append", help="synthetic models (repeatable); default 100000")
    ap.add_argument("--neo4j", metavar="URI", help="a throwaway Neo4j to measure too (cleared and loaded)")
    ap.add_argument("--samples", type=int, default=30, help="models per query (p50/p95 over them)")
    ap.add_argument("--scan-repeat", type=int, default=3, help="runs of the whole-graph conflict scan")
    ap.add_argument("--budget", type=float, default=300, help="seconds one query may run before the store stops it (reported as failed)")
    ap.add_argument("--keep", type=Path, default=Path("/tmp/ptmkg-query-bench"), help="folder for snapshots and stores, reused when present")
    args = ap.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    for n in args.n or [100_000]:
        snap = args.keep / f"hub-{n}.jsonl"
        if not snap.exists():
            with open(snap, "w") as fh:
                write_jsonl(n, fh)
        sql = build_sqlite(n, args.keep / f"hub-{n}.sqlite")
        targets = {"ladybug": f"embedded:{args.keep / f'hub-{n}.lbdb'}"}
        if args.neo4j:
            with open_store(args.neo4j) as s:
                s.apply_schema()
                if s.counts()["nodes"]["Model"] and not s.has_node("Model", last_id(snap).lower()):
                    s.clear()  # holds another N
            targets["neo4j"] = args.neo4j
        for uri in targets.values():
            load_store(uri, snap)

        rng = random.Random(5)
        children = [r[0] for r in sql.execute("SELECT DISTINCT child FROM edge")]
        models = rng.sample(children, min(args.samples, len(children)))
        roots = sql.execute("SELECT parent, count(*) FROM edge WHERE parent NOT IN (SELECT child FROM edge) GROUP BY parent ORDER BY 2 DESC LIMIT 1").fetchone()
        biggest = roots[0]
        fam = len(sql.execute(DESCENDANTS_CTE, {"m": biggest}).fetchall())
        print(f"\nN = {n:,}: {sql.execute('SELECT count(*) FROM edge').fetchone()[0]:,} lineage edges; largest family {biggest} ({fam:,} descendants); {len(models)} sample models")

        results: dict[str, dict[str, list[float]]] = {}
        base = results.setdefault("sqlite", {})
        base["ancestors"] = [timed(lambda m=m: sql.execute(ANCESTORS_CTE, {"m": m}).fetchall()) for m in models]
        base["descendants (largest family)"] = [timed(lambda: sql.execute(DESCENDANTS_CTE, {"m": biggest}).fetchall()) for _ in range(3)]
        base["obligations"] = [timed(lambda m=m: sql.execute(OBLIGATIONS_SQL, {"m": m}).fetchall()) for m in models]
        base["conflict scan (whole graph)"] = [timed(lambda: sql.execute(CONFLICT_SQL).fetchall()) for _ in range(args.scan_repeat)]
        for name, uri in targets.items():
            r = results.setdefault(name, {})
            with open_store(uri) as s:
                s.timeout = args.budget
                plan = {
                    "ancestors": [("lineage/ancestors", {"model_id": m}) for m in models],
                    "descendants (largest family)": [("lineage/descendants", {"model_id": biggest})] * 3,
                    "obligations": [("licenses/obligations", {"model_id": m}) for m in models],
                    "conflict scan (whole graph)": [("licenses/conflict-non-commercial", {})] * args.scan_repeat,
                }
                for query, runs in plan.items():
                    try:
                        r[query] = [timed(lambda q=q, p=p: s.run_query(q, p)) for q, p in runs]
                    except PtmkgError as e:  # a failure is a figure too: print it, go on
                        r[query] = str(e)
        for query in base:
            b50 = statistics.median(base[query])
            print(f"  {query}")
            for store, r in results.items():
                if isinstance(r[query], str):
                    print(f"    {store:8s} FAILED: {r[query]}")
                    continue
                p50, p95 = statistics.median(r[query]), pct(r[query], 0.95)
                print(f"    {store:8s} p50 {p50:10,.1f} ms   p95 {p95:10,.1f} ms   {p50 / b50:8.1f}x sqlite")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
