"""The explorer, page by page, with Streamlit's AppTest against the real sample in the
embedded store: widgets, the values shown, no exception. The store is the session's
loaded sample (`_ladybug_sample`), handed to the app in-process; the real read-only open
of `PTMKG_STORE` is exercised by the store-down test here and by tests/test_ui_browser.py."""

from __future__ import annotations

import json
import random
import re

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from ptmkg.ui import APP  # noqa: E402
from ptmkg.ui import data as ui_data  # noqa: E402
from ptmkg.ui import phylogeny as P  # noqa: E402
from ptmkg.ui import phylogeny_chart as C  # noqa: E402
from ptmkg.ui.components import RELATION_COLOURS  # noqa: E402
from tests.conftest import REPO  # noqa: E402

LARGE = "meta-llama/Llama-3.1-8B"  # the largest loaded family root of the sample (356 descendants)
DEEP = "jaspionjader/bh-64"  # 269 ancestors, merges of merges 75 levels deep


@pytest.fixture
def sample(_ladybug_sample):  # type: ignore[no-untyped-def]
    ui_data.inject_store(_ladybug_sample)
    yield _ladybug_sample
    ui_data.inject_store(None)


def app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(f"views/{page}.py")
    at.query_params.update(query)
    at.run()
    return at


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [e.value for e in at.error]
    return "\n".join(parts)


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def phylogeny(at: AppTest) -> dict:
    """The graph series of the phylogeny (an ECharts chart)."""
    (el,) = at.get("echarts_chart")
    spec = json.loads(el.proto.spec)
    (series,) = spec["series"]
    assert series["type"] == "graph" and series["selectedMode"] == "single"
    return series


def link_labels(at: AppTest) -> list[str]:
    return [pl.proto.label.replace("\\", "") for pl in at.get("page_link")]


# -- Find a model ------------------------------------------------------------------------


def test_search_page_lists_the_largest_families(sample):
    at = app()
    no_errors(at)
    assert at.title[0].value == "Find a model"
    assert LARGE in link_labels(at)


def test_search_suggests_models_datasets_and_repositories(sample):
    at = app()
    at.text_input(key="search_text").input("llama-3.1-8b").run()
    no_errors(at)
    labels = link_labels(at)
    assert labels[0] == LARGE  # the name part equals the text: best match first
    assert "Models" in texts(at)
    at.text_input(key="search_text").input("ultrafeedback").run()
    no_errors(at)
    assert "Datasets" in texts(at) and any("ultrafeedback_binarized" in lbl for lbl in link_labels(at))
    at.text_input(key="search_text").input("zz-no-such-thing-anywhere").run()
    no_errors(at)
    assert "Nothing in the graph" in texts(at)


def test_search_opens_a_repository(sample):
    at = app("search", repository="microsoft/LMOps")
    no_errors(at)
    assert "Repository" in texts(at)
    df = at.dataframe[0].value
    assert {"model", "model_license", "repository_license"} <= set(df.columns)
    assert (df["repository_license"] == "MIT").all()


# -- Model page -----------------------------------------------------------------------------


def test_model_page_phylogeny_of_a_large_family(sample):
    at = app("model", id=LARGE.lower())  # any case: resolved to the graph's spelling
    no_errors(at)
    assert at.title[0].value.replace("\\", "") == LARGE
    assert {m.label for m in at.metric} >= {"Downloads (30 days)", "Parameters"}
    assert at.metric[0].value == "1,286,252"
    assert at.radio(key="model_section").value == "Phylogeny"
    graph = phylogeny(at)
    cats = [c["name"] for c in graph["categories"]]
    assert "llama" in cats  # nodes coloured by license family
    styles = {(link["lineStyle"]["color"], json.dumps(link["lineStyle"]["type"])) for link in graph["links"]}
    assert (RELATION_COLOURS["finetune"], '"solid"') in styles and (RELATION_COLOURS["merge"], '"dashed"') in styles  # edges by relation kind
    ids = {d["id"] for d in graph["data"]}
    assert LARGE in ids and len(ids) <= P.DEFAULT_MAX_NODES * 2
    collapsed = [d for d in graph["data"] if cats[d["category"]] == "collapsed (click)"]
    assert collapsed and any(d["name"].startswith("+") for d in collapsed)  # "+N finetune" groups
    centre = next(d for d in graph["data"] if d["id"] == LARGE)
    assert all(d["value"][1] > centre["value"][1] for d in graph["data"] if d["id"] != LARGE)  # derivatives below (inverted y axis)
    caption = texts(at)
    m = re.search(r"Showing (\d+) of (\d+) ancestors \(above\) and (\d+) of (\d+) derivatives", caption)
    assert m and m.group(4) == "356" and int(m.group(3)) < 356
    # the table of every relative, on demand
    at.toggle(key="phylo_list_derivatives").set_value(True).run()
    no_errors(at)
    assert len(at.dataframe[0].value) == 356
    # more per kind and more levels: more nodes, still bounded
    at.slider(key="phylo_per_group").set_value(15).run()
    at.slider(key="phylo_depth_down").set_value(4).run()
    no_errors(at)
    ids2 = {d["id"] for d in phylogeny(at)["data"]}
    assert len(ids) < len(ids2) <= P.DEFAULT_MAX_NODES * 2
    # relation filter: only merges
    at.multiselect(key="phylo_relations").set_value(["merge"]).run()
    no_errors(at)
    assert "hidden by the relation filter" in texts(at)


