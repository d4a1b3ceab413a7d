"""Shared fixtures: the same tests run against every store.

- LadybugDB: a fresh database file in a temp dir per test.
- Neo4j: the server named by PTMKG_TEST_NEO4J (default bolt://127.0.0.1:17687, the `test`
  profile that `make test` starts), cleared before each test. Never point this at a
  database you care about.

When Neo4j cannot be reached: with CI=true the test fails (a skipped store is a broken
store); otherwise it is skipped with the reason, loudly.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
TEST_NEO4J = os.environ.get("PTMKG_TEST_NEO4J", "bolt://127.0.0.1:17687")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
STORES = ("ladybug", "neo4j")

# Where the developer's own ptmkg state lives (the test Neo4j's saved config is there);
# tests themselves get a private data home (rejects reports, checkpoints, default store).
REAL_DATA_HOME = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")

_neo4j_problem: str | None = None
_neo4j_checked = False


def neo4j_unreachable() -> str | None:
    """Why the test Neo4j cannot be used, or None when it can (checked once)."""
    global _neo4j_problem, _neo4j_checked
    if not _neo4j_checked:
        _neo4j_checked = True
        from ptmkg.errors import PtmkgError
        from ptmkg.graph.store import open_store

        try:
            open_store(TEST_NEO4J).close()
        except PtmkgError as e:
            _neo4j_problem = str(e)
    return _neo4j_problem


def need_neo4j() -> None:
    problem = neo4j_unreachable()
    if problem is None:
        return
    msg = f"Neo4j test server {TEST_NEO4J} unavailable: {problem}. Start it with `make test` (or `ptmkg neo4j start --profile test --bolt-port 17687 --http-port 17474`)."
    if IN_CI:
        pytest.fail("CI=true and " + msg, pytrace=False)
    print(f"\n*** SKIPPING NEO4J TEST: {msg}", file=sys.stderr)
    warnings.warn(msg)
    pytest.skip(msg)


# Bumped whenever a test empties the shared Neo4j test database, so the loaded sample
# (sample_stores) knows to load itself again.
_neo4j_generation = 0


def open_test_store(kind: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An empty store with the schema applied. Every test that writes to the Neo4j test
    server gets it from here."""
    global _neo4j_generation
    from ptmkg.graph.store import open_store

    if kind == "ladybug":
        store = open_store(f"embedded:{tmp_path / 'graph.lbdb'}")
    else:
        need_neo4j()
        store = open_store(TEST_NEO4J)
        _neo4j_generation += 1
    store.apply_schema()
    store.clear()
    return store


def load_bundled_sample(store) -> None:  # type: ignore[no-untyped-def]
    from ptmkg.cli.demo import load_sample

    load_sample(store, quiet=True)


@pytest.fixture(autouse=True)
def private_data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("PTMKG_STORE", raising=False)
    return home


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    """An empty store with the schema applied, once per store kind."""
    s = open_test_store(request.param, tmp_path)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[dict]:
    """Both stores at once (for tests that compare their answers)."""
    opened = {k: open_test_store(k, tmp_path / k) for k in STORES}
    try:
        yield opened
    finally:
        for s in opened.values():
            s.close()


def sample_in_embedded_store(home: Path):  # type: ignore[no-untyped-def]
    """The bundled sample loaded into a new embedded store under `home` (the loaders'
    reports go there too); returns the open store."""
    from ptmkg.graph.store import open_store

    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(home)
    try:
        store = open_store(f"embedded:{home / 'sample.lbdb'}")
        store.apply_schema()
        load_bundled_sample(store)
    finally:
        if old is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = old
    return store


@pytest.fixture(scope="session")
def _ladybug_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    store = sample_in_embedded_store(tmp_path_factory.mktemp("sample-home"))
    yield store
    store.close()


_neo4j_sample_generation: int | None = None


@pytest.fixture
def sample_stores(_ladybug_sample) -> Iterator[dict]:  # type: ignore[no-untyped-def]
    """Both stores holding the bundled real sample (what `ptmkg demo` loads). Read only:
    tests must not write to them."""
    global _neo4j_sample_generation
    from ptmkg.graph.store import open_store

    need_neo4j()
    neo = open_store(TEST_NEO4J)
    if _neo4j_sample_generation != _neo4j_generation:
        neo.apply_schema()
        neo.clear()
        load_bundled_sample(neo)
        _neo4j_sample_generation = _neo4j_generation
    try:
        yield {"ladybug": _ladybug_sample, "neo4j": neo}
    finally:
        neo.close()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.fail(f"the shared real data is expected at {SHARED}", pytrace=False)
    return SHARED


@pytest.fixture
def fixture_edges() -> Path:
    return REPO / "ptmkg" / "data" / "fixture" / "lineage-edges.csv"


# -- a line at the end of the run saying that the Neo4j tests really ran ----------------
_neo4j_items: set[str] = set()
_neo4j_outcomes: dict[str, int] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("store") == "neo4j" or names & {"stores", "sample_stores"}:
            _neo4j_items.add(item.nodeid)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid in _neo4j_items and (report.when == "call" or report.outcome != "passed"):
        if report.when == "call" or report.skipped or report.failed:
            _neo4j_outcomes[report.outcome] = _neo4j_outcomes.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if _neo4j_items:
        parts = ", ".join(f"{n} {k}" for k, n in sorted(_neo4j_outcomes.items()))
        terminalreporter.write_line(f"Neo4j tests against {TEST_NEO4J}: {parts or 'none ran'}")
