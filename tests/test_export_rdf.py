"""The RDF export (`ptmkg export rdf`, ptmkg.export).

On the real sample, in both stores: the dump parses strictly (pyoxigraph, rdflib), both
stores give the same triples, Turtle and JSON-LD say the same as N-Triples, neighbourhood
exports conform to the SHACL shapes, and the SPARQL a linked-data user would write gives
the answers of the Cypher packs (lineage/ancestors, licenses/obligations, licenses/drift,
datasets/exposed-repositories), under pyoxigraph and rdflib. On a small graph of odd
values: every IRI is valid, every literal round-trips exactly, and keyset pagination sees
every node and relationship once whatever the page size.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections import Counter, defaultdict, deque
from datetime import datetime, timezone
from urllib.parse import unquote

import pyoxigraph as ox
import pytest
import rdflib

from ptmkg.export import package_file
from ptmkg.export.rdf import export_graph, export_model
from ptmkg.export.reader import iter_graph
from ptmkg.graph import schema as S
from tests.query_support import norm, run_named, same_on_both
from tests.test_cli import assert_one_line_error, run

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
PREFIXES = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX fair4ml: <https://w3id.org/fair4ml#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX ptmkg: <https://w3id.org/ptmkg/vocab#>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# Written here, not imported from the export: the test's own reading of the vocabulary.
KIND_OF_CLASS = {
    "https://w3id.org/ptmkg/vocab#Finetune": "finetune",
    "https://w3id.org/ptmkg/vocab#Adapter": "adapter",
    "https://w3id.org/ptmkg/vocab#Merge": "merge",
    "https://w3id.org/ptmkg/vocab#Quantization": "quantized",
    "https://w3id.org/ptmkg/vocab#Distillation": "distill",
}
# Models with long, merged, or plain lineage in the sample.
MODELS = ["jaspionjader/bh-64", "PJMixers-Archive/LLaMa-3-CursedStock-v2.0-8B", "sethuiyer/Llamaverse-3.1-8B-Instruct",
          "Lunzima/NQLSG-Qwen2.5-14B-MegaFusion-v9.2", "meta-llama/Llama-2-13b-chat-hf"]
# RFC 3986 URI characters (so also a valid RFC 3987 IRI), percent-escapes well formed.
URI_RE = re.compile(r"^[a-z][a-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


# -- shared exports of the sample (each store exported once per test session) -------------
_cache: dict = {}


def dump(stores: dict, kind: str, fmt: str = "nt") -> bytes:
    if (kind, fmt) not in _cache:
        buf = io.BytesIO()
        export_graph(stores[kind], buf, fmt, now=NOW)
        _cache[(kind, fmt)] = buf.getvalue()
    return _cache[(kind, fmt)]


def ox_store(stores: dict, kind: str = "ladybug") -> ox.Store:
    if ("ox", kind) not in _cache:
        st = ox.Store()
        st.bulk_load(dump(stores, kind), ox.RdfFormat.N_TRIPLES)
        _cache[("ox", kind)] = st
    return _cache[("ox", kind)]


def rdflib_dump(stores: dict, kind: str = "ladybug") -> rdflib.Graph:
    if ("rdflib", kind) not in _cache:
        _cache[("rdflib", kind)] = rdflib_graph(dump(stores, kind), "nt")
    return _cache[("rdflib", kind)]


def ox_triples(data: bytes, fmt: ox.RdfFormat) -> set:
    return set(ox.parse(data, format=fmt))


def neighbourhood_ttl(store, model: str, depth: int | None = None) -> bytes:  # type: ignore[no-untyped-def]
    from ptmkg.queries import resolve_entity

    buf = io.BytesIO()
    export_model(store, resolve_entity(store, "Model", model), buf, "ttl", depth, now=NOW)
    return buf.getvalue()


def rdflib_graph(data: bytes, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=data, format=fmt)
    return g


def select(graph, query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Rows of a SPARQL SELECT as {variable: plain str or None}, under either engine."""
    if isinstance(graph, ox.Store):
        res = graph.query(PREFIXES + query)
        names = [v.value for v in res.variables]
        return [{n: (None if sol[n] is None else sol[n].value) for n in names} for sol in res]
    res = graph.query(PREFIXES + query)
    names = [str(v) for v in res.vars]
    return [{n: (None if row[n] is None else str(row[n])) for n in names} for row in res]


def model_iri(graph, model_id: str) -> str:  # type: ignore[no-untyped-def]
    rows = select(graph, f'SELECT ?m WHERE {{ ?m a fair4ml:MLModel ; schema:name {json.dumps(model_id)} }}')
    assert len(rows) == 1, (model_id, rows)
    return rows[0]["m"]


# -- parsing, and both stores saying the same ------------------------------------------
def test_dump_parses_strictly_and_both_stores_give_the_same_triples(sample_stores):
    lady = ox_triples(dump(sample_stores, "ladybug"), ox.RdfFormat.N_TRIPLES)
    neo = ox_triples(dump(sample_stores, "neo4j"), ox.RdfFormat.N_TRIPLES)
    assert lady == neo
    assert not any(isinstance(t, ox.BlankNode) for tr in lady for t in (tr.subject, tr.object))
    assert len(rdflib_dump(sample_stores)) == len(lady)


def data_only(triples: set) -> set:
    """Without the dump's own record (its distribution differs per format)."""
    return {t for t in triples if "/id/dump/" not in t.subject.value}


