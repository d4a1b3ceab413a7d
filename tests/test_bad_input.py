"""A corpus of more than 100 bad records mixed with good ones: every good record loads,
every bad one is reported with its line and the reason, nothing crashes, and a rerun
changes nothing. On both stores."""

from __future__ import annotations

import json
import random

from ptmkg.loaders import github_usage, hf_snapshot
from tests.conftest import SHARED
from tests.test_store_conformance import dump

JSONL = SHARED / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl"


def good_rows(n: int = 300) -> list[dict]:
    rows = [json.loads(line) for _, line in zip(range(n), open(JSONL))]
    return rows


def bad_records(template: dict) -> list[tuple[str, str]]:
    """(line text, expected reason prefix) for records that must be rejected."""
    out: list[tuple[str, str]] = []

    def variant(kind: str, **changes: object) -> None:
        rec = json.loads(json.dumps(template))
        rec["id"] = f"bad-corpus/{kind.replace(' ', '-')}-{len(out)}"
        for k, v in changes.items():
            if v is _DROP:
                rec.pop(k, None)
            else:
                rec[k] = v
        out.append((json.dumps(rec), kind))

    line = json.dumps(template)
    for cut in range(10, 160, 10):  # 15 truncated lines
        out.append((line[:cut], "broken JSON"))
    out += [("{'single': 'quotes'}", "broken JSON"), ("{\"id\": \"x/y\",}", "broken JSON"), ("not json at all", "broken JSON")]
    for value in ("lots", 1.5, [1], {"n": 1}, True):  # 25 wrong types
        variant("wrong type", downloads=value)
        variant("wrong type", likes=value if value != 1.5 else "1")
        variant("wrong type", tags=value if not isinstance(value, list) else [1, 2])
        variant("wrong type", author=value if not isinstance(value, str) else 7)
        variant("wrong type", cardData=value if not isinstance(value, (str, dict)) else 3)
    for value in (None, "", "   ", _DROP):  # 12 missing ids
        for _ in range(3):
            rec = json.loads(json.dumps(template))
            if value is _DROP:
                rec.pop("id")
            else:
                rec["id"] = value
            out.append((json.dumps(rec), "missing id"))
    for size in (201, 1_000, 100_000, 1_000_000):  # 8 huge ids
        out.append((json.dumps({**template, "id": "o/" + "x" * size}), "too long"))
        out.append((json.dumps({**template, "id": "x" * size}), "too long"))
    for ch in ("\x00", "\x07", "\n", "\r", "\x1b[31m", "\t", "\x7f", "\x08", "\x0b", "\x1f"):  # 10 control characters
        out.append((json.dumps({**template, "id": f"bad/ctl{ch}id"}), "control characters"))
    for bad_id in ("has space/x", "../etc/passwd", "a/b/c", "o//double", "ünïcode/model", "o/na me", "-dash/first", "o/#hash", "a:b/c", "o/x?y"):  # 10
        out.append((json.dumps({**template, "id": bad_id}), "invalid id"))
    for k in ("downloads", "likes", "downloadsAllTime"):  # 3 negative counts
        variant("wrong value", **{k: -5})
    for d in ("yesterday", "2024-13-45", "31/12/2023", 20240101, "2024-02-30T00:00:00Z"):  # 5 bad dates
        variant("wrong", createdAt=d)
    for v in ("[1, 2, 3]", "42", '"a string"', "null", "true"):  # 5 records that are not objects
        out.append((v, "wrong type"))
    for bad_type_id in (123, ["a/b"], {"id": "a/b"}, 4.5, False):  # 5 ids of the wrong type
        out.append((json.dumps({**template, "id": bad_type_id}), "wrong type"))
    variant("wrong type", baseModels="mistralai/Mistral-7B-v0.1")
    variant("wrong type", baseModels=["a/b"])
    variant("broken JSON", cardData="{license: mit")
    return out


class _Drop:
    pass


_DROP = _Drop()