def test_model_page_moves_to_a_relative(sample):
    at = app("model", id=LARGE)
    box = at.selectbox(key=f"phylo_goto-{LARGE}")
    target = next(o for o in box.options if o.endswith("Llama-3.1-8B-Instruct"))
    box.select(target).run()
    no_errors(at)
    assert at.query_params["id"] == target
    assert at.title[0].value.replace("\\", "") == target


def test_model_page_deep_ancestry(sample):
    at = app("model", id=DEEP)
    no_errors(at)
    graph = phylogeny(at)
    ys = [d["value"][1] for d in graph["data"]]
    assert min(ys) < 0 and max(ys) == 0  # ancestors above the model, nothing below
    assert re.search(r"of 269 ancestors", texts(at))


def test_model_page_license_risk(sample):
    at = app("model", id="ZeroXClem/Llama-3.1-8B-RainbowLight-EtherealMix", section="licenses")
    no_errors(at)
    assert at.radio(key="model_section").value == "License risk"
    body = texts(at)
    assert "Its own licenses" in body and "Inherited obligations" in body and "Conflicts found" in body
    frames = [d.value for d in at.dataframe]
    obligations = next(f for f in frames if "use_terms" in f.columns)
    assert {"ancestor", "license", "license_source", "terms_source"} <= set(obligations.columns)
    assert (obligations["depth"] > 0).any()
    assert "unknown" in set(obligations["license"])  # an ancestor without a license: unknown, not blank
    conflicts = [f for f in frames if "rule" in f.columns]
    if conflicts:  # the non-commercial check's own example: a conflict with rule, ancestor and source
        assert {"check", "rule", "ancestor", "ancestor_license_source"} <= set(conflicts[0].columns)
        assert "non-commercial" in set(conflicts[0]["check"])
    else:
        assert "No conflict found" in body


def test_model_page_without_license_says_unknown(sample):
    at = app("model", id=DEEP, section="licenses")
    no_errors(at)
    assert "declares no license" in texts(at)


def test_model_page_datasets_and_downstream(sample):
    at = app("model", id="openai-community/gpt2", section="downstream")
    no_errors(at)
    body = texts(at)
    assert "Training data" in body and "Downstream" in body
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Repositories reached"] == "910"  # the PeaTMOSS mapping's users of gpt2
    repos = at.dataframe[0].value
    assert len(repos) == 25 and set(repos["loads"]) == {"openai-community/gpt2"}
    assert {"repository license", "model license", "verdict", "verdict source"} <= set(repos.columns)
    assert set(repos["verdict"]) <= {"compatible", "incompatible", "unknown"} and "compatible" in set(repos["verdict"])
    at.slider(key="downstream_top").set_value(40).run()
    no_errors(at)
    assert len(at.dataframe[0].value) == 40


def test_model_page_inherited_training_data(sample):
    at = app("model", id="Lunzima/NQLSG-Qwen2.5-14B-MegaFusion-v9.2", section="downstream")
    no_errors(at)
    data = at.dataframe[0].value
    assert {"dataset", "depth", "through", "source"} <= set(data.columns)
    assert (data["depth"] > 0).any()  # inherited from an ancestor


def test_model_page_metadata(sample):
    at = app("model", id=LARGE, section="metadata")
    no_errors(at)
    df = at.dataframe[0].value
    fields = dict(zip(df["field"], df["value"]))
    assert fields["task (pipeline tag)"] == "text-generation"
    assert fields["parameters"].startswith("8.0B")
    assert fields["snapshot commit"] == "unknown"  # the data says nothing
    assert [b.proto.url for b in at.get("link_button")][0] == "https://huggingface.co/meta-llama/Llama-3.1-8B"


