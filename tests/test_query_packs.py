"""Every query of every pack: a readable header whose parameters match the Cypher, runs
with its own example parameters on the real sample, returns the columns it declares, and
gives the same rows on both stores (so each dialect variant is proven equal to the main
text). Entity parameters that name nothing in the graph are errors."""

from __future__ import annotations

import pytest

from ptmkg.errors import NotInGraph
from ptmkg.queries import ENTITY_TYPES, load_packs, used_parameters
from tests.query_support import same_on_both

QUERIES = sorted(load_packs())


def example_params(q) -> dict:  # type: ignore[no-untyped-def]
    return {p.name: p.example.strip().strip('"') for p in q.params}


@pytest.mark.parametrize("name", QUERIES)
def test_header_matches_the_cypher(name):
    q = load_packs()[name]
    assert q.question.endswith((".", "?")), name
    declared = {p.name for p in q.params}
    for dialect, text in q.texts.items():
        assert used_parameters(text) == declared, f"{name} ({dialect}): uses {used_parameters(text)}, declares {declared}"
    assert q.returns, name


@pytest.mark.parametrize("name", QUERIES)
def test_runs_on_both_stores_with_its_example(sample_stores, name):
    q = load_packs()[name]
    rows = same_on_both(sample_stores, name, **example_params(q))
    for row in rows:
        assert list(row) == list(q.returns), f"{name}: columns {list(row)} != header {list(q.returns)}"


@pytest.mark.parametrize("name", [n for n in QUERIES if any(p.type in ENTITY_TYPES for p in load_packs()[n].params)])
def test_unknown_entities_are_errors(sample_stores, name):
    q = load_packs()[name]
    params = example_params(q)
    for p in q.params:
        if p.type in ENTITY_TYPES:
            bad = dict(params, **{p.name: "zz-not-there/nothing-by-this-name"})
            for store in sample_stores.values():
                with pytest.raises(NotInGraph):
                    store.run_query(name, bad)
