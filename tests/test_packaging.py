"""The project's modules are the ones imported, whatever else is installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO


def test_unrelated_top_level_packages_cannot_shadow_ours(tmp_path: Path):
    # Impostors named like our folders (PyPI has a `queries` package), first on sys.path.
    for name in ("queries", "graph", "loaders", "ui"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("IMPOSTOR = True\n")
    code = textwrap.dedent(
        """
        import sys, json
        sys.path.insert(0, sys.argv[1])
        import queries, graph  # the impostors are importable...
        assert queries.IMPOSTOR and graph.IMPOSTOR
        import ptmkg.queries, ptmkg.graph.store, ptmkg.loaders.pipeline   # ...and change nothing
        packs = ptmkg.queries.load_packs()
        print(json.dumps({"queries": ptmkg.queries.__file__, "store": ptmkg.graph.store.__file__,
                          "loaders": ptmkg.loaders.pipeline.__file__, "packs": len(packs)}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    import json

    got = json.loads(proc.stdout)
    assert Path(got["queries"]).resolve() == REPO / "queries" / "__init__.py"
    assert Path(got["store"]).resolve() == REPO / "graph" / "store.py"
    assert Path(got["loaders"]).resolve() == REPO / "loaders" / "pipeline.py"
    assert got["packs"] >= 1


def test_only_ptmkg_is_installed_at_top_level():
    from importlib.metadata import distribution

    tops = set((distribution("ptmkg").read_text("top_level.txt") or "").split())
    assert tops == {"ptmkg"}, tops


def test_the_wheel_carries_every_module_and_data_file(tmp_path: Path):
    # A user's `pip install ptmkg` gets the wheel, not this checkout: every Python module
    # and every file the code reads (query packs, license knowledge, the sample, the RDF
    # vocabulary and shapes) must be in it, under the ptmkg package.
    import zipfile

    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("ptmkg-*.whl")
    inside = {n for n in zipfile.ZipFile(wheel).namelist() if not n.startswith("ptmkg-")}
    folders = {"ptmkg": "ptmkg", "graph": "ptmkg/graph", "loaders": "ptmkg/loaders", "queries": "ptmkg/queries",
               "ui": "ptmkg/ui", "export": "ptmkg/export"}
    expected = set()
    for folder, package in folders.items():
        for f in (REPO / folder).rglob("*"):
            rel = f.relative_to(REPO / folder)
            if f.is_dir() or "__pycache__" in rel.parts or f.suffix == ".pyc":
                continue
            if folder == "ptmkg" and rel.parts[0] in ("graph", "loaders", "queries", "ui", "export"):
                continue
            expected.add(f"{package}/{rel.as_posix()}")
    missing = sorted(expected - inside)
    assert not missing, missing[:20]
    assert any(n.endswith(".cypher") for n in inside) and "ptmkg/export/shapes/ptmkg-shapes.ttl" in inside
