"""Build the license knowledge shipped in `loaders/knowledge/` from the shared real data.

    python scripts/build_license_knowledge.py [--data ../shared/data] [--out loaders/knowledge]

Copies the small source files as they are and writes trimmed, derived versions of the
large ones (only the fields ptmkg reads), so the package carries what the license loader
needs and nothing else. Deterministic: the same inputs give byte-identical outputs.
The curated ML terms (`ml-license-terms.yaml`) are written by hand, not by this script;
at the end it prints where they disagree with the first-draft seed for review.

Origins, commits and licenses of every output: `loaders/knowledge/README.md`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "loaders" / "knowledge"


def dump(path: Path, obj: object) -> None:
    # Sorted keys and one row per line keep diffs of regenerated files readable.
    text = json.dumps(obj, ensure_ascii=False, indent=0, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def build_spdx(lic: Path, out: Path) -> None:
    licenses = json.loads((lic / "spdx" / "licenses.json").read_text())
    exceptions = json.loads((lic / "spdx" / "exceptions.json").read_text())
    dump(
        out / "spdx-licenses.json",
        {
            "_source": "Derived from the SPDX License List "
            f"{licenses['licenseListVersion']} ({licenses['releaseDate']}) as bundled in PyPI reuse 6.2.0 "
            "(src/reuse/resources/licenses.json, exceptions.json); fields kept: id, name, OSI/FSF flags, "
            "deprecated flag. Data: Linux Foundation and its Contributors, CC0-1.0.",
            "licenseListVersion": licenses["licenseListVersion"],
            "licenses": sorted(
                [x["licenseId"], x["name"], bool(x.get("isOsiApproved")), bool(x.get("isFsfLibre")), bool(x["isDeprecatedLicenseId"])]
                for x in licenses["licenses"]
            ),
            "exceptions": sorted(
                [x["licenseExceptionId"], x["name"], bool(x["isDeprecatedLicenseId"])] for x in exceptions["exceptions"]
            ),
        },
    )


def build_scancode(lic: Path, out: Path) -> None:
    index = json.loads((lic / "scancode" / "scancode-licensedb-index.json").read_text())
    dump(
        out / "scancode-index.json",
        {
            "_source": "Derived from the ScanCode LicenseDB index (aboutcode-org/scancode-licensedb @ "
            "1dfa89ae348338b23a359c4c6b23e39c128a41e5 docs/index.json, as bundled in PyPI license-expression "
            "30.4.4); fields kept: key, category, spdx_license_key, other_spdx_license_keys, is_exception, "
            "is_deprecated. (c) nexB Inc. and others, CC-BY-4.0.",
            "keys": sorted(
                [
                    x["license_key"],
                    x.get("category") or "",
                    x.get("spdx_license_key") or "",
                    sorted(x.get("other_spdx_license_keys") or []),
                    bool(x.get("is_exception")),
                    bool(x.get("is_deprecated")),
                ]
                for x in index
            ),
        },
    )


def build_flame(lic: Path, out: Path) -> None:
    """alias (lower case) -> SPDX id, keeping only aliases that name one license."""
    seen: dict[str, set[str]] = {}
    for f in sorted((lic / "flame" / "licenses").glob("*.json")):
        d = json.loads(f.read_text())
        spdx = d.get("spdxid")
        if not spdx:
            continue
        for alias in [spdx, d.get("name") or ""] + list(d.get("aliases") or []):
            a = " ".join(alias.split()).lower()
            if a:
                seen.setdefault(a, set()).add(spdx)
    aliases = {a: next(iter(ids)) for a, ids in sorted(seen.items()) if len(ids) == 1}
    dropped = sorted(a for a, ids in seen.items() if len(ids) > 1)
    dump(
        out / "flame-aliases.json",
        {
            "_source": "Derived from hesa/foss-licenses (FLAME) @ 1ec438706712dd3d5913046f2fe7e9956bf5bf3a var/licenses/*.json: "
            "alias (lower case, whitespace collapsed) -> SPDX id; aliases naming more than one license dropped. "
            "(c) Henrik Sandklef, CC-BY-4.0. The data comes with no guarantee (var/disclaimer.md).",
            "aliases": aliases,
            "dropped_ambiguous": dropped,
        },
    )


def build_choosealicense(lic: Path, out: Path) -> None:
    src = json.loads((lic / "choosealicense" / "licenses-frontmatter.json").read_text())
    rows = {
        k: {f: v.get(f) or [] for f in ("permissions", "conditions", "limitations")} | {"spdx-id": v.get("spdx-id") or k}
        for k, v in src["licenses"].items()
    }
    dump(
        out / "choosealicense-rules.json",
        {
            "_source": "Derived from github/choosealicense.com @ aed28f9933c9e8435c0f1d07aa563c0a830859bc _licenses/*.txt "
            "front matter: rule tags (permissions/conditions/limitations) per SPDX id; titles, descriptions and "
            "license texts dropped. Content CC-BY-3.0 (https://creativecommons.org/licenses/by/3.0/).",
            "licenses": rows,
        },
    )


def build_data_strings(data: Path, out: Path) -> None:
    """The license strings met in the PeaTMOSS GitHub data: ScanCode keys per repository
    (all_gh_licenses.json) and the model license column of mapping.csv."""
    gh = json.loads((data / "peatmoss" / "all_gh_licenses.json").read_text())
    scancode = sorted({v for vals in gh.values() if vals for v in vals})
    with open(data / "peatmoss" / "mapping.csv", newline="", encoding="utf-8") as fh:
        mapping = sorted({row[3] for row in csv.reader(fh) if len(row) > 3 and row[3]})
    dump(
        out / "data-license-strings.json",
        {
            "_source": "Distinct license strings in PurdueDualityLab/PeaTMOSS-Artifact @ c4b75d45302bfb046e0dae2ce0a43aac637ec487 "
            "License-Analysis/analyzeIncompatibilities/: all_gh_licenses.json values (ScanCode keys) and "
            "mapping.csv column 4 (Hugging Face license ids). BSD-3-Clause.",
            "peatmoss_github_scancode": scancode,
            "peatmoss_mapping_hf": mapping,
        },
    )


def gzip_copy(src: Path, dst: Path) -> None:
    # mtime=0 and no file name: the same input always gives the same bytes.
    with open(src, "rb") as fin, open(dst, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            shutil.copyfileobj(fin, gz)


# The shared CC0-1.0.txt is a placeholder, so no CC0 text is copied (CC0 needs none);
# knowledge/README.md links the legal code instead, as it does for CC-BY-3.0.
COPIES = {
    # shipped name: path under the shared data folder
    "hf-license-ids.csv": "licenses/huggingface/hub-license-ids.csv",
    "osadl-copyleft.json": "licenses/osadl/copyleft.json",
    "lf-oss-license-compatibility.json": "peatmoss/lf-oss-license-compatibility.json",
    "modelgo-licenses_description.yml": "licenses/modelgo/licenses_description.yml",
    "LICENSES/CC-BY-4.0.txt": "licenses/LICENSES/CC-BY-4.0.txt",
    "LICENSES/Apache-2.0.txt": "licenses/LICENSES/Apache-2.0.txt",
    "LICENSES/BSD-3-Clause.PeaTMOSS-License-Analysis.txt": "licenses/LICENSES/BSD-3-Clause.PeaTMOSS-License-Analysis.txt",
}


def check_curated(data: Path, out: Path) -> list[str]:
    """How the hand-verified terms differ from the unchecked seed (printed for review)."""
    import yaml

    curated = yaml.safe_load((out / "ml-license-terms.yaml").read_text())["licenses"]
    seed_path = data / "licenses" / "curated" / "ml-license-terms.seed.yaml"
    if not seed_path.exists():
        return []
    seed = yaml.safe_load(seed_path.read_text())["licenses"]
    notes = []
    by_alias = {}
    for key, entry in curated.items():
        for a in [key, entry.get("id", "")] + list(entry.get("aliases") or []):
            by_alias[str(a).lower()] = key
    for hf, s in sorted(seed.items()):
        key = by_alias.get(hf)
        if key is None:
            continue
        entry = curated[key]
        for f in ("commercial", "copyleft", "derivative_license"):
            # A field left out on purpose is listed as unverified and ships as unknown.
            shipped = entry.get(f, "unknown" if f in (entry.get("unverified") or []) else None)
            if f in s and shipped is not None and s[f] != shipped:
                notes.append(f"{hf}: {f} seed={s[f]} shipped={shipped}")
    return notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the knowledge files")
    args = ap.parse_args(argv)
    data, out = args.data, args.out
    lic = data / "licenses"
    (out / "LICENSES").mkdir(parents=True, exist_ok=True)
    build_spdx(lic, out)
    build_scancode(lic, out)
    build_flame(lic, out)
    build_choosealicense(lic, out)
    build_data_strings(data, out)
    gzip_copy(lic / "osadl" / "matrixseqexpl.json", out / "osadl-matrixseqexpl.json.gz")
    for name, rel in COPIES.items():
        shutil.copyfile(data / rel, out / name)
    for note in check_curated(data, out):
        print("seed differs:", note, file=sys.stderr)
    print(f"wrote license knowledge to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
