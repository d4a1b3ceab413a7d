"""The store conformance suite: every test here runs against LadybugDB and Neo4j."""

from __future__ import annotations

import pytest

from ptmkg.errors import SchemaError, UnsupportedFeature
from ptmkg.graph import schema as S
from ptmkg.graph.schema import Batch
from ptmkg.loaders import edge_list

NASTY = [
    'quote " double',
    "quote ' single",
    "back\\slash \\n not a newline",
    "new\nline and\ttab",
    "unicode: Ünïcødé 模型 🤗 \u200b",
    "cypher-ish: '}) MATCH (n) DETACH DELETE n //",
    "$param {curly} `backtick`",
]


def dump(store) -> dict:
    """The whole graph as comparable plain data."""
    nodes = {}
    for nt in S.NODES:
        cols = ", ".join(f"n.{p.name} AS {p.name}" for p in nt.props)
        for r in store.run(f"MATCH (n:{nt.label}) RETURN {cols}"):
            r = {k: (sorted(v) if k == "source" and v is not None else v) for k, v in r.items()}
            nodes[(nt.label, r["key"])] = r
    rels = {}
    for rt in S.RELATIONSHIPS:
        for a, b in rt.endpoints:
            cols = ", ".join(f"r.{p.name} AS {p.name}" for p in rt.props)
            for r in store.run(f"MATCH (x:{a})-[r:{rt.type}]->(y:{b}) RETURN x.key AS f, y.key AS t, {cols}"):
                ident = (rt.type, r["f"], r["t"]) + tuple(r[k] for k in rt.key_props)
                assert ident not in rels, f"duplicate relationship {ident}"
                rels[ident] = {k: (sorted(v) if isinstance(v, list) else v) for k, v in r.items()}
    return {"nodes": nodes, "rels": rels}


def test_apply_schema_is_idempotent(store):
    store.apply_schema()
    store.apply_schema()
    counts = store.counts()
    assert set(counts["nodes"]) == {n.label for n in S.NODES}
    assert set(counts["relationships"]) == {r.type for r in S.RELATIONSHIPS}
    assert all(v == 0 for v in counts["nodes"].values())


def test_load_twice_gives_the_same_graph(store, fixture_edges):
    first = edge_list.load(store, fixture_edges, progress=False)
    assert first.rejected == 0 and first.loaded == 472
    counts1, dump1 = store.counts(), dump(store)
    assert counts1["relationships"]["BASED_ON"] == 472
    assert counts1["nodes"]["Model"] == len({k for (lab, k) in dump1["nodes"] if lab == "Model"})
    edge_list.load(store, fixture_edges, progress=False)
    assert store.counts() == counts1
    assert dump(store) == dump1


def test_nasty_strings_round_trip_as_properties_and_parameters(store):
    rows = [{"key": f"nasty/{i}", "id": s, "author": s, "languages": [s, "en"]} for i, s in enumerate(NASTY)]
    assert store.upsert_nodes("Model", rows) == len(NASTY)
    for i, s in enumerate(NASTY):
        got = store.run("MATCH (m:Model {key: $k}) RETURN m.id AS id, m.author AS a, m.languages AS l", {"k": f"nasty/{i}"})
        assert got == [{"id": s, "a": s, "l": [s, "en"]}]
        # the value as a parameter finds the node, and nothing else happened
        found = store.run("MATCH (m:Model) WHERE m.id = $v RETURN m.key AS k", {"v": s})
        assert found == [{"k": f"nasty/{i}"}]
    assert store.counts()["nodes"]["Model"] == len(NASTY)


def test_self_loop_and_cycle_on_based_on(store):
    b = Batch()
    for k in ("a", "b", "c", "self"):
        b.ref("Model", k, id=k.upper(), loaded=False)
    b.rel("BASED_ON", "Model", "a", "Model", "b", relation="finetune", source=["t"])
    b.rel("BASED_ON", "Model", "b", "Model", "c", relation="merge", source=["t"])
    b.rel("BASED_ON", "Model", "c", "Model", "a", relation="merge", source=["t"])  # a -> b -> c -> a
    b.rel("BASED_ON", "Model", "self", "Model", "self", relation="finetune", source=["t"])
    stats = store.write(b)
    assert stats.rels == 4
    store.write(b)  # again: still four edges
    assert store.counts()["relationships"]["BASED_ON"] == 4
    loops = store.run("MATCH (m:Model)-[r:BASED_ON]->(m) RETURN m.key AS k")
    assert loops == [{"k": "self"}]
    two_hops = store.run("MATCH (x:Model {key: 'a'})-[:BASED_ON]->(y)-[:BASED_ON]->(z) RETURN z.key AS k")
    assert two_hops == [{"k": "c"}]


