"""`ptmkg ingest github-usage MAPPING.csv --repo-licenses JSON`: which GitHub
repositories load which Hugging Face models, and the repositories' licenses.

Inputs are the PeaTMOSS license-analysis files: `mapping.csv` (no header: github_repo,
hf_model_id, hf_model_url, hf_license; 22,861 rows) and `all_gh_licenses.json`
(`{"owner/repo": ["mit", ...] | null}`, ScanCode license keys; null = no license found).
Each mapping row gives a Repository, a USES edge to the model (source `peatmoss:mapping`),
the model's license as PeaTMOSS recorded it (LICENSED_UNDER, source `peatmoss:mapping`)
and the repository's licenses (LICENSED_UNDER, source `peatmoss:gh-licenses`).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any, Iterator

import click

from ptmkg.errors import InputError
from ptmkg.graph.identity import github_id, hf_id, key_of
from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.files import check_file, open_text
from ptmkg.loaders.hf_mapping import check_model_id
from ptmkg.loaders.license_knowledge import license_node_row, normalize
from ptmkg.loaders.pipeline import LoadReport, Raw, Rejected, run

SOURCE = "github-usage"
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def read_repo_licenses(path: Path) -> dict[str, list[str] | None]:
    """owner/repo (lower case) -> license keys, None when no license was found."""
    with open_text(check_file(path, "repository licenses")) as fh:
        try:
            data = json.load(fh)
        except ValueError as e:
            raise InputError(f"{path}: not JSON ({e})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected an object of owner/repo -> license list")
    out: dict[str, list[str] | None] = {}
    for repo, lics in data.items():
        if isinstance(lics, list):
            out[repo.lower()] = [x for x in lics if isinstance(x, str)]
        else:
            out[repo.lower()] = None
    return out


def fetch(path: Path) -> Iterator[Raw]:
    with open_text(check_file(path, "mapping")) as fh:
        reader = csv.reader(fh)
        for row in reader:
            if row:  # a blank line is no record
                yield Raw(str(path), f"line {reader.line_num}", row)


def mapper(repo_licenses: dict[str, list[str] | None] | None) -> Any:
    def map_row(row: Any) -> Batch:
        if not isinstance(row, list) or len(row) < 2:
            raise Rejected(f"wrong shape: expected github_repo,hf_model_id,hf_model_url,hf_license; got {row!r:.80}")
        repo_raw, model_raw = row[0].strip(), row[1].strip()
        url = row[2].strip() if len(row) > 2 else ""
        lic_raw = row[3].strip() if len(row) > 3 else ""
        if not repo_raw:
            raise Rejected("missing id: no repository")
        repo = github_id(repo_raw)
        if not _REPO.match(repo):
            raise Rejected(f"invalid id: {repo_raw!r:.80} is not a GitHub owner/repo")
        mid = check_model_id(model_raw or (hf_id(url) if url else None), "hf_model_id")
        b = Batch()
        rkey, mkey = key_of(repo), key_of(mid)
        owner, name = repo.split("/", 1)
        lics = repo_licenses.get(rkey, []) if repo_licenses is not None else []
        status = "unknown" if repo_licenses is None or rkey not in repo_licenses else ("licensed" if lics else "none")
        b.node(
            "Repository",
            key=rkey,
            id=repo,
            owner=owner,
            name=name,
            url=f"https://github.com/{repo}",
            license_raw=";".join(lics) if lics else None,
            license_status=status,
            source=[SOURCE],
        )
        b.ref("Model", mkey, id=mid, loaded=False, hub="huggingface", url=f"https://huggingface.co/{mid}")
        b.rel("USES", "Repository", rkey, "Model", mkey, source=["peatmoss:mapping"])
        m = normalize(lic_raw) if lic_raw else None
        if m is not None:
            b.ref("License", m.key, **license_node_row(m))
            b.rel("LICENSED_UNDER", "Model", mkey, "License", m.key, raw=m.raw, source=["peatmoss:mapping"])
        for raw in lics or []:
            rm = normalize(raw, scheme="scancode")  # GitHub license keys are ScanCode's
            if rm is None:
                continue
            if not rm.known:
                b.notes.append(f"unknown license: repository license {raw!r} did not normalize")
            b.ref("License", rm.key, **license_node_row(rm))
            b.rel("LICENSED_UNDER", "Repository", rkey, "License", rm.key, raw=rm.raw, source=["peatmoss:gh-licenses"])
        return b

    return map_row


def load(store: Store, mapping: Path, repo_licenses: Path | None = None, rejects: Path | None = None, progress: bool | None = None) -> LoadReport:
    lics = read_repo_licenses(repo_licenses) if repo_licenses else None
    return run(store, SOURCE, fetch(mapping), mapper(lics), rejects=rejects, progress=progress)


@click.argument("mapping", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--repo-licenses", type=click.Path(dir_okay=False, path_type=Path), help="JSON of owner/repo -> license keys (PeaTMOSS all_gh_licenses.json).")
@ingest_command(SOURCE)
def command(store: Store, mapping: Path, repo_licenses: Path | None, rejects: Path | None) -> LoadReport:
    """GitHub repositories that load Hugging Face models (PeaTMOSS mapping.csv), with the
    repositories' licenses: Repository nodes, USES edges, LICENSED_UNDER."""
    return load(store, mapping, repo_licenses, rejects)
