"""Write throughput of the store interface, beside each engine's own reference path.

Loads N synthetic Model nodes and about 1.15 N BASED_ON edges (heavy-tailed families:
most models derive from a few popular bases) and prints rows per second, as medians
over --repeat runs, with ratios against a baseline measured in the same run:
- LadybugDB: the batch path (`upsert_*`) and the bulk path (`bulk_load_*`) against the
  engine's raw `COPY FROM` of the same rows;
- Neo4j: the batch path and the bulk path against the naive baseline, one MERGE
  statement per row (timed on a smaller slice of the rows, it is slow).

The Neo4j store is cleared: point --neo4j only at a throwaway server (the `test` profile:
`ptmkg neo4j start --profile test --bolt-port 17687 --http-port 17474 --no-auth`).

    python benchmarks/store_write.py --n 100000 --neo4j bolt://127.0.0.1:17687
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from ptmkg.graph.store import open_store


def synthetic(n: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    nodes = [
        {"key": f"org{i % 997}/model-{i}", "id": f"Org{i % 997}/Model-{i}", "downloads": rng.randint(0, 10**6), "loaded": True, "source": ["bench"]}
        for i in range(n)
    ]
    rels = []
    roots = max(1, n // 200)
    for i in range(roots, n):
        # preferential: a quarter of models derive from one of the roots, others from a recent model
        parent = rng.randrange(roots) if rng.random() < 0.25 or i == roots else rng.randrange(max(roots, i - 500), i)
        rels.append({"from": nodes[i]["key"], "to": nodes[parent]["key"], "relation": rng.choice(["finetune", "merge", "quantized", "adapter"]), "source": ["bench"]})
        if rng.random() < 0.15 and i > roots + 1:  # merges have two parents
            other = rng.randrange(roots, i)
            if nodes[other]["key"] != nodes[parent]["key"]:
                rels.append({"from": nodes[i]["key"], "to": nodes[other]["key"], "relation": "merge", "source": ["bench"]})
    return nodes, rels


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def bench_store(name: str, uri: str, nodes: list[dict], rels: list[dict], repeat: int, naive_rows: int) -> list[tuple[str, float]]:
    rows = len(nodes) + len(rels)
    results: dict[str, list[float]] = {}
    with open_store(uri) as store:
        store.apply_schema()
        for _ in range(repeat):
            store.clear()
            t = timed(lambda: (store.upsert_nodes("Model", nodes), store.upsert_relationships("BASED_ON", "Model", "Model", rels)))
            results.setdefault("batch path (upsert)", []).append(rows / t)
            store.clear()
            t = timed(lambda: (store.bulk_load_nodes("Model", nodes), store.bulk_load_relationships("BASED_ON", "Model", "Model", rels)))
            results.setdefault("bulk path (bulk_load)", []).append(rows / t)
            store.clear()
            if name == "ladybug":
                results.setdefault("baseline: engine COPY FROM", []).append(rows / ladybug_copy(store, nodes, rels))
            else:
                sub_n = nodes[:naive_rows]
                keys = {n["key"] for n in sub_n}
                sub_r = [r for r in rels if r["from"] in keys and r["to"] in keys][:naive_rows]
                results.setdefault("baseline: one MERGE per row", []).append((len(sub_n) + len(sub_r)) / neo4j_per_row(store, sub_n, sub_r))
            store.clear()
    return [(k, statistics.median(v)) for k, v in results.items()]


def ladybug_copy(store, nodes: list[dict], rels: list[dict]) -> float:  # type: ignore[no-untyped-def]
    from ptmkg.graph import schema as S

    nt = S.node_type("Model")
    cols = {p.name: [n.get(p.name) for n in nodes] for p in nt.props}
    types = {S.STRING: pa.string(), S.INT: pa.int64(), S.BOOL: pa.bool_(), S.FLOAT: pa.float64(), S.STRINGS: pa.list_(pa.string())}
    node_table = pa.table({k: pa.array(v, types[nt.prop_map[k].type]) for k, v in cols.items()})
    rel_table = pa.table(
        {
            "f": [r["from"] for r in rels],
            "t": [r["to"] for r in rels],
            "relation": [r["relation"] for r in rels],
            "source": pa.array([r["source"] for r in rels], pa.list_(pa.string())),
        }
    )
    t0 = time.perf_counter()
    store.run("COPY Model FROM $t", {"t": node_table})
    store.run("COPY BASED_ON FROM $t", {"t": rel_table})
    return time.perf_counter() - t0


def neo4j_per_row(store, nodes: list[dict], rels: list[dict]) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for n in nodes:
        store.run("MERGE (m:Model {key: $key}) SET m.id = $id, m.downloads = $downloads, m.loaded = $loaded, m.source = $source", n)
    for r in rels:
        store.run(
            "MATCH (a:Model {key: $f}) MATCH (b:Model {key: $t}) MERGE (a)-[e:BASED_ON]->(b) SET e.relation = $relation, e.source = $source",
            {"f": r["from"], "t": r["to"], "relation": r["relation"], "source": r["source"]},
        )
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="synthetic models (edges: about 1.15 N)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--neo4j", metavar="URI", help="a throwaway Neo4j to measure too (it is cleared)")
    ap.add_argument("--naive-rows", type=int, default=3000, help="rows for the per-row MERGE baseline")
    args = ap.parse_args()
    nodes, rels = synthetic(args.n)
    print(f"synthetic graph: {len(nodes):,} models, {len(rels):,} BASED_ON edges; median of {args.repeat} runs")
    targets = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("ladybug", f"embedded:{Path(tmp) / 'bench.lbdb'}"))
        if args.neo4j:
            targets.append(("neo4j", args.neo4j))
        for name, uri in targets:
            res = bench_store(name, uri, nodes, rels, args.repeat, args.naive_rows)
            base = res[-1][1]
            print(f"\n{name}")
            for label, rate in res:
                print(f"  {label:32s} {rate:12,.0f} rows/s   {rate / base:6.2f}x baseline")


if __name__ == "__main__":
    main()
