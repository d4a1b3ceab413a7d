"""What only the embedded store needs: its buffer pool survives long loads."""

from __future__ import annotations

import pyarrow as pa

from ptmkg.graph import ladybug_store
from ptmkg.graph.ladybug_store import LadybugStore
from ptmkg.graph.schema import Batch
from ptmkg.graph.store import parse_store_uri


def _scan_many(store: LadybugStore, scans: int) -> int:
    total = 0
    for s in range(scans):  # a new table each time, as a load makes them
        table = pa.table({
            "c_key": [f"model-{s}-{i}" for i in range(2000)],
            "c_text": ["x" * 50] * 2000,
            "c_n": list(range(2000)),
            "c_source": [["hf:card", "hf:tag"]] * 2000,
        })
        total += store.run("LOAD FROM $rows RETURN count(*) AS n", {"rows": table})[0]["n"]
    return total


def test_many_parameter_scans_fit_a_small_buffer_pool(tmp_path):
    # LadybugDB keeps 0.5 MB of pool for each `LOAD FROM $table` until the connection
    # closes: 400 scans fill a 64 MB pool unless the store recycles its connection.
    store = LadybugStore(parse_store_uri(f"embedded:{tmp_path / 'g.lbdb'}"), buffer_pool_mb=64)
    try:
        assert _scan_many(store, 400) == 400 * 2000
    finally:
        store.close()


def test_the_pool_really_fills_without_recycling(tmp_path, monkeypatch):
    # The control for the test above: with recycling off, the same scans fail, so the
    # test above proves the recycling and not a lucky pool size.
    monkeypatch.setattr(ladybug_store, "RECYCLE_AFTER_SCANS", 1 << 62)
    store = LadybugStore(parse_store_uri(f"embedded:{tmp_path / 'g.lbdb'}"), buffer_pool_mb=64)
    try:
        try:
            _scan_many(store, 400)
        except Exception as e:  # QueryFailed with the engine's message
            assert "buffer pool is full" in str(e)
        else:
            raise AssertionError("400 scans fit a 64 MB pool without recycling: the engine changed; revisit _exec")
    finally:
        store.close()


def test_a_recycled_connection_keeps_the_deep_path_setting(tmp_path, monkeypatch):
    # Every write scans Arrow tables; recycle after each one and check that a lineage chain
    # deeper than the engine's default bound of 30 is still walked completely.
    monkeypatch.setattr(ladybug_store, "RECYCLE_AFTER_SCANS", 1)
    store = LadybugStore(parse_store_uri(f"embedded:{tmp_path / 'g.lbdb'}"))
    try:
        store.apply_schema()
        depth = 60
        for i in range(depth):
            store.write(Batch(
                nodes={"Model": [{"key": f"m{i}", "id": f"m{i}", "source": ["test"]}, {"key": f"m{i + 1}", "id": f"m{i + 1}", "source": ["test"]}]},
                rels={("BASED_ON", "Model", "Model"): [{"from": f"m{i}", "to": f"m{i + 1}", "relation": "finetune", "source": ["test"]}]},
            ))
        rows = store.run(
            f"MATCH (a:Model {{key: 'm0'}})-[:BASED_ON*1..{ladybug_store.MAX_PATH_DEPTH}]->(b:Model) RETURN count(DISTINCT b) AS n"
        )
        assert rows[0]["n"] == depth
    finally:
        store.close()
