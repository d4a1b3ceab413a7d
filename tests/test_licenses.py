"""License knowledge: the normalizer on every license string of the shared data, and the
loader on both stores. Expected counts are computed here from the raw files in
../shared/data with plain Python (not through ptmkg's tables), so a drift in the shipped
knowledge or the rules shows up as a failure."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ptmkg.graph.schema import Batch
from ptmkg.loaders import licenses
from ptmkg.loaders.license_knowledge import KNOWLEDGE, license_node_row, normalize

UNKNOWN_KEYS = ("unknown", "other")


# ---------------------------------------------------------------- raw data, read plainly
def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> dict:
    lic = shared_data / "licenses"
    out: dict = {}
    out["spdx"] = read_json(lic / "spdx" / "licenses.json")["licenses"]
    out["exceptions"] = read_json(lic / "spdx" / "exceptions.json")["exceptions"]
    out["scancode"] = {x["license_key"]: x for x in read_json(lic / "scancode" / "scancode-licensedb-index.json")}
    with open(lic / "huggingface" / "hub-license-ids.csv", newline="", encoding="utf-8") as fh:
        out["hf"] = [r["hf_id"] for r in csv.DictReader(fh)]
    out["osadl"] = read_json(lic / "osadl" / "matrixseqexpl.json")["licenses"]
    out["lf"] = read_json(shared_data / "peatmoss" / "lf-oss-license-compatibility.json")["matrix"]
    gh = read_json(shared_data / "peatmoss" / "all_gh_licenses.json")
    out["gh"] = sorted({v for vals in gh.values() if vals for v in vals})
    with open(shared_data / "peatmoss" / "mapping.csv", newline="", encoding="utf-8") as fh:
        out["mapping"] = sorted({row[3] for row in csv.reader(fh)})
    import yaml

    out["modelgo"] = [e for e in yaml.safe_load((lic / "modelgo" / "licenses_description.yml").read_text()) if "short_id" in e]
    hub_lic, hub_tags, hub_names = set(), set(), set()
    for line in open(shared_data / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        card = rec.get("cardData")
        card = json.loads(card) if isinstance(card, str) and card else (card or {})
        declared = card.get("license")
        for v in declared if isinstance(declared, list) else [declared]:
            if isinstance(v, str):
                hub_lic.add(v)
        if card.get("license_name"):
            hub_names.add((declared if isinstance(declared, str) else None, card["license_name"], card.get("license_link")))
        hub_tags.update(t[len("license:") :] for t in rec.get("tags") or [] if t.startswith("license:"))
    out["hub_license"], out["hub_tags"], out["hub_names"] = sorted(hub_lic), sorted(hub_tags), sorted(hub_names, key=str)
    return out


def spdx_key_of(raw: dict, spelling: str) -> str | None:
    """Independent reading of an SPDX id: its lower case, deprecated bare GNU ids -> -only / +."""
    ids = {x["licenseId"].lower(): x for x in raw["spdx"]}
    low = spelling.lower()
    m = re.match(r"^((?:a|l)?gpl|gfdl)-(\d\.\d)(\+?)$", low)
    if m and low in ids and ids[low]["isDeprecatedLicenseId"]:
        return f"{m[1]}-{m[2]}-{'or-later' if m[3] else 'only'}"
    return low if low in ids else None


# The few spellings that neither SPDX nor ScanCode resolve, as docs/licenses.md states them.
HF_NOT_SPELLED_AS_SPDX = {"c-uda": "c-uda-1.0", "odbl": "odbl-1.0", "odc-by": "odc-by-1.0", "pddl": "pddl-1.0", "lgpl-lr": "lgpllr"}
SCANCODE_ML = {"stable-diffusion-2022-08-22": "creativeml-openrail-m", "unknown": "unknown"}
LF_TYPOS = {"bls-1.0": "bsl-1.0", "lib-png": "libpng", "lib-tiff": "libtiff", "open-ssl": "openssl", "gpl-2.0-only-link-exception": "unknown:gpl-2.0-only-link-exception"}


def hf_key_of(raw: dict, hf: str) -> str:
    return spdx_key_of(raw, hf) or HF_NOT_SPELLED_AS_SPDX.get(hf, hf.lower())


def scancode_key_of(raw: dict, key: str) -> str:
    if " WITH " in key:
        left, right = key.split(" WITH ")
        return f"{scancode_key_of(raw, left)} with {scancode_key_of(raw, right)}"
    if key in SCANCODE_ML:
        return SCANCODE_ML[key]
    entry = raw["scancode"][key]
    spdx = entry["spdx_license_key"] or ""
    if spdx_key_of(raw, spdx):
        return spdx_key_of(raw, spdx)
    if entry["is_exception"] and spdx.lower() in {x["licenseExceptionId"].lower() for x in raw["exceptions"]}:
        return spdx.lower()
    return f"licenseref-scancode-{key}"


def expected_license_keys(raw: dict) -> set[str]:
    import yaml

    keys = {spdx_key_of(raw, x["licenseId"]) for x in raw["spdx"]}
    keys |= {hf_key_of(raw, h) for h in raw["hf"]}
    keys |= {scancode_key_of(raw, k) for k in raw["gh"]}
    keys |= {hf_key_of(raw, h) for h in raw["mapping"]}
    keys |= {x["name"].lower() for x in raw["osadl"]}
    keys |= {LF_TYPOS.get(i, i) for i in set(raw["lf"]) | {c for cells in raw["lf"].values() for c in cells}}
    # The ML licenses ptmkg curates (some only named by model cards, e.g. Tongyi Qianwen).
    keys |= set(yaml.safe_load((KNOWLEDGE / "ml-license-terms.yaml").read_text())["licenses"])
    return keys


def modelgo_pairs(raw: dict) -> set[tuple[str, str]]:
    ids = [e["short_id"] for e in raw["modelgo"]]
    pairs = set()
    for e in raw["modelgo"]:
        for fam in e.get("incompat") or []:
            for m in ids:
                if m == fam or (m.startswith(fam + "-") and m[len(fam) + 1 : len(fam) + 2].isdigit()):
                    pairs |= {(e["short_id"], m), (m, e["short_id"])}
    return pairs


# ---------------------------------------------------------------- (a) the normalizer
def test_every_license_string_in_the_data_normalizes_or_is_reported_unknown(raw):
    unstated = {k for k, x in raw["scancode"].items() if x["category"] == "Unstated License"}
    groups = {
        "hf ids": (raw["hf"], set(UNKNOWN_KEYS)),
        "hub cardData license": (raw["hub_license"], set(UNKNOWN_KEYS)),
        "hub license: tags": (raw["hub_tags"], set(UNKNOWN_KEYS)),
        "mapping.csv": (raw["mapping"], set(UNKNOWN_KEYS)),
        "all_gh_licenses.json": (raw["gh"], {k for k in raw["gh"] if k in unstated or k == "unknown"}),
        "osadl": ([x["name"] for x in raw["osadl"]], set()),
        "lf table": (sorted(set(raw["lf"]) | {c for cells in raw["lf"].values() for c in cells}), {"gpl-2.0-only-link-exception"}),
    }
    for what, (strings, may_be_unknown) in groups.items():
        assert strings, what
        unknown = set()
        for s in strings:
            m = normalize(s, scheme="scancode" if what == "all_gh_licenses.json" else None)
            assert m is not None and m.key and m.raw == s, (what, s)
            if not m.known:
                unknown.add(s)
            else:
                # a known license's display id (an SPDX/HF/LicenseRef spelling) reads back as itself
                assert normalize(m.id).key == m.key, (what, s, m)
        assert unknown == may_be_unknown, what


def test_table_ids_stay_distinct(raw):
    osadl = [x["name"] for x in raw["osadl"]]
    assert len({normalize(s).key for s in osadl}) == len(osadl) == 115
    rows, cols = list(raw["lf"]), list(next(iter(raw["lf"].values())))
    assert len({normalize(s).key for s in rows}) == len(rows)
    assert len({normalize(s).key for s in cols}) == len(cols)
    # the typos of the column headers meet their row on the table's diagonal
    for row, cells in raw["lf"].items():
        diagonal = [c for c, v in cells.items() if v is None]
        assert [normalize(c).key for c in diagonal] == [normalize(row).key], row


def test_model_card_license_names(raw):
    resolved, unknown = {}, set()
    for declared, name, link in raw["hub_names"]:
        m = normalize(declared, name=name, link=link)
        if declared not in (None, "other"):
            assert m.key == normalize(declared).key  # the card's license tag decides
        elif m.known:
            resolved[name] = m.key
        else:
            assert m.key == "unknown:" + name.lower() and m.id == name
            unknown.add(name)
    assert resolved == {
        "llama3": "llama3", "llama-3": "llama3", "llama3.1": "llama3.1", "llama4": "llama4",
        "gemma-terms-of-use": "gemma", "apache-2.0": "apache-2.0",
        "tongyi-qianwen": "licenseref-scancode-tongyi-qianwen-2023",
        "tongyi-qianwen-license-agreement": "licenseref-scancode-tongyi-qianwen-2023",
        "deepseek": "licenseref-scancode-deepseek-la-1.0", "deepseek-license": "licenseref-scancode-deepseek-la-1.0",
    }  # fmt: skip
    assert {"llama", "qwen", "qwen-research", "falcon-llm-license", "mrl"} <= unknown  # version or text not identified
    assert len({normalize("other", name=n).key for n in unknown}) == len(unknown)


@pytest.mark.parametrize(
    "raw_string, key, spelled",
    [
        ("bsd-new", "bsd-3-clause", "BSD-3-Clause"),
        ("gpl-3.0", "gpl-3.0-only", "GPL-3.0-only"),
        ("GPL-2.0+", "gpl-2.0-or-later", "GPL-2.0-or-later"),
        ("gpl-3.0-plus", "gpl-3.0-or-later", "GPL-3.0-or-later"),
        ("Apache-2.0", "apache-2.0", "Apache-2.0"),
        ("APACHE-2.0", "apache-2.0", "Apache-2.0"),
        ("llama3.1", "llama3.1", "llama3.1"),
        ("llama-3.1-license-2024", "llama3.1", "llama3.1"),
        ("llama-4-cla-2025", "llama4", "llama4"),
        ("openrail++", "openrail++", "openrail++"),
        ("stable-diffusion-2022-08-22", "creativeml-openrail-m", "creativeml-openrail-m"),
        ("bls-1.0", "bsl-1.0", "BSL-1.0"),
        ("lib-png", "libpng", "Libpng"),
        ("open-ssl", "openssl", "OpenSSL"),
        ("apache-2.0 WITH llvm-exception", "apache-2.0 with llvm-exception", "Apache-2.0 WITH LLVM-exception"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "gpl-2.0-only with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"),
        ("proprietary-license", "licenseref-scancode-proprietary-license", "LicenseRef-scancode-proprietary-license"),
        ("LicenseRef-scancode-bsla-no-advert", "licenseref-scancode-bsla-no-advert", "LicenseRef-scancode-bsla-no-advert"),
        ("c-uda", "c-uda-1.0", "C-UDA-1.0"),
        ("lgpl-lr", "lgpllr", "LGPLLR"),
        ("Apache License 2.0", "apache-2.0", "Apache-2.0"),
        ("license:mit", "mit", "MIT"),
    ],
)
def test_spellings(raw_string, key, spelled):
    m = normalize(raw_string)
    assert (m.key, m.id, m.known, m.raw) == (key, spelled, True, raw_string)


def test_no_information_and_unknown_strings():
    assert normalize(None) is None and normalize("  ") is None and normalize("", name="") is None
    for s in ("unknown", "none", "No License", "NOASSERTION"):
        assert normalize(s).key == "unknown" and not normalize(s).known
    assert normalize("other") == normalize("other", name="unknown")
    assert normalize("other").key == "other" and not normalize("other").known
    a, b = normalize("My Custom License"), normalize("my-custom-license")
    assert (a.key, a.id, a.known) == ("unknown:my custom license", "My Custom License", False)
    assert a.key != b.key
    # never silently mapped to something else: a near miss of a real id stays unknown
    assert not normalize("apache-2.0x").known and not normalize("gpl-3.0-only-ish").known
    assert normalize("MIT AND foo").known is False


def test_other_with_license_name_or_link():
    assert normalize("other", name="llama3").key == "llama3"
    assert normalize("other", name="llama", link="https://llama.meta.com/llama3/license/").key == "llama3"
    assert normalize("other", link="https://llama.meta.com/llama3/license/").key == "llama3"
    assert normalize(None, name="gemma-terms-of-use").key == "gemma"
    m = normalize("other", name="falcon-llm-license")
    assert (m.key, m.known, m.raw) == ("unknown:falcon-llm-license", False, "other")
    assert normalize("apache-2.0", name="tongyi-qianwen").key == "apache-2.0"


def test_scancode_reading_of_colliding_keys():
    # `x11` is SPDX's X11 by default and ScanCode's ICU when read as ScanCode output
    assert normalize("x11").key == "x11"
    assert normalize("x11", scheme="scancode").key == "icu"
    assert normalize("bsd-new", scheme="scancode").key == "bsd-3-clause"


# ---------------------------------------------------------------- (b)-(e) the loader
def rows(store, cypher: str, **params):
    return store.run(cypher, params)


def compat_counts(store) -> dict[str, int]:
    got = rows(store, "MATCH (:License)-[r:COMPATIBLE_INTO]->(:License) RETURN r.source AS s, count(*) AS n")
    return {r["s"]: r["n"] for r in got}


def test_load_counts_match_the_raw_files(store, raw):
    report = licenses.load(store)
    assert report.rejected == 0
    keys = {r["k"] for r in rows(store, "MATCH (l:License) RETURN l.key AS k")}
    expected = expected_license_keys(raw)
    assert keys == expected, (sorted(keys - expected)[:10], sorted(expected - keys)[:10])
    assert store.counts()["nodes"]["License"] == len(expected)

    osadl_cells = [c for lead in raw["osadl"] for c in lead["compatibilities"]]
    lf_cells = [v for cells in raw["lf"].values() for v in cells.values()]
    counts = compat_counts(store)
    assert counts["osadl"] == len(osadl_cells) == 115 * 115
    assert counts["peatmoss-lf"] == len(lf_cells) == len(raw["lf"]) * len(next(iter(raw["lf"].values())))
    assert counts["modelgo"] == len(modelgo_pairs(raw))

    by_verdict = {
        (r["s"], r["v"]): r["n"]
        for r in rows(store, "MATCH (:License)-[r:COMPATIBLE_INTO]->(:License) RETURN r.source AS s, r.verdict AS v, count(*) AS n")
    }
    osadl_map = {"Yes": "yes", "No": "no", "Unknown": "unknown", "Check dependency": "conditional", "Same": "same"}
    assert {v: n for (s, v), n in by_verdict.items() if s == "osadl"} == dict(Counter(osadl_map[c["compatibility"]] for c in osadl_cells))
    lf_map = {"yes": "yes", "no": "no", "?": "unknown", None: "same"}
    assert {v: n for (s, v), n in by_verdict.items() if s == "peatmoss-lf"} == dict(Counter(lf_map[c] for c in lf_cells))
    assert {v for (s, v) in by_verdict if s in ("modelgo", "curated")} == {"no"}


def test_curated_rule_edges(store, raw):
    licenses.load(store)
    targets = {"gpl-2.0-only", "gpl-2.0-or-later", "gpl-3.0-only", "gpl-3.0-or-later", "agpl-3.0-only", "agpl-3.0-or-later",
               "lgpl-2.1-only", "lgpl-2.1-or-later", "lgpl-3.0-only", "lgpl-3.0-or-later", "gpl", "lgpl"}  # fmt: skip
    got = {(r["a"], r["b"]) for r in rows(store, "MATCH (a:License)-[r:COMPATIBLE_INTO {source: 'curated'}]->(b:License) RETURN a.key AS a, b.key AS b")}
    restricted = {
        r["k"]
        for r in rows(
            store,
            "MATCH (l:License) WHERE l.known AND (l.family IN ['rail', 'llama', 'gemma'] OR l.use_restrictions = 'yes' "
            "OR l.commercial IN ['prohibited', 'conditional'] OR l.derivative_license = 'not-distributable') RETURN l.key AS k",
        )
    }
    assert got == {(a, b) for a in restricted for b in targets}
    # the rule covers, from the raw files alone: every HF RAIL/Llama/Gemma id and every SPDX CC id with NC or ND
    from_raw = {h.lower() for h in raw["hf"] if re.search(r"rail|llama|gemma", h)}
    from_raw |= {x["licenseId"].lower() for x in raw["spdx"] if re.match(r"^CC-BY(-NC|-ND|-NC-ND|-NC-SA)-", x["licenseId"])}
    assert from_raw <= restricted
    assert not {"apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0", "gpl-3.0-only"} & restricted
    (reason,) = [r["r"] for r in rows(store, "MATCH (:License {key: 'llama3.1'})-[r:COMPATIBLE_INTO {source: 'curated'}]->(:License {key: 'gpl-3.0-only'}) RETURN r.reason AS r")]
    assert "llama3.1" in reason and "further restrictions" in reason


def verdict(store, a: str, b: str, source: str) -> list[str]:
    q = "MATCH (x:License {key: $a})-[r:COMPATIBLE_INTO]->(y:License {key: $b}) WHERE r.source = $s RETURN r.verdict AS v"
    return [r["v"] for r in rows(store, q, a=a, b=b, s=source)]


def test_edge_direction(store, raw):
    licenses.load(store)
    # OSADL: Apache-2.0 code can go into a GPL-3.0 work, not into a GPL-2.0 one; GPL code not into Apache
    assert verdict(store, "apache-2.0", "gpl-3.0-only", "osadl") == ["yes"]
    assert verdict(store, "apache-2.0", "gpl-2.0-only", "osadl") == ["no"]
    assert verdict(store, "gpl-3.0-only", "apache-2.0", "osadl") == ["no"]
    assert verdict(store, "mit", "mit", "osadl") == ["same"]
    # PeaTMOSS/LF: row = repository (outbound), column = model (inbound)
    cell = raw["lf"]["apache-2.0"]["gpl-3.0-only"]
    assert verdict(store, "gpl-3.0-only", "apache-2.0", "peatmoss-lf") == [{"yes": "yes", "no": "no", "?": "unknown"}[cell]]
    (reason,) = [r["r"] for r in rows(store, "MATCH (:License {key: 'bsl-1.0'})-[r:COMPATIBLE_INTO {source: 'peatmoss-lf'}]->(:License {key: 'bsl-1.0'}) RETURN r.reason AS r")]
    assert "'bsl-1.0'" in reason and "'bls-1.0'" in reason  # the table's own ids stay queryable
    assert verdict(store, "openrail++", "gpl-3.0-only", "modelgo") == ["no"]
    assert verdict(store, "gpl-3.0-only", "openrail++", "modelgo") == ["no"]
    # sources never merge: one edge per source between the same pair
    both = rows(store, "MATCH (:License {key: 'mit'})-[r:COMPATIBLE_INTO]->(:License {key: 'apache-2.0'}) RETURN r.source AS s")
    assert sorted(r["s"] for r in both) == ["osadl", "peatmoss-lf"]


def test_load_is_idempotent(store):
    first = licenses.load(store)
    counts = store.counts()
    snapshot = rows(store, "MATCH (l:License {key: 'llama3'}) RETURN l.attribution AS a, l.source AS s, l.terms_source AS t")
    second = licenses.load(store)
    assert store.counts() == counts and first.read == second.read and second.rejected == 0
    assert rows(store, "MATCH (l:License {key: 'llama3'}) RETURN l.attribution AS a, l.source AS s, l.terms_source AS t") == snapshot
    assert snapshot[0]["s"] == ["licenses"]


def test_terms(store):
    licenses.load(store)

    def node(key: str) -> dict:
        (r,) = rows(
            store,
            "MATCH (l:License {key: $k}) RETURN l.id AS id, l.known AS known, l.name_prefix AS prefix, l.commercial AS commercial, "
            "l.copyleft AS copyleft, l.derivative_license AS deriv, l.use_restrictions AS restr, l.covers_distillation AS distill, "
            "l.user_cap AS cap, l.family AS family, l.kind AS kind, l.attribution AS attribution, l.terms_source AS ts, l.spdx_id AS spdx",
            k=key,
        )
        return r

    llama3, llama31 = node("llama3"), node("llama3.1")
    # Llama 3's own text asks for "Llama 3" at the start of derived names; 3.1 and later for "Llama"
    assert llama3["prefix"] == "Llama 3" and llama31["prefix"] == "Llama"
    assert llama3["prefix"].startswith("Llama") and llama3["cap"] == 700_000_000 and llama3["commercial"] == "conditional"
    assert "Built with Meta Llama 3" in llama3["attribution"] and "Built with Llama" in llama31["attribution"]
    assert llama3["family"] == "llama" and llama3["kind"] == "ml" and "llama-3-license-2024" in llama3["ts"]
    nc = node("cc-by-nc-4.0")
    assert (nc["commercial"], nc["family"], nc["kind"], nc["spdx"]) == ("prohibited", "cc-nc", "content", "CC-BY-NC-4.0")
    assert node("cc-by-nd-4.0")["deriv"] == "not-distributable" and node("cc-by-sa-4.0")["copyleft"] == "share-alike"
    gemma = node("gemma")
    assert (gemma["restr"], gemma["distill"], gemma["deriv"]) == ("yes", "yes", "any-with-passthrough")
    assert node("agpl-3.0-only")["copyleft"] == "network" and node("gpl-3.0-only")["copyleft"] == "strong"
    apache = node("apache-2.0")
    assert (apache["commercial"], apache["copyleft"], apache["deriv"], apache["family"]) == ("allowed", "none", "any", "permissive")
    # unverified stays unknown
    assert node("h-research")["commercial"] == "unknown" and node("deepfloyd-if-license")["deriv"] == "unknown"

    # an unknown string: a node of its own, known=false, every term unknown
    m = normalize("Some Model License v2")
    b = Batch()
    b.ref("License", m.key, **license_node_row(m, "test"))
    store.write(b)
    weird = node("unknown:some model license v2")
    assert weird["known"] is False and weird["id"] == "Some Model License v2"
    assert {weird[f] for f in ("commercial", "copyleft", "deriv", "restr", "distill", "family", "kind")} == {"unknown"}
    assert weird["prefix"] is None and weird["ts"] is None
    assert node("unknown")["known"] is False and node("other")["known"] is False


def test_ingest_command_is_registered():
    from ptmkg.cli import main  # noqa: F401  (the CLI builds its command tree on import)
    from ptmkg.loaders import SOURCES

    assert "licenses" in SOURCES
    assert licenses.command.name == "licenses"
