"""The licenses pack on the real sample and on a synthetic graph.

Every answer on the sample is compared with an independent computation in plain Python:
lineage from tests.query_support.lineage_graph (the raw JSONL, networkx), model licenses
from the raw JSONL and mapping.csv (the raw strings passed through the loaders'
normalizer, which is called, never re-implemented), repository licenses from
all_gh_licenses.json, the OSADL and PeaTMOSS/LF tables from their raw files, and only the
knowledge the loader derives (License terms, the curated and ModelGo verdicts) read back
from the graph. The pass-down rule is recomputed with a different algorithm (a widest-path
search over the lattice no < unknown < yes instead of the queries' reachability sets).
The PeaTMOSS study is checked against a re-implementation of the paper's script."""

from __future__ import annotations

import csv
import gzip
import heapq
import json
import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

import networkx as nx
import pytest

from ptmkg.graph.schema import Batch
from ptmkg.loaders.identity import LEGACY_ORGS
from ptmkg.loaders.license_knowledge import normalize
from tests.conftest import SHARED
from tests.query_support import lineage_graph, raw_models, run_named, same_on_both, without_self_loops

PEATMOSS = SHARED / "peatmoss"
OSADL = SHARED / "licenses" / "osadl" / "matrixseqexpl.json"
ALL_ROWS = 10**9
SOURCES = ("curated", "modelgo", "osadl", "peatmoss-lf")
MATRICES = ("peatmoss-lf", "osadl", "modelgo", "curated", "ml-terms", "all")

# --------------------------------------------------------------------------------------
# Raw data, read without ptmkg's loaders
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def sample_ids() -> dict[str, str]:
    return {r["id"].lower(): r["id"] for r in raw_models()}


def canon(key: str) -> str:
    """A legacy bare id (`gpt2`) names `org/gpt2` when the sample holds exactly one such model."""
    if "/" in key:
        return key
    found = [f"{org}/{key}" for org in LEGACY_ORGS if f"{org}/{key}" in sample_ids()]
    return found[0] if len(found) == 1 else key


def repo_of(url: str) -> str:
    path = re.sub(r"^(https?://)?(www\.)?github\.com/", "", url.strip()).strip("/")
    repo = "/".join(path.split("/")[:2])
    return repo[:-4] if repo.endswith(".git") else repo


@lru_cache(maxsize=1)
def mapping_rows() -> tuple[tuple[str, str, str], ...]:
    """(repository key, model key, hf license as written), one per mapping.csv row."""
    with open(PEATMOSS / "mapping.csv", newline="") as fh:
        return tuple((repo_of(r[0]).lower(), canon(r[1].strip().lower()), r[3].strip()) for r in csv.reader(fh) if r)


@lru_cache(maxsize=1)
def gh_raw() -> dict[str, list[str] | None]:
    return json.loads((PEATMOSS / "all_gh_licenses.json").read_text())


@lru_cache(maxsize=1)
def gh_licenses() -> dict[str, list[str] | None]:
    return {k.lower(): v for k, v in gh_raw().items()}


def _card_strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [s.strip() for s in items if isinstance(s, str) and s.strip() and len(s) <= 300 and not re.search(r"[\x00-\x1f\x7f]", s)]