def test_model_not_in_graph_is_a_message(sample):
    at = app("model", id="meta-llama/Llama-3.1-8B-nope")
    assert not at.exception
    assert "not in the graph" in texts(at)
    assert LARGE in link_labels(at)  # suggestions


# -- Families, dashboards, console -------------------------------------------------------


def test_families_page(sample):
    at = app("families")
    no_errors(at)
    specs = plotly_specs(at)
    assert len(specs) == 3  # sizes, growth over time, relation mix
    sizes = specs[0]["data"][0]
    assert sizes["y"][-1] == LARGE and sizes["x"][-1] == 356
    assert len(specs[1]["data"]) == 5 and max(specs[1]["data"][0]["y"]) > 100  # cumulative growth of 5 families
    assert {t["name"] for t in specs[2]["data"]} >= {"merge", "finetune"}
    at.multiselect(key="families_chosen").set_value([LARGE]).run()
    no_errors(at)
    assert len(plotly_specs(at)[1]["data"]) == 1


def test_dashboards_page(sample):
    at = app("dashboards")
    no_errors(at)
    specs = plotly_specs(at)
    kinds = [s["data"][0]["type"] for s in specs]
    assert kinds[:4] == ["bar", "bar", "bar", "scatter"]
    completeness = specs[0]["data"][0]
    assert "license" in completeness["y"] and max(completeness["x"]) <= 100
    if ui_data.has_query("licenses/peatmoss-flows"):
        sankey = specs[4]["data"][0]
        assert sankey["type"] == "sankey" and len(sankey["link"]["value"]) > 3
        assert set(sankey["link"]["color"]) >= {"rgba(44,160,44,0.55)"}  # compatible flows coloured
    else:
        assert "Not available" in texts(at)


def test_console_runs_a_pack_query_and_shows_its_cypher(sample):
    at = app("console")
    no_errors(at)
    at.selectbox(key="console_query").select("lineage/base-models").run()
    at.text_input(key="console-lineage/base-models-model_id").input("jaspionjader/bh-64")
    at.button[0].click().run()
    no_errors(at)
    df = at.dataframe[0].value
    assert list(df["id"]) == ["jaspionjader/bh-62", "jaspionjader/bh-63"]
    code = at.code[0].value
    assert "MATCH (m:Model {key: $model_id})-[r:BASED_ON]->(b:Model)" in code
    assert json.loads(at.json[0].value) == {"model_id": "jaspionjader/bh-64"}


def test_console_form_is_built_from_the_header(sample):
    at = app("console", q="lineage/roots")
    no_errors(at)
    assert at.selectbox(key="console_query").value == "lineage/roots"
    assert at.number_input(key="console-lineage/roots-limit").value == 20
    at.number_input(key="console-lineage/roots-limit").set_value(3)
    at.button[0].click().run()
    no_errors(at)
    assert len(at.dataframe[0].value) == 3


def test_console_reports_a_bad_parameter(sample):
    at = app("console", q="lineage/ancestors")
    at.text_input(key="console-lineage/ancestors-model_id").input("no/such-model")
    at.button[0].click().run()
    assert not at.exception
    assert "not in the graph" in texts(at)


# -- empty or unreachable store ----------------------------------------------------------------


def test_empty_store_is_a_message(tmp_path):
    from ptmkg.graph.store import open_store

    store = open_store(f"embedded:{tmp_path / 'empty.lbdb'}")
    store.apply_schema()
    ui_data.inject_store(store)
    try:
        for page in ("search", "model", "families", "dashboards", "console"):
            at = app(page, id=LARGE)
            assert not at.exception, page
            assert "holds no models yet" in texts(at), page
    finally:
        ui_data.inject_store(None)
        store.close()


def test_unreachable_store_is_a_message(tmp_path, monkeypatch):
    ui_data.inject_store(None)
    monkeypatch.setenv("PTMKG_STORE", f"embedded:{tmp_path / 'missing.lbdb'}")
    at = app("model", id=LARGE)
    assert not at.exception
    assert "not available" in texts(at) and "missing.lbdb" in texts(at)
    monkeypatch.setenv("PTMKG_STORE", "bolt://127.0.0.1:1")
    at = app("dashboards")
    assert not at.exception
    assert "not available" in texts(at) and "127.0.0.1:1" in texts(at)


def test_embedded_store_is_opened_read_only(tmp_path, monkeypatch):
    from ptmkg.graph.store import open_store

    path = tmp_path / "ro.lbdb"
    s = open_store(f"embedded:{path}")
    s.apply_schema()
    s.close()
    ui_data.inject_store(None)
    monkeypatch.setenv("PTMKG_STORE", f"embedded:{path}")
    store = ui_data.get_store()
    assert store.read_only is True
    from ptmkg.errors import QueryFailed

    with pytest.raises(QueryFailed):
        store.run("CREATE (:Organization {key: 'x', id: 'x'})")


