from __future__ import annotations

from ptmkg.graph import schema as S
from ptmkg.graph.schema_doc import schema_markdown
from tests.conftest import REPO


def test_schema_page_is_up_to_date():
    assert (REPO / "docs" / "schema.md").read_text() == schema_markdown() + "\n", "docs/schema.md is stale: run `make docs`"


def test_required_labels_and_types():
    assert {"Model", "Dataset", "License", "Organization", "Repository", "Paper"} <= set(S.NODE_TYPES)
    assert {"BASED_ON", "TRAINED_ON", "LICENSED_UNDER", "PUBLISHED_BY", "USES", "CITES", "COMPATIBLE_INTO"} <= set(S.REL_TYPES)
    assert S.REL_TYPES["BASED_ON"].endpoints == (("Model", "Model"),)
    assert S.REL_TYPES["USES"].endpoints == (("Repository", "Model"),)
    assert set(S.RELATION_KINDS) == {"finetune", "adapter", "merge", "quantized", "distill", "unknown"}


def test_every_edge_says_where_it_came_from():
    for rt in S.RELATIONSHIPS:
        assert "source" in rt.prop_map, rt.type


def test_names_are_safe_to_splice():
    # Only schema names are ever spliced into Cypher: they must be plain identifiers.
    import re

    ident = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
    for nt in S.NODES:
        assert ident.match(nt.label)
        assert all(ident.match(p.name) for p in nt.props)
    for rt in S.RELATIONSHIPS:
        assert ident.match(rt.type)
        assert all(ident.match(p.name) for p in rt.props)


def test_merge_rows_collapses_duplicates_within_a_batch():
    rows = [
        {"key": "a", "id": "A", "source": ["x"], "downloads": 1},
        {"key": "a", "source": ["y"], "downloads": None},
        {"key": "b", "id": "B"},
    ]
    out = {r["key"]: r for r in S.merge_rows(rows, ("key",))}
    assert out["a"] == {"key": "a", "id": "A", "source": ["x", "y"], "downloads": 1}
    assert out["b"] == {"key": "b", "id": "B"}
