"""The GraphML export (`ptmkg export graphml`): networkx reads it back with the store's
node and relationship counts per type and the properties intact (lists joined with `;`,
missing values left out, strings made XML-safe)."""

from __future__ import annotations

import io
import random
from collections import Counter

import networkx as nx
import pytest

from ptmkg.export.graphml import LIST_SEPARATOR, export_graphml, node_id
from ptmkg.graph import schema as S
from tests.test_cli import assert_one_line_error, run
from tests.test_export_rdf import NASTY, build_odd_graph, linear_graph

ALLOWED_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def read_back(store, model_key: str | None = None, depth: int | None = 2) -> tuple[nx.MultiDiGraph, bytes]:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    export_graphml(store, buf, model_key, depth)
    data = buf.getvalue()
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True), data


def expected(value):  # type: ignore[no-untyped-def]
    """A property as the GraphML export writes it."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value) if value else None
    return value


@pytest.mark.parametrize("kind", ["ladybug", "neo4j"])
def test_whole_sample_reads_back_with_the_same_counts_and_properties(sample_stores, kind):
    store = sample_stores[kind]
    g, data = read_back(store)
    counts = store.counts()
    assert Counter(t for _, t in g.nodes(data="type")) == Counter({k: v for k, v in counts["nodes"].items() if v})
    assert Counter(t for _, _, t in g.edges(data="type")) == Counter({k: v for k, v in counts["relationships"].items() if v})
    assert b'attr.name="id"' not in data  # the node id property is the `label`
    for label in ("Model", "License", "Repository"):
        props = [p.name for p in S.node_type(label).props]
        cols = ", ".join(f"n.{p} AS {p}" for p in props)
        rows = store.run(f"MATCH (n:{label}) RETURN {cols}")
        for row in random.Random(7).sample(rows, 60):
            attrs = g.nodes[node_id(label, row["key"])]
            want = {k: expected(v) for k, v in row.items() if k != "id" and expected(v) is not None}
            want.update(type=label, label=row["id"])
            assert attrs == want, row["key"]
    based_on = store.run("MATCH (a:Model)-[r:BASED_ON]->(b:Model) RETURN a.key AS a, b.key AS b, r.relation AS relation, r.source AS source")
    for r in random.Random(3).sample(based_on, 100):
        edge = g.edges[node_id("Model", r["a"]), node_id("Model", r["b"]), "BASED_ON"]
        assert edge == {"type": "BASED_ON", "relation": r["relation"], "source": LIST_SEPARATOR.join(r["source"])}
    verdicts = store.run("MATCH (a:License)-[r:COMPATIBLE_INTO]->(b:License) RETURN a.key AS a, b.key AS b, r.source AS source, r.verdict AS verdict LIMIT 50")
    for r in verdicts:
        edge = g.edges[node_id("License", r["a"]), node_id("License", r["b"]), f"COMPATIBLE_INTO:{r['source']}"]
        assert edge["verdict"] == r["verdict"] and edge["source"] == r["source"]


def test_graphml_is_plain_graphml_that_gephi_reads(sample_stores):
    import xml.etree.ElementTree as ET

    _, data = read_back(sample_stores["ladybug"], "jaspionjader/bh-64", None)
    root = ET.fromstring(data)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = root.findall(f"{ns}key")
    assert keys and {k.get("attr.type") for k in keys} <= ALLOWED_TYPES
    names = {(k.get("for"), k.get("attr.name")) for k in keys}
    assert len(names) == len(keys)  # one key (so one type) per attribute name and domain
    assert {("node", "type"), ("node", "label"), ("edge", "type")} <= names
    assert {k.get("attr.type") for k in keys if k.get("attr.name") == "parameters"} == {"long"}
    graph = root.find(f"{ns}graph")
    assert graph.get("edgedefault") == "directed"


def test_odd_values_survive(stores):
    for store in stores.values():
        build_odd_graph(store)
        g, _ = read_back(store)
        counts = store.counts()
        assert g.number_of_nodes() == sum(counts["nodes"].values())
        assert g.number_of_edges() == sum(counts["relationships"].values())
        m = g.nodes[node_id("Model", "a b#c%d/é x")]
        assert m["label"] == "A b#c%d/É x" and m["parameters"] == 7_241_781_248 and m["loaded"] is True
        # XML 1.0 cannot carry NUL and most C0 controls: they become U+FFFD; CR becomes LF
        safe = NASTY.replace("\r\n", "\n").replace("\r", "\n")
        for c in "\x00\x01\x08\x0c\x1f\ufffe":
            safe = safe.replace(c, "\ufffd")
        assert m["license_raw"] == safe and m["author"] == safe
        assert m["languages"] == safe + LIST_SEPARATOR + "en"
        assert "gated" not in m and "sha" not in m  # None is left out
        lic = g.nodes[node_id("License", "unknown:my license (v2)+x")]
        assert lic["attribution"] == safe and lic["known"] is False
        # a repository and a model may share a key: the ids keep them apart
        assert g.nodes[node_id("Repository", "own er/na#me")]["type"] == "Repository"


def test_neighbourhood_graphml_matches_the_rdf_selection(stores):
    for store in stores.values():
        linear_graph(store)
        g, _ = read_back(store, "a", 1)
        assert {n for n, t in g.nodes(data="type") if t == "Model"} == {node_id("Model", k) for k in ("a", "a/b", "a/b ")}
        assert Counter(t for _, _, t in g.edges(data="type"))["BASED_ON"] == 3  # a->a/b, a->"a/b ", a/b->"a/b "


def test_cli_graphml(tmp_path):
    from ptmkg.graph.store import open_store

    uri = f"embedded:{tmp_path / 'g.lbdb'}"
    with open_store(uri) as s:
        s.apply_schema()
        linear_graph(s)
        counts = s.counts()
    out = tmp_path / "g.graphml"
    proc = run("--store", uri, "export", "graphml", "-o", str(out), check=True)
    assert "GraphML" in proc.stderr
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.number_of_nodes() == sum(counts["nodes"].values())
    assert g.number_of_edges() == sum(counts["relationships"].values())
    assert_one_line_error(run("--store", uri, "export", "graphml", "--max-elements", "5"), "more than --max-elements", "--model")
    small = run("--store", uri, "export", "graphml", "--model", "a", "--depth", "0", "-q", check=True).stdout
    h = nx.read_graphml(io.BytesIO(small.encode()), force_multigraph=True)
    assert {n for n, t in h.nodes(data="type") if t == "Model"} == {"Model:a"}