# -- untrusted text, layout rules ----------------------------------------------------------------


def test_markdown_and_html_escaping():
    from ptmkg.ui.components import html, md, safe_url

    evil = "![x](https://evil.example/p.png) <img src=x onerror=alert(1)> [a](javascript:alert(1)) :red[x] $x$"
    out = md(evil)
    assert re.search(r"(?<!\\)[\[\]()!<>:$*_`]", out) is None, out  # every markup character escaped
    assert html(evil).count("<") == 0
    assert safe_url("javascript:alert(1)") is None and safe_url("https://huggingface.co/a/b")


def test_phylogeny_tooltips_and_labels_are_inert():
    evil = "evil/<img src=x onerror=alert(1)>{b}{@x}"
    root = {"id": "org/root", "downloads": 10, "loaded": True}
    rows = [{"id": evil, "depth": 1, "downloads": 5, "family": "<b>x</b>", "loaded": True, "base": "org/root", "relation": "finetune"}]
    lineage = P.build_lineage(root, [], rows, [])
    view = P.select(lineage, P.ViewOptions())
    P.layout(view)
    spec, actions = C.figure(view, lineage)
    node = next(d for d in spec["series"][0]["data"] if d["id"] == evil)
    tip = node["tooltip"]["formatter"]
    assert "<img" not in tip and "<b>x</b>" not in tip and "{" not in tip and "}" not in tip
    assert "&lt;img" in tip
    assert ("open", evil) in actions  # the click still opens the real id


def test_no_html_is_ever_allowed_through():
    for path in (REPO / "ui").rglob("*.py"):
        text = path.read_text()
        assert "unsafe_allow_html" not in text, path
        assert "components.html" not in text and "st.html" not in text, path


def _synthetic_rows(n: int, seed: int = 7) -> tuple[dict, list[dict]]:
    rng = random.Random(seed)
    root = {"id": "syn/root", "downloads": 10**6, "loaded": True}
    depth = {"syn/root": 0}
    ids = ["syn/root"]
    rows = []
    for i in range(n):
        me = f"syn/m{i}"
        base = ids[min(len(ids) - 1, int(rng.paretovariate(0.8)) - 1)] if rng.random() < 0.6 else rng.choice(ids)
        depth[me] = depth[base] + 1
        rel = rng.choice(["finetune", "finetune", "merge", "quantized", "adapter"])
        rows.append({"id": me, "depth": depth[me], "downloads": int(rng.paretovariate(1.1) * 10), "family": rng.choice(["permissive", "llama", None]),
                     "loaded": True, "base": base, "relation": rel})
        ids.append(me)
    return root, rows


def test_phylogeny_of_10000_derivatives_stays_bounded_and_expands():
    root, rows = _synthetic_rows(10_000)
    lineage = P.build_lineage(root, [], rows, [])
    assert lineage.descendants == 10_000
    assert lineage.centre.size == 10_000
    view = P.select(lineage, P.ViewOptions(depth_down=8, per_group=30))
    assert len(view.nodes) <= 2 * P.DEFAULT_MAX_NODES
    small = P.select(lineage, P.ViewOptions(depth_down=8, per_group=30, max_nodes=50))
    assert sum(1 for n in small.nodes.values() if n.kind != "more" and n.kind != "below") <= 50 and small.truncated
    default = P.select(lineage, P.ViewOptions())
    more = next(n for n in default.nodes.values() if n.kind == "more" and n.parent == "syn/root")
    shown_before = sum(1 for n in default.nodes.values() if n.parent == "syn/root" and n.relation == more.relation and n.kind == "model")
    expanded = P.select(lineage, P.ViewOptions(expanded={more.target: shown_before + 10}))
    shown_after = sum(1 for n in expanded.nodes.values() if n.parent == "syn/root" and n.relation == more.relation and n.kind == "model")
    assert shown_after == min(shown_before + 10, shown_before + more.count)
    P.layout(expanded)
    spec, actions = C.figure(expanded, lineage)
    assert all(n.y == -n.depth for n in expanded.nodes.values())
    assert len({(round(n.x, 6), n.y) for n in expanded.nodes.values()}) == len(expanded.nodes)  # no two nodes on one spot
    assert len(actions) == len(spec["series"][0]["data"]) == len(expanded.nodes)
    assert ("expand", more.target) not in actions or more.count > 10
    assert C.figure_height(expanded) <= 1400