def test_sources_accumulate_across_loaders(store):
    b = Batch()
    b.ref("Model", "x", id="X")
    b.ref("Model", "y", id="Y")
    b.rel("BASED_ON", "Model", "x", "Model", "y", relation="finetune", source=["hf:baseModels"])
    store.write(b)
    b2 = Batch()
    b2.rel("BASED_ON", "Model", "x", "Model", "y", relation="finetune", source=["hf:card", "hf:baseModels"])
    store.write(b2)
    got = store.run("MATCH (:Model {key:'x'})-[r:BASED_ON]->(:Model {key:'y'}) RETURN r.source AS s")
    assert len(got) == 1 and sorted(got[0]["s"]) == ["hf:baseModels", "hf:card"]


def test_reference_never_overwrites_a_described_node(store):
    store.upsert_nodes("Model", [{"key": "org/m", "id": "Org/M", "loaded": True, "downloads": 7}])
    store.reference_nodes("Model", [{"key": "org/m", "id": "org/m", "loaded": False}])
    assert store.run("MATCH (m:Model {key:'org/m'}) RETURN m.id AS id, m.loaded AS l, m.downloads AS d") == [
        {"id": "Org/M", "l": True, "d": 7}
    ]
    # and a described node upgrades a referenced one
    store.reference_nodes("Model", [{"key": "org/n", "id": "org/n", "loaded": False}])
    store.upsert_nodes("Model", [{"key": "org/n", "id": "Org/N", "loaded": True}])
    assert store.run("MATCH (m:Model {key:'org/n'}) RETURN m.id AS id, m.loaded AS l") == [{"id": "Org/N", "l": True}]


def test_a_row_leaves_unmentioned_properties_alone(store):
    store.upsert_nodes("Model", [{"key": "m", "id": "M", "downloads": 5, "likes": 2}])
    store.upsert_nodes("Model", [{"key": "m", "likes": 3}])
    store.upsert_nodes("Model", [{"key": "m", "downloads": None}])  # null is "no information"
    assert store.run("MATCH (m:Model {key:'m'}) RETURN m.id AS id, m.downloads AS d, m.likes AS l") == [
        {"id": "M", "d": 5, "l": 3}
    ]


def test_unknown_relation_never_replaces_a_known_one(store):
    store.upsert_nodes("Model", [{"key": "c", "id": "c"}, {"key": "p", "id": "p"}])
    store.upsert_relationships("BASED_ON", "Model", "Model", [{"from": "c", "to": "p", "relation": "finetune", "source": ["a"]}])
    store.upsert_relationships("BASED_ON", "Model", "Model", [{"from": "c", "to": "p", "relation": "unknown", "source": ["b"]}])
    assert store.run("MATCH (:Model {key:'c'})-[r:BASED_ON]->() RETURN r.relation AS r") == [{"r": "finetune"}]
    store.upsert_relationships("BASED_ON", "Model", "Model", [{"from": "c", "to": "p", "relation": "merge", "source": ["c"]}])
    assert store.run("MATCH (:Model {key:'c'})-[r:BASED_ON]->() RETURN r.relation AS r") == [{"r": "merge"}]


def test_relationship_to_a_missing_node_is_not_written(store):
    store.upsert_nodes("Model", [{"key": "here", "id": "here"}])
    n = store.upsert_relationships("BASED_ON", "Model", "Model", [{"from": "here", "to": "nowhere", "relation": "merge", "source": ["t"]}])
    assert n == 0
    assert store.counts()["relationships"]["BASED_ON"] == 0


def test_one_compatibility_edge_per_source(store):
    store.upsert_nodes("License", [{"key": "mit", "id": "MIT"}, {"key": "gpl-3.0-only", "id": "GPL-3.0-only"}])
    rows = [
        {"from": "mit", "to": "gpl-3.0-only", "source": "osadl", "verdict": "yes", "reason": "r1"},
        {"from": "mit", "to": "gpl-3.0-only", "source": "peatmoss-lf", "verdict": "no", "reason": "r2"},
    ]
    assert store.upsert_relationships("COMPATIBLE_INTO", "License", "License", rows) == 2
    store.upsert_relationships("COMPATIBLE_INTO", "License", "License", rows)
    got = store.run("MATCH (:License {key:'mit'})-[r:COMPATIBLE_INTO]->(:License) RETURN r.source AS s, r.verdict AS v ORDER BY s")
    assert got == [{"s": "osadl", "v": "yes"}, {"s": "peatmoss-lf", "v": "no"}]