def test_turtle_and_jsonld_dumps_hold_the_same_triples(sample_stores):
    nt = data_only(ox_triples(dump(sample_stores, "ladybug"), ox.RdfFormat.N_TRIPLES))
    assert data_only(ox_triples(dump(sample_stores, "ladybug", "ttl"), ox.RdfFormat.TURTLE)) == nt
    assert data_only(ox_triples(dump(sample_stores, "ladybug", "jsonld"), ox.RdfFormat.JSON_LD)) == nt


def test_dump_record_counts_what_the_store_holds(sample_stores):
    g = ox_store(sample_stores)
    counts = sample_stores["ladybug"].counts()
    rows = select(g, "SELECT ?t ?e WHERE { ?d a void:Dataset ; void:triples ?t ; void:entities ?e }")
    data = [t for t in ox_triples(dump(sample_stores, "ladybug"), ox.RdfFormat.N_TRIPLES) if "/id/dump/" not in t.subject.value]
    assert rows == [{"t": str(len(data)), "e": str(sum(counts["nodes"].values()))}]
    per_type = Counter()
    for r in select(g, "SELECT ?type ?n WHERE { ?d void:propertyPartition ?p . ?p ptmkg:relationshipType ?type ; ptmkg:relationshipCount ?n }"):
        per_type[r["type"]] += int(r["n"])
    assert dict(per_type) == {k: v for k, v in counts["relationships"].items() if v}
    per_class = {r["c"]: int(r["n"]) for r in select(g, "SELECT ?c ?n WHERE { ?d void:classPartition ?p . ?p void:class ?c ; void:entities ?n }")}
    assert per_class["https://w3id.org/fair4ml#MLModel"] == counts["nodes"]["Model"]
    assert per_class["http://schema.org/SoftwareSourceCode"] == counts["nodes"]["Repository"]
    dist = select(g, "SELECT ?media ?issued WHERE { ?c a <http://www.w3.org/ns/dcat#Catalog> ; <http://www.w3.org/ns/dcat#dataset>/<http://www.w3.org/ns/dcat#distribution> ?x . ?x <http://www.w3.org/ns/dcat#mediaType> ?media ; dcterms:issued ?issued }")
    assert dist == [{"media": "https://www.iana.org/assignments/media-types/application/n-triples", "issued": "2026-01-02T03:04:05Z"}]


def test_every_edge_keeps_its_provenance(sample_stores):
    g = ox_store(sample_stores)
    store = sample_stores["ladybug"]
    # lineage: one qualified derivation per BASED_ON edge, with the edge's sources
    want = Counter()
    for r in store.run("MATCH (a:Model)-[r:BASED_ON]->(b:Model) RETURN r.source AS source"):
        want.update(r["source"])
    got = Counter(r["s"] for r in select(g, "SELECT ?d ?s WHERE { ?m prov:qualifiedDerivation ?d . ?d ptmkg:source ?s }"))
    assert got == want
    n_edges = store.counts()["relationships"]
    assert len(select(g, "SELECT ?d WHERE { ?m prov:qualifiedDerivation ?d }")) == n_edges["BASED_ON"]
    # other relationships: one rdf:Statement each, naming its triple and sources
    n_statements = len(select(g, "SELECT ?x WHERE { ?x a rdf:Statement }"))
    assert n_statements == sum(n_edges[t] for t in ("TRAINED_ON", "LICENSED_UNDER", "PUBLISHED_BY", "USES", "CITES"))
    orphan = select(g, "SELECT ?x WHERE { ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o FILTER NOT EXISTS { ?s ?p ?o } }")
    assert orphan == []
    raw = Counter(r["raw"] for r in store.run("MATCH ()-[r:LICENSED_UNDER]->() RETURN r.raw AS raw") if r["raw"] is not None)
    assert Counter(r["v"] for r in select(g, "SELECT ?x ?v WHERE { ?x ptmkg:declaredAs ?v }")) == raw
    verdicts = select(g, "SELECT ?v WHERE { ?v a ptmkg:CompatibilityVerdict ; ptmkg:source ?s ; ptmkg:verdict ?x }")
    assert len(verdicts) == n_edges["COMPATIBLE_INTO"]


def test_license_iris_follow_spdx(sample_stores):
    g = ox_store(sample_stores)
    apache = select(g, 'SELECT ?id WHERE { <http://spdx.org/licenses/Apache-2.0> schema:identifier ?id }')
    assert apache == [{"id": "Apache-2.0"}]
    llama = select(g, 'SELECT ?l ?id ?url WHERE { ?l schema:alternateName "llama3.1" ; schema:identifier ?id ; schema:url ?url }')
    assert llama == [{"l": "https://w3id.org/ptmkg/id/license/llama3.1", "id": "LicenseRef-ptmkg-llama3.1",
                      "url": "https://huggingface.co/meta-llama/Meta-Llama-3.1-70B-Instruct/blob/main/LICENSE"}]
    ids = [r["id"] for r in select(g, "SELECT ?id WHERE { ?l a dcterms:LicenseDocument ; schema:identifier ?id }")]
    assert len(ids) == len(set(ids)) == sample_stores["ladybug"].counts()["nodes"]["License"]
    # single SPDX ids only: an expression (`GPL-3.0-or-later WITH GCC-exception-3.1`) has no SPDX IRI
    spdx = {r["spdx"] for r in sample_stores["ladybug"].run("MATCH (l:License) WHERE l.spdx_id IS NOT NULL RETURN l.spdx_id AS spdx")
            if " " not in r["spdx"]}
    expr = select(g, 'SELECT ?l ?id WHERE { ?l schema:alternateName "GPL-3.0-or-later WITH GCC-exception-3.1" ; schema:identifier ?id }')
    assert expr == [{"l": "https://w3id.org/ptmkg/id/license/gpl-3.0-or-later%20with%20gcc-exception-3.1",
                     "id": expr[0]["id"]}] and expr[0]["id"].startswith("LicenseRef-ptmkg-gpl-3.0-or-later-with-gcc-exception-3.1-")
    in_rdf = {r["l"][len("http://spdx.org/licenses/"):] for r in select(g, "SELECT ?l WHERE { ?l a dcterms:LicenseDocument FILTER STRSTARTS(STR(?l), 'http://spdx.org/licenses/') }")}
    assert in_rdf == spdx