def noted_records(template: dict) -> list[tuple[dict, str]]:
    """Records that load, with a note in the report."""
    out = []
    for i in range(6):
        rec = json.loads(json.dumps(template))
        rec["id"] = f"noted/self-{i}"
        rec["baseModels"] = {"relation": "finetune", "models": [{"_id": "x", "id": rec["id"]}]}
        out.append((rec, "self-reference"))
    for i, lic in enumerate(["my-own-license-v1", "see LICENSE file", "propriétaire", "WTF-ever-1.0", "lic" * 20]):
        rec = json.loads(json.dumps(template))
        rec["id"] = f"noted/license-{i}"
        rec["cardData"] = json.dumps({"license": lic})
        rec["tags"] = [t for t in rec["tags"] if not t.startswith("license:")]
        out.append((rec, "unknown license"))
    for i, ref in enumerate(["not a model id!", "x" * 5000, "a/b/c/d", "https://example.com/nothing"]):
        rec = json.loads(json.dumps(template))
        rec["id"] = f"noted/dangling-{i}"
        rec["cardData"] = json.dumps({"base_model": ref})
        rec["baseModels"] = None
        rec["tags"] = []
        out.append((rec, "skipped"))
    return out


def build_corpus(tmp_path):
    rng = random.Random(3)
    good = good_rows()
    bad = bad_records(good[0])
    noted = noted_records(good[1])
    lines = [(json.dumps(r), "good", r["id"]) for r in good]
    lines += [(text, "bad:" + reason, None) for text, reason in bad]
    lines += [(json.dumps(r), "noted:" + reason, r["id"]) for r, reason in noted]
    rng.shuffle(lines)
    path = tmp_path / "corpus.jsonl"
    with open(path, "w") as fh:
        for text, _, _ in lines:
            assert "\n" not in text
            fh.write(text + "\n")
    return path, lines


def test_bad_records_are_reported_and_good_ones_load(store, tmp_path):
    path, lines = build_corpus(tmp_path)
    bad = [(i + 1, kind) for i, (_, kind, _) in enumerate(lines) if kind.startswith("bad:")]
    assert len(bad) >= 100
    report = tmp_path / "report.jsonl"
    rep = hf_snapshot.load(store, path, rejects=report, progress=False, resume=False)
    entries = [json.loads(line) for line in open(report)]
    rejected = {e["record"]: e for e in entries if e["status"] == "rejected"}

    # every bad record is reported, at its line, with the reason it was built to trigger
    assert rep.rejected == len(bad)
    for line_no, kind in bad:
        entry = rejected[f"line {line_no}"]
        assert entry["file"] == str(path)
        assert entry["reason"].lower().startswith(kind[4:].lower()), (line_no, kind, entry["reason"])

    # every good and noted record is loaded
    expected_ids = {mid.lower() for _, kind, mid in lines if mid and not kind.startswith("bad:")}
    loaded = {r["k"] for r in store.run("MATCH (m:Model) WHERE m.loaded = true RETURN m.key AS k")}
    assert loaded == expected_ids
    assert rep.loaded == len(expected_ids)

    # noted records are loaded and reported as notes with the reason
    notes = [e for e in entries if e["status"] == "note"]
    for n, (_, kind, mid) in enumerate(lines, 1):
        if kind.startswith("noted:"):
            mine = [e for e in notes if e["record"] == f"line {n}"]
            assert any(e["reason"].startswith(kind[6:]) for e in mine), (mid, kind, mine)

    # nothing from a bad record leaked in; a rerun changes nothing
    assert not store.run("MATCH (m:Model) WHERE m.key STARTS WITH 'bad-corpus/' RETURN m.key AS k")
    before = dump(store)
    rep2 = hf_snapshot.load(store, path, rejects=tmp_path / "r2.jsonl", progress=False, resume=False)
    assert (rep2.loaded, rep2.rejected) == (rep.loaded, rep.rejected)
    assert dump(store) == before


def test_bad_mapping_rows_are_reported(store, tmp_path):
    real = (SHARED / "peatmoss" / "mapping.csv").read_text().splitlines()[:200]
    bad = ["", "only-one-column", ",gpt2,https://huggingface.co/gpt2,mit", "github.com/a b/c,gpt2,,mit", "github.com/o/r,,,mit", "github.com/o/r,bad id!,,mit"]
    path = tmp_path / "mapping.csv"
    path.write_text("\n".join(real[:100] + bad + real[100:]) + "\n")
    report = tmp_path / "rep.jsonl"
    rep = github_usage.load(store, path, None, rejects=report, progress=False)
    reasons = [json.loads(line) for line in open(report) if json.loads(line)["status"] == "rejected"]
    assert rep.rejected == len(bad) - 1  # the empty line is no record
    assert {r["record"] for r in reasons} == {f"line {n}" for n in range(102, 107)}
    assert rep.loaded == 200