@lru_cache(maxsize=1)
def model_licenses() -> dict[str, dict[str, frozenset[str]]]:
    """model key -> license key -> where the license was declared."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in raw_models():
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        name = card.get("license_name") if isinstance(card.get("license_name"), str) else None
        link = card.get("license_link") if isinstance(card.get("license_link"), str) else None
        declared = [(s, "hf:card") for s in _card_strings(card.get("license"))]
        declared += [(t[len("license:") :], "hf:tag") for t in r["tags"] if t.startswith("license:")]
        for raw, where in declared:
            m = normalize(raw, name=name, link=link)
            if m is not None:
                found[r["id"].lower()][m.key].add(where)
    for _repo, model, lic in mapping_rows():
        m = normalize(lic) if lic else None
        if m is not None:
            found[model][m.key].add("peatmoss:mapping")
    return {k: {lk: frozenset(s) for lk, s in v.items()} for k, v in found.items()}


def mapping_licenses(model: str) -> list[str]:
    return sorted(k for k, s in model_licenses().get(model, {}).items() if "peatmoss:mapping" in s)


@lru_cache(maxsize=1)
def graph() -> nx.DiGraph:
    return nx.relabel_nodes(lineage_graph(), {n: canon(n) for n in lineage_graph()})


@lru_cache(maxsize=1)
def raw_tables() -> dict[tuple[str, str], dict[str, str]]:
    """(inbound key, outbound key) -> {source: verdict} for the OSADL and PeaTMOSS/LF tables,
    read from the raw files (ids normalized with the loaders' normalizer)."""
    out: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    osadl = {"Yes": "yes", "No": "no", "Unknown": "unknown", "Check dependency": "conditional", "Same": "same"}
    for lead in json.loads(OSADL.read_text())["licenses"]:
        for cell in lead["compatibilities"]:
            out[(normalize(cell["name"]).key, normalize(lead["name"]).key)]["osadl"] = osadl[cell["compatibility"]]
    lf = json.loads((PEATMOSS / "lf-oss-license-compatibility.json").read_text())["matrix"]
    for row, cells in lf.items():
        for col, v in cells.items():
            out[(normalize(col).key, normalize(row).key)]["peatmoss-lf"] = {"yes": "yes", "no": "no", "?": "unknown", None: "same"}[v]
    return dict(out)


# --------------------------------------------------------------------------------------
# Knowledge read back from the graph (License terms; the curated and ModelGo verdicts)
# --------------------------------------------------------------------------------------

_KNOWLEDGE: dict[str, Any] = {}


def knowledge(stores: dict) -> dict[str, Any]:
    if not _KNOWLEDGE:
        store = stores["neo4j"]
        rows = store.run("MATCH (l:License) RETURN l.key AS key, l.id AS id, l.known AS known, l.commercial AS commercial, "
                         "l.copyleft AS copyleft, l.derivative_license AS derivative_license, l.use_restrictions AS use_restrictions, "
                         "l.covers_distillation AS covers_distillation, l.name_prefix AS name_prefix")
        _KNOWLEDGE["lic"] = {r["key"]: r for r in rows}
        edges: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for k, v in raw_tables().items():
            edges[k].update(v)
        for r in store.run("MATCH (a:License)-[c:COMPATIBLE_INTO]->(b:License) WHERE c.source IN ['curated', 'modelgo'] "
                           "RETURN a.key AS a, b.key AS b, c.source AS s, c.verdict AS v"):
            edges[(r["a"], r["b"])][r["s"]] = r["v"]
        _KNOWLEDGE["edges"] = dict(edges)
    return _KNOWLEDGE


def lic_id(k: dict, key: str | None) -> str | None:
    return None if key is None else k["lic"][key]["id"]


# --------------------------------------------------------------------------------------
# The pass-down rule, recomputed as a widest path over no(0) < unknown(1) < yes(2)
# --------------------------------------------------------------------------------------

LEVEL = {"no": 0, "unknown": 1, "yes": 2}
WORD = {v: k for k, v in LEVEL.items()}


def hop(relation: str, group: str, cd: str | None) -> int:
    if relation in ("finetune", "merge", "quantized"):
        return 2
    if relation == "adapter":
        return 2 if group == "use" else 1
    if relation == "distill":
        return LEVEL.get(cd or "unknown", 1)
    # relation not declared: passes only what every kind would pass
    return 2 if group == "use" and cd == "yes" else 1


def widest(g: nx.DiGraph, src: str, group: str, cd: str | None, down: bool = False) -> dict[str, int]:
    best = {src: 2}
    heap = [(-2, src)]
    while heap:
        v, x = heapq.heappop(heap)
        v = -v
        if v < best[x]:
            continue
        nxt = g.predecessors(x) if down else g.successors(x)
        for y in nxt:
            if y == x:
                continue
            rel = g.edges[(y, x) if down else (x, y)]["relation"]
            w = min(v, hop(rel, group, cd))
            if w > best.get(y, -1):
                best[y] = w
                heapq.heappush(heap, (-w, y))
    best.pop(src)
    return best


def shortest_strings(g: nx.DiGraph, src: str, allowed: Any = None, down: bool = False) -> dict[str, tuple[int, str]]:
    """target -> (distance, smallest relation string of a shortest path), the string read
    from the derived model up to its ancestor; `allowed(relation)` filters the hops."""
    ok = allowed or (lambda rel: True)
    dist = {src: 0}
    order = [src]
    for x in order:
        nxt = g.predecessors(x) if down else g.successors(x)
        for y in nxt:
            if y != x and y not in dist and ok(g.edges[(y, x) if down else (x, y)]["relation"]):
                dist[y] = dist[x] + 1
                order.append(y)
    best = {src: ""}
    for x in order[1:]:
        cands = []
        for y in (g.successors(x) if down else g.predecessors(x)):
            if dist.get(y) == dist[x] - 1:
                rel = g.edges[(x, y) if down else (y, x)]["relation"]
                if ok(rel):
                    cands.append(rel + (">" + best[y] if best[y] else "") if down else best[y] + (">" if best[y] else "") + rel)
        best[x] = min(cands)
    return {n: (dist[n], best[n]) for n in order[1:]}


def yes_relations(group: str, cd: str | None) -> set[str]:
    return {rel for rel in ("finetune", "merge", "quantized", "adapter", "distill", "unknown") if hop(rel, group, cd) == 2}


# --------------------------------------------------------------------------------------
# Sample: obligations and drift
# --------------------------------------------------------------------------------------


def deepest_models(n: int) -> list[str]:
    h = without_self_loops(graph())
    longest: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(h))):
        longest[node] = 1 + max((longest[b] for b in h.successors(node)), default=-1)
    return [k for k, _ in sorted(longest.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def obligation_models() -> list[str]:
    g = graph()
    loops = sorted(n for n, _ in nx.selfloop_edges(g))
    odd = sorted({c for c, b, r in g.edges(data="relation") if r in ("adapter", "unknown") and b in model_licenses()})
    licensed = sorted(m for m in model_licenses() if m in g and g.out_degree(m) > 0)
    return deepest_models(2) + loops[:2] + odd[:4] + licensed[::150][:4]


@pytest.mark.parametrize("model", obligation_models())
def test_obligations_equal_an_independent_computation(sample_stores, model):
    rows = same_on_both(sample_stores, "licenses/obligations", model_id=model)
    k = knowledge(sample_stores)
    g = graph()
    ancestors = {model: (0, "")} | shortest_strings(without_self_loops(g), model)
    passes = {(grp, cd): widest(g, model, grp, cd) for grp in ("use", "der") for cd in ("yes", "no", "unknown")}
    expected = set()
    for a, (depth, path) in ancestors.items():
        lics = model_licenses().get(a) or {None: frozenset()}
        for lic, sources in lics.items():
            cd = k["lic"][lic]["covers_distillation"] if lic else "unknown"
            cd = cd if cd in ("yes", "no") else "unknown"
            use = "yes" if depth == 0 else WORD[passes[("use", cd)][a]]
            der = "yes" if depth == 0 else WORD[passes[("der", cd)][a]]
            expected.add((a, depth, path, lic_id(k, lic), tuple(sorted(sources)) if lic else None, use, der))
    got = {(r["ancestor"].lower(), r["depth"], r["path"], r["license"], tuple(sorted(r["license_source"])) if r["license_source"] else None,
            r["use_terms"], r["derivative_terms"]) for r in rows}
    assert got == expected
    assert len(rows) == len(expected)
    for r in rows:  # the terms shown are the License node's
        if r["license"] is not None:
            key = next(key for key, row in k["lic"].items() if row["id"] == r["license"])
            assert r["commercial"] == k["lic"][key]["commercial"] and r["covers_distillation"] == k["lic"][key]["covers_distillation"]


def test_obligations_of_the_deepest_chain_terminate_and_reach_the_root(sample_stores):
    model = deepest_models(1)[0]
    h = without_self_loops(graph())
    assert nx.dag_longest_path_length(h) >= 70  # far past LadybugDB's default 30-hop bound
    rows = same_on_both(sample_stores, "licenses/obligations", model_id=model)
    dist = nx.single_source_shortest_path_length(h, model)
    assert {r["ancestor"].lower() for r in rows} == set(dist)
    assert max(r["depth"] for r in rows) == max(dist.values())


def test_unknown_model_is_an_error(sample_stores):
    from ptmkg.errors import NotInGraph

    for store in sample_stores.values():
        with pytest.raises(NotInGraph):
            run_named(store, "licenses/obligations", model_id="nobody/no-such-model")


def expected_drift(k: dict) -> set[tuple]:
    g = without_self_loops(graph())
    out = set()
    for m, lics in model_licenses().items():
        if m not in g:
            continue
        for a, d in nx.single_source_shortest_path_length(g, m).items():
            if a == m or a not in model_licenses():
                continue
            for lm in lics:
                for la in model_licenses()[a]:
                    if lm != la:
                        out.add((m, lic_id(k, lm), a, lic_id(k, la), d))
    return out


def test_drift_equals_an_independent_computation(sample_stores):
    rows = same_on_both(sample_stores, "licenses/drift", limit=ALL_ROWS)
    got = {(r["model"].lower(), r["model_license"], r["ancestor"].lower(), r["ancestor_license"], r["depth"]) for r in rows}
    assert got == expected_drift(knowledge(sample_stores))
    assert len(rows) == len(got) > 0
    assert [r for r in rows] == sorted(rows, key=lambda r: (r["model"], r["ancestor"], r["model_license"], r["ancestor_license"]))
    first = same_on_both(sample_stores, "licenses/drift", limit=7)
    assert first == rows[:7]
    one = rows[len(rows) // 2]["model"]
    scoped = same_on_both(sample_stores, "licenses/drift", model_id=one.upper(), limit=ALL_ROWS)
    assert scoped == [r for r in rows if r["model"] == one]


# --------------------------------------------------------------------------------------
# Sample: the lineage conflicts
# --------------------------------------------------------------------------------------


def said(k: dict, a: str, b: str, verdicts: tuple[str, ...]) -> list[str]:
    return sorted(s for s, v in k["edges"].get((a, b), {}).items() if v in verdicts)


def expected_conflicts(k: dict, rule: str) -> set[tuple]:
    g = graph()
    lic = k["lic"]
    group = "der" if rule in ("share-alike", "no-derivatives") else "use"
    out = set()
    for a, alics in model_licenses().items():
        if a not in g:
            continue
        for la in alics:
            t = lic[la]
            hit = {
                "non-commercial": t["commercial"] == "prohibited",
                "restrictions-dropped": t["use_restrictions"] == "yes",
                "name-prefix": t["name_prefix"] is not None,
                "no-derivatives": t["derivative_license"] == "not-distributable",
                "share-alike": t["derivative_license"] in ("same", "same-or-compatible"),
            }[rule]
            if not hit:
                continue
            ok = yes_relations(group, t["covers_distillation"])
            for m, (depth, path) in shortest_strings(g, a, allowed=lambda rel: rel in ok, down=True).items():
                if m == a:
                    continue
                mlics = list(model_licenses().get(m, {})) or [None]
                for lm in mlics:
                    u = lic[lm] if lm else None
                    if rule == "non-commercial" and not (u and u["commercial"] in ("allowed", "conditional")):
                        continue
                    if rule == "restrictions-dropped" and not (u and u["use_restrictions"] == "no"):
                        continue
                    if rule == "name-prefix":
                        squash = lambda s: re.sub(r"[ \-_.]", "", s.lower())  # noqa: E731
                        if squash(m.split("/")[-1]).startswith(squash(t["name_prefix"])):
                            continue
                    if rule == "share-alike":
                        if not (u and u["known"] and lm != la) or said(k, la, lm, ("yes", "same")):
                            continue
                        if not (t["derivative_license"] == "same" or u["copyleft"] == "none" or said(k, la, lm, ("no",))):
                            continue
                    if rule in ("non-commercial", "restrictions-dropped", "share-alike") and lm is None:
                        continue
                    out.add((m, lic_id(k, lm), a, lic_id(k, la), depth, path))
    return out


@pytest.mark.parametrize("rule", ["non-commercial", "restrictions-dropped", "name-prefix", "no-derivatives", "share-alike"])
def test_lineage_conflicts_equal_an_independent_computation(sample_stores, rule):
    rows = same_on_both(sample_stores, f"licenses/conflict-{rule}", limit=ALL_ROWS)
    expected = expected_conflicts(knowledge(sample_stores), rule)
    got = {(r["model"].lower(), r["model_license"], r["ancestor"].lower(), r["ancestor_license"], r["depth"], r["path"]) for r in rows}
    assert got == expected
    assert len(rows) == len(expected)
    assert all(r["rule"] == rule and r["reason"] and r["ancestor_terms_source"] for r in rows)
    assert rows == sorted(rows, key=lambda r: (r["model"], r["ancestor"], r["ancestor_license"], r["model_license"] or ""))


def test_the_sample_has_conflicts_of_most_kinds(sample_stores):
    k = knowledge(sample_stores)
    # guards against vacuous equality above: the real sample holds NC laundering, dropped
    # restrictions, missing name prefixes and unhonoured share-alike
    for rule in ("non-commercial", "restrictions-dropped", "name-prefix", "share-alike"):
        assert expected_conflicts(k, rule), rule


def test_conflict_scope_and_limit(sample_stores):
    rows = same_on_both(sample_stores, "licenses/conflict-restrictions-dropped", limit=ALL_ROWS)
    assert same_on_both(sample_stores, "licenses/conflict-restrictions-dropped", limit=5) == rows[:5]
    model = rows[-1]["model"]
    scoped = same_on_both(sample_stores, "licenses/conflict-restrictions-dropped", model_id=model.lower(), limit=ALL_ROWS)
    assert scoped == [r for r in rows if r["model"] == model]
    assert same_on_both(sample_stores, "licenses/conflict-restrictions-dropped", model_id="nobody/nothing", limit=10) == []


def expected_merge_conflicts(k: dict) -> set[tuple]:
    g = graph()
    lic = k["lic"]

    def blocked(a: str, b: str) -> bool:
        ta = lic[a]
        if said(k, a, b, ("no",)):
            return True
        if said(k, a, b, ("yes", "same")):
            return False
        return ta["derivative_license"] == "same" or (ta["derivative_license"] == "same-or-compatible" and lic[b]["copyleft"] == "none")

    out = set()
    for m in g:
        parents = sorted(b for _, b, rel in g.out_edges(m, data="relation") if rel == "merge" and b != m)
        for i, p1 in enumerate(parents):
            for p2 in parents[i + 1 :]:
                for l1 in model_licenses().get(p1, {}):
                    for l2 in model_licenses().get(p2, {}):
                        if l1 != l2 and lic[l1]["known"] and lic[l2]["known"] and blocked(l1, l2) and blocked(l2, l1):
                            out.add((m, p1, lic_id(k, l1), p2, lic_id(k, l2)))
    return out


def test_merge_conflicts_equal_an_independent_computation(sample_stores):
    rows = same_on_both(sample_stores, "licenses/conflict-merge", limit=ALL_ROWS)
    got = {(r["model"].lower(), r["parent"].lower(), r["parent_license"], r["other_parent"].lower(), r["other_license"]) for r in rows}
    expected = expected_merge_conflicts(knowledge(sample_stores))
    assert got == expected and expected
    assert all(r["rule"] == "merge" and "cannot go into" in r["reason"] for r in rows)


# --------------------------------------------------------------------------------------
# Sample: repository -> model verdicts and the PeaTMOSS study
# --------------------------------------------------------------------------------------


def verdict(k: dict, li: str | None, lo: str | None, matrix: str) -> tuple[str, str | None]:
    """(compatible | incompatible | unknown, deciding source) as documented."""
    if li is None or lo is None:
        return "unknown", None
    cells = k["edges"].get((li, lo), {})
    chosen = {s: v for s, v in cells.items() if matrix in (s, "all") or (matrix == "ml-terms" and s in ("curated", "modelgo"))}
    nos = sorted(s for s, v in chosen.items() if v == "no")
    yess = sorted(s for s, v in chosen.items() if v in ("yes", "same"))
    unks = sorted(s for s, v in chosen.items() if v in ("unknown", "conditional"))
    terms = matrix in ("ml-terms", "all")
    a, b = k["lic"][li], k["lic"][lo]
    any_yes = any(v in ("yes", "same") for v in cells.values())
    terms_no = terms and (a["derivative_license"] == "not-distributable" or (li != lo and not any_yes and (
        (a["derivative_license"] == "same" and b["known"]) or (a["derivative_license"] == "same-or-compatible" and b["copyleft"] == "none"))))
    terms_yes = terms and (li == lo or (a["derivative_license"] == "any" and b["copyleft"] == "none"))
    if nos:
        return "incompatible", ", ".join(nos)
    if terms_no:
        return "incompatible", "ml-terms"
    if yess:
        return "compatible", ", ".join(yess)
    if terms_yes:
        return "compatible", "ml-terms"
    return "unknown", ", ".join(unks) or None


def uses_pairs() -> list[tuple[str, str]]:
    return sorted({(repo, model) for repo, model, _ in mapping_rows()})


def repo_license_keys(repo: str) -> list[str] | None:
    lics = gh_licenses().get(repo)
    return sorted({normalize(x, scheme="scancode").key for x in lics}) if lics else None


@pytest.mark.parametrize("matrix", ["all", "peatmoss-lf", "ml-terms"])
def test_app_compatibility_equals_an_independent_computation(sample_stores, matrix):
    rows = same_on_both(sample_stores, "licenses/app-compatibility", matrix=matrix, limit=ALL_ROWS)
    k = knowledge(sample_stores)
    expected = set()
    for repo, model in uses_pairs():
        for lo in repo_license_keys(repo) or [None]:
            for li in list(model_licenses().get(model, {})) or [None]:
                expected.add((repo, lic_id(k, lo), model, lic_id(k, li)) + verdict(k, li, lo, matrix))
    got = {(r["repository"].lower(), r["repository_license"], r["model"].lower(), r["model_license"], r["verdict"], r["verdict_source"]) for r in rows}
    assert got == expected
    assert len(rows) == len(expected)
    for r in rows:
        assert r["reason"]
        if r["verdict_source"] and r["verdict_source"] != "ml-terms":
            assert r["reason"].startswith(r["verdict_source"].split(", ")[0] + ": ")
        if r["repository_license"] is None:
            assert r["verdict"] == "unknown"  # unknown stays unknown
    assert {r["verdict"] for r in rows} == {"compatible", "incompatible", "unknown"}


def test_app_compatibility_scope(sample_stores):
    repo = "huggingface/transformers"
    rows = same_on_both(sample_stores, "licenses/app-compatibility", repository_id=repo.upper(), limit=ALL_ROWS)
    assert {r["model"].lower() for r in rows} == {m for r_, m in uses_pairs() if r_ == repo}
    assert same_on_both(sample_stores, "licenses/app-compatibility", matrix="no-such-matrix") == []


# -- the paper's script, re-implemented from its description and code (License-Analysis/
#    analyzeIncompatibilities/licenseCompatibilitiesSankey.py): its 11 aliases, its "other"
#    list, "unlicense" read as no license, repositories with more than one license skipped,
#    the LF table looked up by its own ids (row = repository, column = model).
PAPER_ALIASES = {
    "bsd-new": "bsd-3-clause", "bsd-modified": "bsd-3-clause", "bsd-simplified": "bsd-2-clause", "openrail++": "openrail",
    "gpl-2.0": "gpl-2.0-only", "gpl-3.0": "gpl-3.0-only", "gpl-3.0-plus": "gpl-3.0-or-later", "agpl-3.0": "agpl-3.0-only",
    "lgpl-3.0": "lgpl-3.0-only", "lgpl-3.0-plus": "lgpl-3.0-or-later", "lgpl-2.1": "lgpl-2.1-only",
}  # fmt: skip
PAPER_OTHERS = {"other", "unknown", "unknown-license-reference", "warranty-disclaimer", "generic-cla", "commercial-license", "other-permissive", "other-copyleft"}
PANDAS_NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}


def paper_process(lic: str | None) -> str:
    if lic is None or lic == "unlicense":
        return "no license"
    if lic in PAPER_OTHERS:
        return "other"
    return PAPER_ALIASES.get(lic, lic)


@lru_cache(maxsize=1)
def paper_study() -> tuple[dict[str, int], Counter]:
    lf = json.loads((PEATMOSS / "lf-oss-license-compatibility.json").read_text())["matrix"]
    rows_, cols = set(lf), {c for cells in lf.values() for c in cells}
    figures = Counter()
    flows: Counter = Counter()
    repos, no_license_repos = set(), set()
    with open(PEATMOSS / "mapping.csv", newline="") as fh:
        for row in csv.reader(fh):
            figures["pairs"] += 1
            hf = "no license" if row[3] in PANDAS_NA else row[3].lower()
            name = re.search(r"github\.com[\/:](.+\/.+?)(?:\.git)?$", row[0]).group(1)
            gh = gh_raw()[name]
            repos.add(name)
            gh = ["no license"] if gh is None else gh
            if len(gh) == 1 and paper_process(gh[0]) == "no license":
                no_license_repos.add(name)
            if len(gh) > 1:
                continue
            hf, out = paper_process(hf), paper_process(gh[0])
            figures["single_license_pairs"] += 1
            figures["identical"] += hf == out
            figures["pairs_without_repository_license"] += gh[0] == "no license"
            if hf not in cols or out not in rows_:
                v = "unanalyzed"
            elif hf == out:
                v = "compatible"
            else:
                v = {"yes": "compatible", "no": "incompatible", "?": "unanalyzed"}[lf[out][hf]]
            figures[v] += 1
            flows[(hf, out, v)] += 1
    figures["repositories"] = len(repos)
    figures["repositories_without_license"] = len(no_license_repos)
    return dict(figures), flows


def test_the_paper_reimplementation_gives_the_published_figure():
    figures, _ = paper_study()
    # PeaTMOSS (MSR 2024) section 7: 0.24 % of the pairs, 54 of 22,474, are incompatible
    assert (figures["incompatible"], figures["single_license_pairs"]) == (54, 22474)
    assert round(100 * figures["incompatible"] / figures["single_license_pairs"], 2) == 0.24


COUNTS = ("pairs", "single_license_pairs", "compatible", "incompatible", "unanalyzed", "identical", "pairs_without_repository_license", "repositories", "repositories_without_license")


def pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 2)


def check_percentages(row: dict) -> None:
    s = row["single_license_pairs"]
    assert row["single_license_pct"] == pct(s, row["pairs"])
    for c in ("compatible", "incompatible", "unanalyzed", "identical", "pairs_without_repository_license"):
        assert row[f"{c}_pct"] == pct(row[c], s), c
    assert row["repositories_without_license_pct"] == pct(row["repositories_without_license"], row["repositories"])
    assert row["compatible"] + row["incompatible"] + row["unanalyzed"] == s


def test_peatmoss_study_reproduces_the_paper(sample_stores):
    rows = same_on_both(sample_stores, "licenses/peatmoss-study")  # matrix paper by default
    assert len(rows) == 1 and rows[0]["matrix"] == "paper"
    figures, _ = paper_study()
    assert {c: rows[0][c] for c in COUNTS} == {c: figures[c] for c in COUNTS}
    check_percentages(rows[0])
    assert rows[0]["incompatible_pct"] == 0.24


def ptmkg_study(k: dict, matrix: str) -> tuple[dict[str, int], Counter]:
    """The paper's method on ptmkg's normalized licenses: pairs are distinct (repository,
    model) links times the model's mapping licenses."""
    figures: Counter = Counter()
    flows: Counter = Counter()
    for repo, model in uses_pairs():
        lics = gh_licenses().get(repo)
        status = "unknown" if repo not in gh_licenses() else ("licensed" if lics else "none")
        for li in mapping_licenses(model) or [None]:
            figures["pairs"] += 1
            if not (status == "none" or (status == "licensed" and len(lics) == 1)):
                continue
            lo = normalize(lics[0], scheme="scancode").key if lics else None
            figures["single_license_pairs"] += 1
            figures["identical"] += li is not None and li == lo
            figures["pairs_without_repository_license"] += status == "none"
            v = {"unknown": "unanalyzed"}.get(verdict(k, li, lo, matrix)[0], verdict(k, li, lo, matrix)[0])
            figures[v] += 1
            flows[(lic_id(k, li) or "no license", lic_id(k, lo) or "no license", v)] += 1
    repos = {repo for repo, _ in uses_pairs()}
    figures["repositories"] = len(repos)
    figures["repositories_without_license"] = sum(1 for r in repos if r in gh_licenses() and not gh_licenses()[r])
    return dict(figures), flows


@pytest.mark.parametrize("matrix", MATRICES)
def test_peatmoss_study_with_ptmkg_normalization_and_other_matrices(sample_stores, matrix):
    rows = same_on_both(sample_stores, "licenses/peatmoss-study", matrix=matrix)
    figures, _ = ptmkg_study(knowledge(sample_stores), matrix)
    assert rows[0]["matrix"] == matrix
    assert {c: rows[0][c] for c in COUNTS} == {c: figures.get(c, 0) for c in COUNTS}
    check_percentages(rows[0])


def test_what_the_normalization_changes_in_the_study(sample_stores):
    """Same table, two readings of the license strings. Every pair whose verdict or identity
    differs between the paper's reading and ptmkg's has a string that ptmkg's normalizer
    reads as another license than the paper's aliases do; docs/license-queries.md names
    them. The repositories without a license differ by the lone `unlicense` repositories."""
    k = knowledge(sample_stores)
    lf = json.loads((PEATMOSS / "lf-oss-license-compatibility.json").read_text())["matrix"]
    rows_, cols = set(lf), {c for cells in lf.values() for c in cells}

    def paper_pair(hf: str, gh: str | None) -> tuple[str, bool]:
        a, b = paper_process(hf.lower()), paper_process(gh)
        if a not in cols or b not in rows_:
            return "unanalyzed", a == b
        v = "compatible" if a == b else {"yes": "compatible", "no": "incompatible", "?": "unanalyzed"}[lf[b][a]]
        return v, a == b

    def ours_pair(hf: str, gh: str | None) -> tuple[str, bool]:
        li, lo = normalize(hf).key, normalize(gh, scheme="scancode").key if gh else None
        v = verdict(k, li, lo, "peatmoss-lf")[0]
        return {"unknown": "unanalyzed"}.get(v, v), li == lo

    paper, _ = paper_study()
    ours, _ = ptmkg_study(k, "peatmoss-lf")
    shift: Counter = Counter()
    responsible = set()
    for _repo, model, hf in mapping_rows():
        gh = gh_licenses().get(_repo)
        if gh is not None and len(gh) != 1:
            continue
        g = gh[0] if gh else None
        (pv, pi), (ov, oi) = paper_pair(hf, g), ours_pair(hf, g)
        if (pv, pi) == (ov, oi):
            continue
        shift[pv] -= 1
        shift[ov] += 1
        shift["identical"] += oi - pi
        for s, scheme in ((hf.lower(), None), (g, "scancode")):
            if s and normalize(s, scheme=scheme).key != paper_process(s):  # read as another id than the paper's
                responsible.add(s)
    for c in ("compatible", "incompatible", "unanalyzed", "identical"):
        assert ours[c] == paper[c] + shift[c], c
    assert ours["incompatible"] == paper["incompatible"]  # the 0.24 % does not move
    assert responsible == {"bsd-original-uc", "bsd-plus-patent", "stable-diffusion-2022-08-22"}
    unlicensed = {r for r, lics in gh_raw().items() if lics == ["unlicense"]} & {repo_of(row[0]) for row in csv.reader(open(PEATMOSS / "mapping.csv"))}
    assert paper["repositories_without_license"] - ours["repositories_without_license"] == len(unlicensed) > 0


@pytest.mark.parametrize("matrix", ["paper", "peatmoss-lf", "osadl", "all"])
def test_peatmoss_flows(sample_stores, matrix):
    rows = same_on_both(sample_stores, "licenses/peatmoss-flows", matrix=matrix)
    _, flows = paper_study() if matrix == "paper" else ptmkg_study(knowledge(sample_stores), matrix)
    assert {(r["model_license"], r["repository_license"], r["verdict"]): r["pairs"] for r in rows} == dict(flows)
    assert [r["pairs"] for r in rows] == sorted((r["pairs"] for r in rows), reverse=True)
    study = same_on_both(sample_stores, "licenses/peatmoss-study", matrix=matrix)[0]
    for v in ("compatible", "incompatible", "unanalyzed"):
        assert sum(r["pairs"] for r in rows if r["verdict"] == v) == study[v]


# --------------------------------------------------------------------------------------
# Synthetic: each conflict rule fires exactly once; near misses do not
# --------------------------------------------------------------------------------------

TERMS = ("commercial", "copyleft", "derivative_license", "use_restrictions", "covers_distillation")


def lic(key: str, **terms: Any) -> dict[str, Any]:
    row = {t: "unknown" for t in TERMS}
    row.update(id=key.upper(), known=True, kind="ml", family="other", terms_source="test", name_prefix=None)
    row.update(terms)
    return row


SYN_LICENSES = {
    "perm": lic("perm", commercial="allowed", copyleft="none", derivative_license="any", use_restrictions="no"),
    "perm2": lic("perm2", commercial="allowed", copyleft="none", derivative_license="any", use_restrictions="no"),
    "nc": lic("nc", commercial="prohibited", derivative_license="any-with-passthrough"),
    "nc2": lic("nc2", commercial="prohibited"),
    "rail": lic("rail", commercial="allowed", use_restrictions="yes", derivative_license="any-with-passthrough", covers_distillation="yes"),
    "rail-nodist": lic("rail-nodist", use_restrictions="yes", covers_distillation="no"),
    "llama": lic("llama", name_prefix="Llama 3", covers_distillation="yes"),
    "sa": lic("sa", copyleft="share-alike", derivative_license="same-or-compatible"),
    "sa2": lic("sa2", copyleft="share-alike", derivative_license="same-or-compatible"),
    "sa-ok": lic("sa-ok", copyleft="none", derivative_license="any"),
    "gpl": lic("gpl", copyleft="strong", derivative_license="same"),
    "nd": lic("nd", derivative_license="not-distributable"),
    "mystery": lic("mystery", known=False),
}
SYN_VERDICTS = [("sa", "sa-ok", "yes"), ("rail", "gpl", "no"), ("perm", "gpl", "yes")]

# (model, licenses, [(base, relation)]); comments say which rule should fire or why not
SYN_MODELS = [
    # non-commercial: fires once (n1); near misses: distill / unknown hops from a license
    # that says nothing about distillation, a derivative that is NC too, an unknown license
    ("t/n0", ["nc"], []),
    ("t/n1", ["perm"], [("t/n0", "finetune"), ("t/n1", "finetune")]),  # + a self-reference
    ("t/n2", ["perm"], [("t/n0", "distill")]),
    ("t/n3", ["perm"], [("t/n0", "unknown")]),
    ("t/n4", ["nc2"], [("t/n0", "merge")]),
    ("t/n5", ["mystery"], [("t/n0", "finetune")]),
    # restrictions dropped: fires once (r1, over an undeclared relation from a license that
    # covers distillation); near misses: the same license, a distill hop the license does not
    # cover, an unknown license
    ("t/r0", ["rail"], []),
    ("t/r1", ["perm2"], [("t/r0", "unknown")]),
    ("t/r2", ["rail"], [("t/r0", "finetune")]),
    ("t/r3", ["mystery"], [("t/r0", "finetune")]),
    ("t/rn", ["rail-nodist"], []),
    ("t/r4", ["perm"], [("t/rn", "distill")]),
    # name prefix: fires once (Cool-Model, two hops through a cycle); the others carry the
    # prefix in some spelling
    ("t/l0", ["llama"], []),
    ("t/Llama-3-tuned", [], [("t/l0", "finetune")]),
    ("t/LLAMA_3_adapter", [], [("t/l0", "adapter")]),
    ("t/llama3.q4", [], [("t/Llama-3-tuned", "quantized")]),
    ("t/Llama-3-cyc", [], [("t/l0", "merge"), ("t/Llama-3-cyc2", "merge")]),
    ("t/Llama-3-cyc2", [], [("t/Llama-3-cyc", "merge")]),
    ("t/Cool-Model", [], [("t/Llama-3-cyc2", "finetune")]),
    # share-alike: fires once (s1: a permissive license); near misses: another share-alike
    # license nothing compares (unknown), a license a source says is compatible, an adapter
    # (derivative terms unknown), the same license over a quantization
    ("t/s0", ["sa"], []),
    ("t/s1", ["perm"], [("t/s0", "finetune")]),
    ("t/s2", ["sa2"], [("t/s0", "finetune")]),
    ("t/s3", ["sa-ok"], [("t/s0", "finetune")]),
    ("t/s4", ["perm"], [("t/s0", "adapter")]),
    ("t/s5", ["sa"], [("t/s0", "quantized")]),
    # no derivatives: fires once (d1, whatever its license); near misses: adapter, distill
    ("t/d0", ["nd"], []),
    ("t/d1", ["nd"], [("t/d0", "merge")]),
    ("t/d2", ["perm"], [("t/d0", "adapter")]),
    ("t/d3", ["perm"], [("t/d0", "distill")]),
    # merge: fires once (m1: GPL requires the same license, RAIL cannot go into GPL); near
    # misses: a permissive parent a source lets into GPL, two share-alike licenses nothing
    # compares, the same parents over finetune edges
    ("t/mp-gpl", ["gpl"], []),
    ("t/mp-rail", ["rail"], []),
    ("t/mp-perm", ["perm"], []),
    ("t/mp-sa", ["sa"], []),
    ("t/mp-sa2", ["sa2"], []),
    ("t/m1", [], [("t/mp-gpl", "merge"), ("t/mp-rail", "merge")]),
    ("t/m2", [], [("t/mp-gpl", "merge"), ("t/mp-perm", "merge")]),
    ("t/m3", [], [("t/mp-sa", "merge"), ("t/mp-sa2", "merge")]),
    ("t/m4", [], [("t/mp-gpl", "finetune"), ("t/mp-rail", "finetune")]),
]


def load_synthetic(stores: dict) -> None:
    b = Batch()
    for key, row in SYN_LICENSES.items():
        b.node("License", key=key, source=["test"], **row)
    for a, c, v in SYN_VERDICTS:
        b.rel("COMPATIBLE_INTO", "License", a, "License", c, source="test", verdict=v, reason=f"test: {a} into {c} {v}")
    for mid, lics, bases in SYN_MODELS:
        b.node("Model", key=mid.lower(), id=mid, loaded=True, aliases=[mid.lower().replace("t/", "old-")])
        for l_ in lics:
            b.rel("LICENSED_UNDER", "Model", mid.lower(), "License", l_, raw=l_, source=["test"])
        for base, rel in bases:
            b.rel("BASED_ON", "Model", mid.lower(), "Model", base.lower(), relation=rel, source=["test"])
    for store in stores.values():
        store.write(b)


def test_each_conflict_rule_fires_exactly_once(stores):
    load_synthetic(stores)
    expect = {
        "non-commercial": ("t/n1", "PERM", "t/n0", "NC", 1, "finetune"),
        "restrictions-dropped": ("t/r1", "PERM2", "t/r0", "RAIL", 1, "unknown"),
        "name-prefix": ("t/Cool-Model", None, "t/l0", "LLAMA", 3, "finetune>merge>merge"),
        "share-alike": ("t/s1", "PERM", "t/s0", "SA", 1, "finetune"),
        "no-derivatives": ("t/d1", "ND", "t/d0", "ND", 1, "merge"),
    }
    for rule, row in expect.items():
        rows = same_on_both(stores, f"licenses/conflict-{rule}")
        assert [(r["model"], r["model_license"], r["ancestor"], r["ancestor_license"], r["depth"], r["path"]) for r in rows] == [row], rule
        assert rows[0]["rule"] == rule and rows[0]["ancestor_license_source"] == ["test"]
    rows = same_on_both(stores, "licenses/conflict-merge")
    assert [(r["model"], r["parent"], r["parent_license"], r["other_parent"], r["other_license"]) for r in rows] == [("t/m1", "t/mp-gpl", "GPL", "t/mp-rail", "RAIL")]
    assert "RAIL cannot go into GPL (no according to test)" in rows[0]["reason"]
    assert "GPL cannot go into RAIL (GPL requires derivatives under the same license)" in rows[0]["reason"]
    # scope: by id in any case and by alias; an unknown model gives nothing
    assert len(same_on_both(stores, "licenses/conflict-non-commercial", model_id="T/N1")) == 1
    assert len(same_on_both(stores, "licenses/conflict-non-commercial", model_id="old-n1")) == 1
    assert same_on_both(stores, "licenses/conflict-non-commercial", model_id="t/n2") == []


def test_obligations_on_synthetic_relations(stores):
    load_synthetic(stores)
    b = Batch()
    b.node("Model", key="t/ob", id="t/ob", loaded=True)
    for base, rel in [("t/r0", "distill"), ("t/rn", "distill"), ("t/s0", "adapter"), ("t/n0", "unknown"), ("t/l0", "unknown"), ("t/d0", "quantized")]:
        b.rel("BASED_ON", "Model", "t/ob", "Model", base, relation=rel, source=["test"])
    for store in stores.values():
        store.write(b)
    rows = same_on_both(stores, "licenses/obligations", model_id="t/ob")
    got = {(r["ancestor"], r["license"]): (r["depth"], r["path"], r["use_terms"], r["derivative_terms"]) for r in rows}
    assert got == {
        ("t/ob", None): (0, "", "yes", "yes"),
        ("t/r0", "RAIL"): (1, "distill", "yes", "yes"),  # covers distillation
        ("t/rn", "RAIL-NODIST"): (1, "distill", "no", "no"),  # says it does not
        ("t/s0", "SA"): (1, "adapter", "yes", "unknown"),
        ("t/n0", "NC"): (1, "unknown", "unknown", "unknown"),  # distillation not covered: kind matters
        ("t/l0", "LLAMA"): (1, "unknown", "yes", "unknown"),  # every kind passes use terms
        ("t/d0", "ND"): (1, "quantized", "yes", "yes"),
    }


def test_app_compatibility_keeps_unknown_unknown(stores):
    load_synthetic(stores)
    b = Batch()
    for repo, status, lics in [("o/gpl-app", "licensed", ["gpl"]), ("o/bare", "none", []), ("o/unchecked", "unknown", []), ("o/mystery", "licensed", ["mystery"])]:
        b.node("Repository", key=repo, id=repo, license_status=status, license_raw=";".join(lics) or None, source=["test"])
        for l_ in lics:
            b.rel("LICENSED_UNDER", "Repository", repo, "License", l_, raw=l_, source=["peatmoss:gh-licenses"])
        for m in ("t/mp-rail", "t/mp-perm"):
            b.rel("USES", "Repository", repo, "Model", m, source=["peatmoss:mapping"])
    for store in stores.values():
        store.write(b)
    rows = same_on_both(stores, "licenses/app-compatibility", matrix="all")
    got = {(r["repository"], r["model"]): (r["verdict"], r["verdict_source"]) for r in rows}
    assert got == {
        ("o/bare", "t/mp-perm"): ("unknown", None),
        ("o/bare", "t/mp-rail"): ("unknown", None),
        ("o/gpl-app", "t/mp-perm"): ("compatible", "test"),  # a source says yes
        ("o/gpl-app", "t/mp-rail"): ("incompatible", "test"),  # a source says no
        ("o/mystery", "t/mp-perm"): ("unknown", None),
        ("o/mystery", "t/mp-rail"): ("unknown", None),
        ("o/unchecked", "t/mp-perm"): ("unknown", None),
        ("o/unchecked", "t/mp-rail"): ("unknown", None),
    }
    reasons = {r["repository"]: r["reason"] for r in rows}
    assert reasons["o/bare"] == "no license found in the repository"
    assert reasons["o/unchecked"] == "the repository license was not checked"
    assert all(r["verdict"] != "compatible" for r in rows if r["repository"] in ("o/bare", "o/unchecked", "o/mystery"))