def test_multi_endpoint_relationship_types(store):
    store.upsert_nodes("License", [{"key": "mit", "id": "mit"}])
    store.upsert_nodes("Model", [{"key": "m", "id": "m"}])
    store.upsert_nodes("Repository", [{"key": "o/r", "id": "o/r"}])
    assert store.upsert_relationships("LICENSED_UNDER", "Model", "License", [{"from": "m", "to": "mit", "raw": "MIT", "source": ["t"]}]) == 1
    assert store.upsert_relationships("LICENSED_UNDER", "Repository", "License", [{"from": "o/r", "to": "mit", "source": ["t"]}]) == 1
    assert store.counts()["relationships"]["LICENSED_UNDER"] == 2
    with pytest.raises(SchemaError):
        store.upsert_relationships("LICENSED_UNDER", "License", "Model", [{"from": "mit", "to": "m"}])


def test_retracting_a_source_removes_only_what_it_alone_vouched_for(store):
    b = Batch()
    for k in ("c", "p1", "p2"):
        b.ref("Model", k, id=k)
    b.rel("BASED_ON", "Model", "c", "Model", "p1", relation="merge", source=["hf:card"])
    b.rel("BASED_ON", "Model", "c", "Model", "p2", relation="merge", source=["hf:card", "peatmoss"])
    store.write(b)
    deleted = store.retract_sources("BASED_ON", "Model", ["c"], ["hf:card", "hf:tag"])
    assert deleted == 1
    got = store.run("MATCH (:Model {key:'c'})-[r:BASED_ON]->(p) RETURN p.key AS p, r.source AS s")
    assert got == [{"p": "p2", "s": ["peatmoss"]}]


def test_bulk_path_gives_the_same_graph_as_the_batch_path(store, fixture_edges, tmp_path):
    import csv

    rows = list(csv.DictReader(open(fixture_edges)))
    models = sorted({r["model_id"] for r in rows} | {r["base_model_id"] for r in rows})
    node_rows = [{"key": m.lower(), "id": m, "loaded": False, "source": ["bulk"]} for m in models]
    rel_rows = [{"from": r["model_id"].lower(), "to": r["base_model_id"].lower(), "relation": r["relation"], "source": ["bulk"]} for r in rows]
    assert store.bulk_load_nodes("Model", node_rows) == len(models)
    assert store.bulk_load_relationships("BASED_ON", "Model", "Model", rel_rows) == len(rel_rows)
    bulk = dump(store)
    # the bulk path again, into a full store, changes nothing
    store.bulk_load_nodes("Model", node_rows)
    store.bulk_load_relationships("BASED_ON", "Model", "Model", rel_rows)
    assert dump(store) == bulk
    store.clear()
    store.upsert_nodes("Model", node_rows)
    store.upsert_relationships("BASED_ON", "Model", "Model", rel_rows)
    assert dump(store) == bulk


def test_schema_violations_are_clear_errors(store):
    with pytest.raises(SchemaError, match="no property 'colour'"):
        store.upsert_nodes("Model", [{"key": "m", "colour": "red"}])
    with pytest.raises(SchemaError, match="downloads must be INT64"):
        store.upsert_nodes("Model", [{"key": "m", "downloads": "many"}])
    with pytest.raises(SchemaError, match="unknown node label"):
        store.upsert_nodes("Widget", [{"key": "w"}])
    with pytest.raises(SchemaError, match="without a key"):
        store.upsert_nodes("Model", [{"id": "no key"}])
    assert store.counts()["nodes"]["Model"] == 0


def test_capabilities_are_declared_not_stubbed(store):
    from ptmkg.graph.store import CAP_BROWSER, CAP_BULK_COPY

    expected = {"ladybug": CAP_BULK_COPY, "neo4j": CAP_BROWSER}[store.dialect]
    store.require(expected)
    missing = {"ladybug": CAP_BROWSER, "neo4j": CAP_BULK_COPY}[store.dialect]
    with pytest.raises(UnsupportedFeature, match=store.dialect):
        store.require(missing)


def test_clear_empties_the_store(store, fixture_edges):
    edge_list.load(store, fixture_edges, progress=False)
    store.clear()
    counts = store.counts()
    assert sum(counts["nodes"].values()) == 0 and sum(counts["relationships"].values()) == 0


def test_parameters_of_every_type(store):
    got = store.run(
        "RETURN $s AS s, $i AS i, $f AS f, $b AS b, $l AS l",
        {"s": "x'y\"z", "i": 2**40, "f": 0.5, "b": True, "l": ["a", "b"]},
    )
    assert got == [{"s": "x'y\"z", "i": 2**40, "f": 0.5, "b": True, "l": ["a", "b"]}]


def test_a_time_limit_stops_a_long_query_and_the_store_goes_on(store):
    from ptmkg.errors import QueryFailed

    store.timeout = 0.2
    try:
        with pytest.raises(QueryFailed, match="time limit"):
            store.run("UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) + sum(x) AS n")
    finally:
        store.timeout = None
    assert store.run("UNWIND range(1, 1000) AS x RETURN sum(x) AS n") == [{"n": 500500}]