# -- SHACL ---------------------------------------------------------------------------------
def shapes() -> rdflib.Graph:
    return rdflib_graph(package_file("shapes", "ptmkg-shapes.ttl").read_bytes(), "turtle")


def shacl(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes(), advanced=True)
    return conforms, text


@pytest.mark.parametrize("kind", ["ladybug", "neo4j"])
def test_neighbourhoods_conform_to_the_shapes(sample_stores, kind):
    store = sample_stores[kind]
    g = rdflib.Graph()
    # a deep merge lineage, a legacy-id family used by many repositories, license verdicts
    for model, depth in (("jaspionjader/bh-64", None), ("openai-community/gpt2", 1), ("meta-llama/Llama-2-13b-chat-hf", 1)):
        g.parse(data=neighbourhood_ttl(store, model, depth), format="turtle")
    assert len(g) > 10_000
    found = {str(o) for o in g.objects(None, rdflib.RDF.type)}
    assert {"https://w3id.org/fair4ml#MLModel", "http://schema.org/SoftwareSourceCode", "http://schema.org/Dataset",
            "https://w3id.org/ptmkg/vocab#CompatibilityVerdict", "http://www.w3.org/ns/prov#Derivation",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement", "http://www.w3.org/ns/dcat#Catalog"} <= found
    conforms, text = shacl(g)
    assert conforms, text[:3000]


@pytest.mark.slow
def test_the_whole_sample_dump_conforms_to_the_shapes(sample_stores):
    # All of it (some 650,000 triples; pySHACL takes minutes). Both stores give the same
    # triples (tested above), so one store's dump stands for both.
    g = rdflib_dump(sample_stores)
    assert len(g) > 500_000
    conforms, text = shacl(g)
    assert conforms, text[:3000]


def test_the_shapes_catch_broken_exports(sample_stores):
    g = rdflib_graph(neighbourhood_ttl(sample_stores["ladybug"], "sethuiyer/Llamaverse-3.1-8B-Instruct", 1), "turtle")
    assert shacl(g)[0]
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    broken = rdflib.Graph() + g
    child, base = next(iter(broken.subject_objects(PROV.wasDerivedFrom)))
    broken.remove((child, PROV.wasDerivedFrom, base))  # a qualified derivation without its edge
    conforms, text = shacl(broken)
    assert not conforms and "without the prov:wasDerivedFrom triple" in text
    broken = rdflib.Graph() + g
    lic = next(iter(broken.subjects(rdflib.RDF.type, rdflib.URIRef("http://purl.org/dc/terms/LicenseDocument"))))
    broken.set((lic, rdflib.URIRef("https://w3id.org/ptmkg/vocab#commercialUse"), rdflib.Literal("maybe")))
    assert not shacl(broken)[0]


# -- the SPARQL a linked-data user asks, against the Cypher packs ---------------------------
def lineage(graph) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """child -> [(base, relation kind)] from the qualified derivations, and iri -> name."""
    edges: dict[str, list] = defaultdict(list)
    q = """SELECT ?c ?b ?cls WHERE { ?c prov:qualifiedDerivation ?d . ?c prov:wasDerivedFrom ?b . ?d prov:entity ?b .
           OPTIONAL { ?d a ?cls FILTER(?cls != prov:Derivation) } }"""
    for r in select(graph, q):
        edges[r["c"]].append((r["b"], KIND_OF_CLASS.get(r["cls"], "unknown")))
    names = {r["m"]: r["n"] for r in select(graph, "SELECT ?m ?n WHERE { ?m a fair4ml:MLModel ; schema:name ?n }")}
    return edges, names


def shortest(edges: dict, start: str) -> dict[str, tuple[int, str]]:
    """Breadth-first from a model up its lineage: ancestor -> (depth, the smallest
    relation path among the shortest ones). Relation names are not prefixes of each other,
    so the smallest path is the smallest parent path plus the last hop."""
    best = {start: (0, "")}
    layer, depth = [start], 0
    while layer:
        depth += 1
        nxt: dict[str, str] = {}
        for node in layer:
            path = best[node][1]
            for base, kind in edges.get(node, ()):
                if base in best:
                    continue
                cand = f"{path}>{kind}" if path else kind
                if base not in nxt or cand < nxt[base]:
                    nxt[base] = cand
        for base, path in nxt.items():
            best[base] = (depth, path)
        layer = list(nxt)
    return best


ANCESTOR_LICENSES = """
SELECT ?anc ?name (COALESCE(?alt, ?ident) AS ?lic) ?commercial ?copyleft ?derivative ?restrictions ?distillation ?prefix ?attribution ?cap WHERE {
  <%(m)s> prov:wasDerivedFrom+ ?anc . FILTER(?anc != <%(m)s>)
  ?anc schema:name ?name .
  OPTIONAL { ?anc schema:license ?l . ?l schema:identifier ?ident . OPTIONAL { ?l schema:alternateName ?alt }
    OPTIONAL { ?l ptmkg:commercialUse ?commercial } OPTIONAL { ?l ptmkg:copyleft ?copyleft }
    OPTIONAL { ?l ptmkg:derivativeLicense ?derivative } OPTIONAL { ?l ptmkg:useRestrictions ?restrictions }
    OPTIONAL { ?l ptmkg:coversDistillation ?distillation } OPTIONAL { ?l ptmkg:namePrefix ?prefix }
    OPTIONAL { ?l ptmkg:attribution ?attribution } OPTIONAL { ?l ptmkg:userCap ?cap } }
}"""
TERMS = ("commercial", "copyleft", "derivative_license", "use_restrictions", "covers_distillation", "name_prefix", "attribution", "user_cap")
SPARQL_TERMS = ("commercial", "copyleft", "derivative", "restrictions", "distillation", "prefix", "attribution", "cap")


def check_ancestors(graph, stores: dict, model: str) -> None:  # type: ignore[no-untyped-def]
    """Ancestors (depth, relation, path) and their licenses with every term, from SPARQL,
    equal lineage/ancestors and licenses/obligations."""
    m = model_iri(graph, model)
    edges, names = lineage(graph)
    best = shortest(edges, m)
    got = sorted(({"id": names[a], "depth": d, "relation": p.split(">")[-1], "path": p} for a, (d, p) in best.items() if a != m),
                 key=lambda r: (r["depth"], r["id"]))
    want = [{k: r[k] for k in ("id", "depth", "relation", "path")} for r in same_on_both(stores, "lineage/ancestors", model_id=model)]
    assert got == want
    rows = select(graph, ANCESTOR_LICENSES % {"m": m})
    got_lic = sorted((r["name"], r["lic"], *(r[t] for t in SPARQL_TERMS)) for r in rows)
    oblig = same_on_both(stores, "licenses/obligations", model_id=model)
    want_lic = sorted((r["ancestor"], r["license"], *(None if r[t] is None else str(r[t]) for t in TERMS)) for r in oblig if r["depth"] > 0)
    assert got_lic == want_lic


@pytest.mark.parametrize("model", MODELS)
def test_ancestors_with_licenses_equal_the_packs(sample_stores, model):
    check_ancestors(ox_store(sample_stores, "neo4j"), sample_stores, model)


def test_ancestors_under_rdflib_on_a_neighbourhood_export(sample_stores):
    model = "PJMixers-Archive/LLaMa-3-CursedStock-v2.0-8B"
    g = rdflib_graph(neighbourhood_ttl(sample_stores["neo4j"], model, None), "turtle")
    check_ancestors(g, sample_stores, model)


# The graph's License id: SPDX id (schema:identifier) or, off the SPDX list, the id kept
# as schema:alternateName. (A BIND after an OPTIONAL would split the group: Oxigraph then
# plans the two halves apart and takes minutes; COALESCE in the SELECT clause does not.)
DRIFT = """
SELECT DISTINCT ?m ?a ?mn ?an (COALESCE(?lma, ?lmi) AS ?ml) (COALESCE(?laa, ?lai) AS ?al) WHERE {
  ?m prov:wasDerivedFrom+ ?a ; schema:license ?lm . FILTER(?m != ?a)
  ?a schema:license ?la . FILTER(?lm != ?la)
  ?m schema:name ?mn . ?a schema:name ?an .
  ?lm schema:identifier ?lmi . ?la schema:identifier ?lai .
  OPTIONAL { ?lm schema:alternateName ?lma } OPTIONAL { ?la schema:alternateName ?laa }
  %s
}"""


def drift_rows(graph, model_filter: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    edges, _ = lineage(graph)
    rows = select(graph, DRIFT % model_filter)
    depth_from: dict[str, dict] = {}
    out = []
    for r in rows:
        if r["m"] not in depth_from:
            depth_from[r["m"]] = shortest(edges, r["m"])
        out.append({"model": r["mn"], "model_license": r["ml"], "ancestor": r["an"], "ancestor_license": r["al"],
                    "depth": depth_from[r["m"]][r["a"]][0]})
    return sorted(out, key=lambda r: (r["model"], r["ancestor"], r["model_license"], r["ancestor_license"]))


def test_license_drift_equals_the_pack(sample_stores):
    want = same_on_both(sample_stores, "licenses/drift", model_id="", limit=1_000_000)
    assert len(want) > 1000
    assert drift_rows(ox_store(sample_stores, "neo4j")) == want


def test_license_drift_under_rdflib_on_a_neighbourhood_export(sample_stores):
    model = "sethuiyer/Llamaverse-3.1-8B-Instruct"
    g = rdflib_graph(neighbourhood_ttl(sample_stores["ladybug"], model, None), "turtle")
    want = same_on_both(sample_stores, "licenses/drift", model_id=model)
    assert want
    m = model_iri(g, model)
    assert drift_rows(g, f"FILTER(?m = <{m}>)") == want


EXPOSED = """
SELECT DISTINCT ?repo ?model WHERE {
  ?r dcterms:requires ?m . ?m prov:wasDerivedFrom* ?t . ?t fair4ml:trainedOn <%s> .
  ?r schema:identifier ?repo . ?m schema:name ?model
}"""


def dataset_iri(graph, dataset_id: str) -> str:  # type: ignore[no-untyped-def]
    rows = select(graph, f"SELECT ?d WHERE {{ ?d a schema:Dataset ; schema:identifier {json.dumps(dataset_id)} }}")
    assert len(rows) == 1, rows
    return rows[0]["d"]


def test_repositories_exposed_to_a_dataset_equal_the_pack(sample_stores):
    g = ox_store(sample_stores, "neo4j")
    exposure = select(g, """SELECT ?ds (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?r dcterms:requires ?m . ?m prov:wasDerivedFrom* ?t . ?t fair4ml:trainedOn ?d . ?d schema:identifier ?ds
    } GROUP BY ?ds ORDER BY DESC(?n) ?ds LIMIT 5""")
    datasets = [r["ds"] for r in exposure] + ["EleutherAI/pile", "trl-lib/ultrafeedback_binarized"]
    assert len(exposure) == 5
    for ds in datasets:
        got = sorted((r["repo"], r["model"]) for r in select(g, EXPOSED % dataset_iri(g, ds)))
        want = [(r["repository"], r["model"]) for r in same_on_both(sample_stores, "datasets/exposed-repositories", dataset_id=ds)]
        assert got == want, ds
    assert got == []  # the last one: trained on by many models, none of them used by a repository


def test_repositories_exposed_under_rdflib(sample_stores):
    store = sample_stores["ladybug"]
    ds = "EleutherAI/pile"
    trained = [r["id"] for r in store.run("MATCH (m:Model)-[:TRAINED_ON]->(:Dataset {key: $k}) RETURN m.id AS id", {"k": ds.lower()})]
    g = rdflib.Graph()
    for model in trained:  # each trained model with everything derived from it
        g.parse(data=neighbourhood_ttl(store, model, None), format="turtle")
    got = sorted((r["repo"], r["model"]) for r in select(g, EXPOSED % dataset_iri(g, ds)))
    want = [(r["repository"], r["model"]) for r in same_on_both(sample_stores, "datasets/exposed-repositories", dataset_id=ds)]
    assert got == want and got


# -- odd ids and literals ------------------------------------------------------------------
NASTY = 'q"uote \\back\\slash\nnew\r\ncr\ttab \x00\x01\x08\x0c\x1f\x7f é 模型 😀 \u2028\u0301 \ufeff\ufffe ">end\\'
ODD_MODELS = [
    # (key, id, hub, url)
    ("a b#c%d/é x", "A b#c%d/É x", "huggingface", "https://huggingface.co/A b#c%d/É x"),
    ("ünï/模型 #1 %20", "Ünï/模型 #1 %20", None, None),
    ("../..", "../..", None, None),
    ("pytorchhub:pytorch/vision:resnet 18#x", "pytorchhub:pytorch/vision:resnet 18#x", "pytorchhub", "https://github.com/pytorch/vision"),
    ("onnx:my model <v2> {x}|^`\\", "onnx:My Model <v2> {x}|^`\\", "onnx", "not a url <>"),
    ("modelzoo:résumé", "modelzoo:Résumé", "modelzoo", "http://example.org/a b/%zz/[x]#f#g"),
    ("plain/model", "plain/model", "huggingface", "https://huggingface.co/plain/model"),
]


def build_odd_graph(store) -> None:  # type: ignore[no-untyped-def]
    b = S.Batch()
    for key, id_, hub, url in ODD_MODELS:
        b.node("Model", key=key, id=id_, hub=hub, url=url, loaded=True, license_raw=NASTY, languages=[NASTY, "en"],
               author=NASTY, parameters=7_241_781_248, downloads=5, created_at="2024-03-01T05:57:44Z",
               modified_at="not a date", source=["test"], aliases=["legacy " + key] if hub == "huggingface" else None)
    b.node("Dataset", key="ds/with #hash and space", id="DS/with #hash and space", url="https://huggingface.co/datasets/DS/with #hash and space", source=["test"])
    b.node("Repository", key="own er/na#me", id="Own er/Na#me", owner="Own er", name="Na#me", url="https://github.com/Own er/Na#me", license_status="licensed")
    b.node("Organization", key="ac me", id="Ac me", url=None)
    b.node("Organization", key="gh-org", id="GH-Org", url="https://github.com/GH-Org")
    b.node("Paper", key="doi:10.1000/a<b>\"c d", id="doi:10.1000/a<b>\"c d", url="https://doi.org/10.1000/a<b>\"c d")
    b.node("Paper", key="arxiv:2401.00001", id="arXiv:2401.00001", url="https://arxiv.org/abs/2401.00001")
    b.node("License", key="unknown:my license (v2)+x", id="my license (v2)+x", known=False, kind="unknown", attribution=NASTY)
    b.node("License", key="apache-2.0", id="Apache-2.0", spdx_id="Apache-2.0", name="Apache License 2.0", kind="software")
    keys = [m[0] for m in ODD_MODELS]
    for i, key in enumerate(keys[1:]):
        b.rel("BASED_ON", "Model", key, "Model", keys[i], relation=["finetune", "merge", "adapter", "quantized", "distill", "unknown"][i], source=[NASTY, "hf:card"])
    b.rel("TRAINED_ON", "Model", keys[0], "Dataset", "ds/with #hash and space", source=["hf:card"])
    b.rel("LICENSED_UNDER", "Model", keys[0], "License", "unknown:my license (v2)+x", raw=NASTY, source=["hf:card"])
    b.rel("LICENSED_UNDER", "Model", keys[1], "License", "apache-2.0", raw="apache-2.0", source=["hf:card"])
    b.rel("LICENSED_UNDER", "Repository", "own er/na#me", "License", "apache-2.0", raw="Apache", source=["gh"])
    b.rel("USES", "Repository", "own er/na#me", "Model", keys[0], source=["peatmoss:mapping"])
    b.rel("PUBLISHED_BY", "Model", keys[0], "Organization", "ac me", source=["hf:id"])
    b.rel("PUBLISHED_BY", "Model", keys[3], "Organization", "gh-org", source=["ptmtorrent"])
    b.rel("CITES", "Model", keys[0], "Paper", "doi:10.1000/a<b>\"c d", source=["hf:tag"])
    b.rel("CITES", "Model", keys[1], "Paper", "arxiv:2401.00001", source=["hf:tag"])
    b.rel("COMPATIBLE_INTO", "License", "unknown:my license (v2)+x", "License", "apache-2.0", source="curated", verdict="no", reason=NASTY)
    store.write(b)


def all_terms(triples) -> tuple[set, list]:  # type: ignore[no-untyped-def]
    iris, literals = set(), []
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                literals.append(term.value)
    return iris, literals


@pytest.mark.parametrize("fmt,oxfmt", [("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_odd_ids_give_valid_iris_and_literals_round_trip(stores, fmt, oxfmt):
    results = {}
    for kind, store in stores.items():
        build_odd_graph(store)
        buf = io.BytesIO()
        export_graph(store, buf, fmt, page=2, now=NOW)
        triples = ox_triples(buf.getvalue(), oxfmt)  # strict: an invalid IRI is an error
        results[kind] = triples
        iris, literals = all_terms(triples)
        for iri in iris:
            assert URI_RE.match(iri) and not BAD_PERCENT.search(iri), iri
            assert iri.count("#") <= 1, iri
        # the nasty literal comes back exactly, wherever it went
        assert literals.count(NASTY) >= 10
        by_pred = defaultdict(set)
        for t in triples:
            by_pred[t.predicate.value].add((t.subject.value, t.object.value))
        models = {s for s, o in by_pred["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"] if o == "https://w3id.org/fair4ml#MLModel"}
        names = {o: s for s, o in by_pred["http://schema.org/name"] if s in models}
        assert set(names) == {m[1] for m in ODD_MODELS}
        # ids stay readable: decoding the IRI path gives the id back
        hf = names["A b#c%d/É x"]
        assert hf == "https://huggingface.co/A%20b%23c%25d/%C3%89%20x" and unquote(hf[len("https://huggingface.co/"):]) == "A b#c%d/É x"
        assert names["Ünï/模型 #1 %20"] == "https://huggingface.co/%C3%9Cn%C3%AF/%E6%A8%A1%E5%9E%8B%20%231%20%2520"
        assert names["../.."] == "https://huggingface.co/%2E%2E/%2E%2E"
        assert names["pytorchhub:pytorch/vision:resnet 18#x"] == "https://w3id.org/ptmkg/id/model/pytorchhub/pytorch/vision:resnet%2018%23x"
        onnx = names["onnx:My Model <v2> {x}|^`\\"]
        assert onnx == "https://w3id.org/ptmkg/id/model/onnx/my%20model%20%3Cv2%3E%20%7Bx%7D%7C%5E%60%5C"
        urls = dict(by_pred["http://schema.org/url"])
        assert urls[names["modelzoo:Résumé"]] == "http://example.org/a%20b/%25zz/%5Bx%5D#f%23g"
        assert onnx not in urls  # "not a url <>" is left out (and counted)
        assert ("https://github.com/Own%20er/Na%23me", hf) in by_pred["http://purl.org/dc/terms/requires"]
        assert "https://doi.org/10.1000/a%3Cb%3E%22c%20d" in {s for s, _ in by_pred["http://schema.org/identifier"]}
        assert ("https://w3id.org/ptmkg/id/organization/ac%20me", "Ac me") in by_pred["http://schema.org/identifier"]
        assert ("https://github.com/GH-Org", "GH-Org") in by_pred["http://schema.org/identifier"]
        assert ("https://huggingface.co/datasets/DS/with%20%23hash%20and%20space", "DS/with #hash and space") in by_pred["http://schema.org/identifier"]
        lic = "https://w3id.org/ptmkg/id/license/unknown:my%20license%20(v2)+x"
        assert (lic, "my license (v2)+x") in by_pred["http://schema.org/alternateName"]
        ref = [o for s, o in by_pred["http://schema.org/identifier"] if s == lic]
        assert len(ref) == 1 and re.fullmatch(r"LicenseRef-[A-Za-z0-9.-]+", ref[0]), ref
        assert len(by_pred["http://www.w3.org/ns/prov#wasDerivedFrom"]) == len(ODD_MODELS) - 1
    assert results["ladybug"] == results["neo4j"]


def test_odd_graph_parses_under_rdflib_and_conforms(stores):
    store = stores["ladybug"]
    build_odd_graph(store)
    buf = io.BytesIO()
    export_graph(store, buf, "nt", now=NOW)
    g = rdflib_graph(buf.getvalue(), "nt")
    literals = [o for o in g.objects() if isinstance(o, rdflib.Literal)]
    assert sum(1 for o in literals if str(o) == NASTY) >= 10
    conforms, text = shacl(g)
    assert conforms, text[:3000]
    nt, ttl = io.BytesIO(), io.BytesIO()
    export_graph(store, nt, "nt", catalog=False)
    export_graph(store, ttl, "ttl", catalog=False)
    assert rdflib_graph(ttl.getvalue(), "turtle").isomorphic(rdflib_graph(nt.getvalue(), "nt"))


def test_json_ld_uses_the_shipped_context(sample_stores):
    data = json.loads(neighbourhood_jsonld(sample_stores["ladybug"], "jaspionjader/bh-64"))
    ctx = json.loads(package_file("vocab", "context.jsonld").read_text())["@context"]
    assert data["@context"] == ctx
    assert ctx["schema"] == "http://schema.org/"  # the http form, as FAIR4ML and Croissant use
    model = next(n for n in data["@graph"] if n.get("schema:name") == ["jaspionjader/bh-64"])
    assert model["@type"] == ["fair4ml:MLModel"] and model["@id"] == "https://huggingface.co/jaspionjader/bh-64"
    # rdflib reads the same graph out of it as out of the Turtle
    # the same graph as the Turtle (without the dump records, which name their format)
    json_ld, ttl = io.BytesIO(), io.BytesIO()
    export_model(sample_stores["ladybug"], "jaspionjader/bh-64", json_ld, "jsonld", 1, catalog=False)
    export_model(sample_stores["ladybug"], "jaspionjader/bh-64", ttl, "ttl", 1, catalog=False)
    assert rdflib_graph(json_ld.getvalue(), "json-ld").isomorphic(rdflib_graph(ttl.getvalue(), "turtle"))


def neighbourhood_jsonld(store, model: str) -> str:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    export_model(store, model.lower(), buf, "jsonld", 1, now=NOW)
    return buf.getvalue().decode("utf-8")


def test_vocabulary_defines_every_project_term_used(sample_stores):
    vocab = rdflib_graph(package_file("vocab", "ptmkg.ttl").read_bytes(), "turtle")
    defined = {str(s) for s in vocab.subjects(rdflib.RDF.type, None)}
    used = set()
    for t in ox_triples(dump(sample_stores, "ladybug"), ox.RdfFormat.N_TRIPLES):
        for term in (t.predicate, t.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith("https://w3id.org/ptmkg/vocab#"):
                used.add(term.value)
    assert used and used <= defined, sorted(used - defined)
    ctx = json.loads(package_file("vocab", "context.jsonld").read_text())["@context"]
    for term, value in ctx.items():
        iri = value["@id"] if isinstance(value, dict) else value
        if isinstance(iri, str) and iri.startswith("ptmkg:"):
            assert "https://w3id.org/ptmkg/vocab#" + iri[len("ptmkg:"):] in defined, term


# -- neighbourhood selection and keyset pagination -----------------------------------------
def test_neighbourhood_holds_the_lineage_and_its_surroundings(sample_stores):
    store = sample_stores["neo4j"]
    model, key = "EleutherAI/gpt-neo-1.3B", "eleutherai/gpt-neo-1.3b"  # has both derivatives and users
    g = ox.Store()
    g.load(neighbourhood_ttl(store, model, 1), ox.RdfFormat.TURTLE)
    m = model_iri(g, model)
    kids = {r["id"] for r in store.run("MATCH (c:Model)-[:BASED_ON]->(:Model {key: $k}) RETURN c.id AS id", {"k": key})}
    got = {r["n"] for r in select(g, f"SELECT ?n WHERE {{ ?c prov:wasDerivedFrom <{m}> ; schema:name ?n }}")}
    assert got == kids and kids
    repos = {r["id"] for r in store.run("MATCH (r:Repository)-[:USES]->(:Model {key: $k}) RETURN r.id AS id", {"k": key})}
    assert {r["id"] for r in select(g, f"SELECT ?id WHERE {{ ?r dcterms:requires <{m}> ; schema:identifier ?id }}")} == repos
    assert len(repos) > 50
    # the licenses of those repositories come along, with their terms
    repo_licenses = {r["id"] for r in store.run("MATCH (:Repository)-[:USES]->(:Model {key: $k}) MATCH (r:Repository)-[:USES]->(:Model {key: $k}) "
                                                "MATCH (r)-[:LICENSED_UNDER]->(l:License) RETURN DISTINCT l.id AS id", {"k": key})}
    got_licenses = {r["id"] for r in select(g, "SELECT ?id WHERE { ?r a schema:SoftwareSourceCode ; schema:license ?l . ?l ptmkg:commercialUse ?c . "
                                               "?l schema:identifier ?i OPTIONAL { ?l schema:alternateName ?a } BIND(COALESCE(?a, ?i) AS ?id) }")}
    assert got_licenses == repo_licenses and repo_licenses
    two_down = store.run("MATCH (x:Model)-[:BASED_ON]->(:Model)-[:BASED_ON]->(:Model {key: $k}) "
                         "WHERE NOT (x)-[:BASED_ON]->(:Model {key: $k}) RETURN x.id AS id", {"k": key})
    for row in two_down:  # depth 1: two hops down are out
        assert not select(g, f"SELECT ?m WHERE {{ ?m schema:name {json.dumps(row['id'])} }}")
    subject = select(g, "SELECT ?s ?d WHERE { ?x dcterms:subject ?s ; ptmkg:lineageDepth ?d }")
    assert subject == [{"s": m, "d": "1"}]


def linear_graph(store) -> None:  # type: ignore[no-untyped-def]
    # keys that are prefixes of each other, sort differently by bytes and by UTF-16, unicode
    keys = ["a", "a/b", "a/b ", "a/bc", "ab", "b", "é", "z", "zz/ä", "0", "A-upper-is-lowered?".lower(), "𝔘/x", "\uffff/y"]
    b = S.Batch()
    for k in keys:
        b.node("Model", key=k, id=k, source=["t"])
        b.node("Repository", key=k, id=k)
    for i, k in enumerate(keys):
        for j in (i + 1, i + 2):
            if j < len(keys):
                b.rel("BASED_ON", "Model", k, "Model", keys[j], relation="merge", source=["t"])
        b.rel("USES", "Repository", k, "Model", keys[(i * 5) % len(keys)], source=["t"])
    b.node("License", key="mit", id="MIT", spdx_id="MIT")
    for src in ("osadl", "modelgo", "curated"):
        b.rel("COMPATIBLE_INTO", "License", "mit", "License", "mit", source=src, verdict="same")
    store.write(b)


@pytest.mark.parametrize("page", [1, 2, 3, 7, 1000])
def test_keyset_pagination_sees_everything_once(stores, page):
    for store in stores.values():
        linear_graph(store)
        seen_nodes: Counter = Counter()
        seen_edges: Counter = Counter()
        for chunk in iter_graph(store, page):
            assert len(chunk.nodes) <= page
            seen_nodes.update((chunk.label, r["key"]) for r in chunk.nodes)
            for (type_, a, b), rows in chunk.edges:
                seen_edges.update((type_, a, r["a_key"], b, r["b_key"], str(r.get("source"))) for r in rows)
        assert max(seen_nodes.values()) == 1 and max(seen_edges.values()) == 1
        counts = store.counts()
        assert Counter(label for label, _ in seen_nodes) == Counter({k: v for k, v in counts["nodes"].items() if v})
        assert Counter(t for t, *_ in seen_edges) == Counter({k: v for k, v in counts["relationships"].items() if v})
        keys = {r["key"] for r in store.run("MATCH (n:Model) RETURN n.key AS key")}
        assert {k for label, k in seen_nodes if label == "Model"} == keys


def test_pagination_on_the_sample_matches_a_single_page(sample_stores):
    store = sample_stores["ladybug"]
    a = io.BytesIO()
    export_graph(store, a, "nt", page=997, now=NOW)
    assert ox_triples(a.getvalue(), ox.RdfFormat.N_TRIPLES) == ox_triples(dump(sample_stores, "ladybug"), ox.RdfFormat.N_TRIPLES)


# -- the command -----------------------------------------------------------------------------
@pytest.fixture
def small_store(tmp_path):  # type: ignore[no-untyped-def]
    from ptmkg.graph.store import open_store

    uri = f"embedded:{tmp_path / 'g.lbdb'}"
    with open_store(uri) as s:
        s.apply_schema()
        linear_graph(s)
    return uri


def test_cli_writes_every_format(small_store, tmp_path):
    for fmt, oxfmt in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)):
        out = tmp_path / f"g.{fmt}"
        proc = run("--store", small_store, "export", "rdf", "--format", fmt, "-o", str(out), "--page-size", "4", check=True)
        assert "triples" in proc.stderr and proc.stdout == ""
        assert len(ox_triples(out.read_bytes(), oxfmt)) > 100
        assert not (tmp_path / f"g.{fmt}.part").exists()
    gz = tmp_path / "g.nt.gz"
    run("--store", small_store, "export", "rdf", "-o", str(gz), "-q", "--no-catalog", check=True)
    data = {t for t in ox_triples((tmp_path / "g.nt").read_bytes(), ox.RdfFormat.N_TRIPLES) if "/id/dump/" not in t.subject.value}
    assert ox_triples(gzip.decompress(gz.read_bytes()), ox.RdfFormat.N_TRIPLES) == data
    stdout = run("--store", small_store, "export", "rdf", "--model", "A", "--depth", "1", "--format", "ttl", "-q", check=True).stdout
    g = ox.Store()
    g.load(stdout.encode(), ox.RdfFormat.TURTLE)
    names = {r["n"] for r in select(g, "SELECT ?n WHERE { ?m a fair4ml:MLModel ; schema:name ?n }")}
    assert names == {"a", "a/b", "a/b "}  # a is based on a/b and "a/b "; nothing is based on a


def test_cli_errors_are_one_line(small_store, tmp_path):
    assert_one_line_error(run("--store", small_store, "export", "rdf", "--depth", "2"), "--depth needs --model")
    assert_one_line_error(run("--store", small_store, "export", "rdf", "--model", "no/such-model"), "no/such-model", "not in the graph")
    assert_one_line_error(run("--store", small_store, "export", "rdf", "-o", str(tmp_path / "missing" / "x.nt")), "does not exist")
    assert_one_line_error(run("--store", small_store, "export", "rdf", "-o", str(tmp_path)), "is a directory")
