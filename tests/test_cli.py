"""The CLI contract: output shapes, one-line errors with a non-zero exit, help everywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TEST_NEO4J, open_test_store

PTMKG = [sys.executable, "-m", "ptmkg"]


def run(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    e = {**os.environ, **(env or {})}
    proc = subprocess.run(PTMKG + list(args), capture_output=True, text=True, env=e, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0
    err = proc.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("ptmkg: error:"), err
    for n in needles:
        assert n in err, err


@pytest.fixture
def loaded_store(tmp_path: Path) -> str:
    uri = f"embedded:{tmp_path / 'g.lbdb'}"
    run("--store", uri, "ingest", "edge-list", str(REPO / "ptmkg/data/fixture/lineage-edges.csv"), check=True)
    return uri


def test_stats_json_shape(loaded_store):
    out = json.loads(run("--store", loaded_store, "stats", "--format", "json", check=True).stdout)
    assert set(out) == {"nodes", "relationships"}
    assert out["nodes"]["Model"] == 261 and out["relationships"]["BASED_ON"] == 472
    assert all(isinstance(v, int) for part in out.values() for v in part.values())


def test_store_from_environment(loaded_store):
    out = json.loads(run("stats", "--format", "json", env={"PTMKG_STORE": loaded_store}, check=True).stdout)
    assert out["relationships"]["BASED_ON"] == 472


def test_query_formats(loaded_store):
    args = ["--store", loaded_store, "query", "lineage/base-models", "--param", "model_id=jaspionjader/bh-64"]
    rows = json.loads(run(*args, "--format", "json", check=True).stdout)
    assert [r["id"] for r in rows] == ["jaspionjader/bh-62", "jaspionjader/bh-63"]
    assert set(rows[0]) == {"id", "relation", "source", "loaded"}
    csv_out = run(*args, "--format", "csv", check=True).stdout.splitlines()
    assert csv_out[0] == "id,relation,source,loaded" and len(csv_out) == 3
    table = run(*args, check=True).stdout
    assert "jaspionjader/bh-62" in table and "(2 rows)" in table


def test_query_list_names_every_pack_query():
    from ptmkg.queries import load_packs

    out = json.loads(run("query", "list", "--format", "json", check=True).stdout)
    assert {r["query"] for r in out} == set(load_packs())


def test_error_bad_uri():
    assert_one_line_error(run("--store", "mongodb://x", "stats"), "unknown store URI")


def test_error_unreachable_server_names_its_address():
    assert_one_line_error(run("--store", "bolt://127.0.0.1:1", "stats"), "127.0.0.1:1", "cannot reach Neo4j")


def test_error_unknown_query(loaded_store):
    assert_one_line_error(run("--store", loaded_store, "query", "lineage/nope"), "no query named")


def test_error_missing_parameter(loaded_store):
    assert_one_line_error(run("--store", loaded_store, "query", "lineage/base-models"), "needs parameter model_id")


def test_error_model_not_in_graph(loaded_store):
    assert_one_line_error(run("--store", loaded_store, "query", "lineage/base-models", "-p", "model_id=no/such-model"), "not in the graph")


def test_error_missing_input_file(tmp_path):
    assert_one_line_error(run("--store", f"embedded:{tmp_path / 'g.lbdb'}", "ingest", "edge-list", str(tmp_path / "nope.csv")), "does not exist")


def test_every_command_has_help():
    from ptmkg.cli.reference import all_commands

    for path, cmd in all_commands():
        assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
        for param in cmd.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False) and param.name not in ("help",):
                assert getattr(param, "help", None), f"{' '.join(path)} option {param.name} has no help"
    proc = run("--help", check=True)
    assert "ingest" in proc.stdout and "query" in proc.stdout


def test_every_subcommand_help_runs():
    from ptmkg.cli.reference import all_commands

    for path, _ in all_commands()[1:]:
        proc = run(*path[1:], "--help")
        assert proc.returncode == 0 and "Usage:" in proc.stdout, path


def test_cli_reference_is_up_to_date():
    from ptmkg.cli.reference import cli_reference

    assert (REPO / "docs" / "cli.md").read_text() == cli_reference(), "docs/cli.md is stale: run `make docs`"


def test_stats_on_neo4j_matches_embedded(loaded_store):
    open_test_store("neo4j", Path(".")).close()
    run("--store", TEST_NEO4J, "ingest", "edge-list", str(REPO / "ptmkg/data/fixture/lineage-edges.csv"), check=True)
    neo = json.loads(run("--store", TEST_NEO4J, "stats", "--format", "json", check=True).stdout)
    emb = json.loads(run("--store", loaded_store, "stats", "--format", "json", check=True).stdout)
    assert neo == emb
