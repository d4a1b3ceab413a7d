"""`ptmkg ingest ptmtorrent`: records of the PTMTorrent schemas, on both stores.

No sample records exist upstream, so the records are built here from real data:
- Hugging Face: rows of the shared hub-stats sample, converted into the 2022
  `list_models(full=True)` shape (huggingfaceMetadata.json) and, other rows, into the
  normalized shape the way PTMTorrent's `ptm_torrent/huggingface/createSchema.py` does
  (ModelName = the hub id, ModelPaperDOIs = the `doi:` tags; the sample has no commit, so
  LatestGitCommitSHA is empty);
- ONNX Model Zoo: normalized records copied from PTMTorrent's published example
  (`example/onnxmodelzoo.json` @ 06ede7dd, BSD-3-Clause, same repository as the
  schemas), plus the ONNX Model Zoo's ResNet family and its ResNet18 file as per-hub
  records (model path, opset and category as in onnx/models `vision/classification/resnet`;
  the family's paper is He et al., arXiv 1512.03385);
- PyTorch Hub: torchvision's ResNet and AlexNet pages (pytorch.org/hub/pytorch_vision_*,
  author "Pytorch Team", code at github.com/pytorch/vision);
- Model Zoo: Detectron (facebookresearch/Detectron, Caffe2) and fairseq
  (facebookresearch/fairseq, PyTorch) as modelzoo.co lists open-source projects;
- Modelhub: SqueezeNet (github.com/modelhub-ai/squeezenet).
Expectations are computed from these records in plain Python.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from ptmkg.errors import InputError
from ptmkg.loaders import ptmtorrent

# PTMTorrent example/onnxmodelzoo.json @ 06ede7dd0bbedaf5c860b3b10fbb86e53c020d86, items 0, 5, 6 and 23.
ONNX_EXAMPLE = [
    {"id": 0, "LatestGitCommitSHA": "131c99da401c757207a40189385410e238ed0934",
     "ModelHub": {"MetadataFilePath": "data/onnxmodelzoo/json/metadata/omz_metadata.json", "MetadataObjectID": "0",
                  "ModelHubName": "Onnx Model Zoo", "ModelHubURL": "https://github.com/onnx/models"},
     "ModelName": "MobileNet v2-7", "ModelOwner": "ONNX", "ModelOwnerURL": "https://github.com/onnx",
     "ModelURL": "https://github.com/onnx/models/tree/main/vision/classification/mobilenet", "ModelPaperDOIs": [],
     "ModelTask": "image_classification"},
    {"id": 5, "LatestGitCommitSHA": "652f4e4af7975c8e7a505c4b6e0f8ac72d8260ea",
     "ModelHub": {"MetadataFilePath": "data/onnxmodelzoo/json/metadata/omz_metadata.json", "MetadataObjectID": "5",
                  "ModelHubName": "Onnx Model Zoo", "ModelHubURL": "https://github.com/onnx/models"},
     "ModelName": "ResNet18", "ModelOwner": "ONNX", "ModelOwnerURL": "https://github.com/onnx",
     "ModelURL": "https://github.com/onnx/models/tree/main/vision/classification/resnet", "ModelPaperDOIs": [],
     "ModelTask": "image_classification"},
    {"id": 6, "LatestGitCommitSHA": "652f4e4af7975c8e7a505c4b6e0f8ac72d8260ea",
     "ModelHub": {"MetadataFilePath": "data/onnxmodelzoo/json/metadata/omz_metadata.json", "MetadataObjectID": "6",
                  "ModelHubName": "Onnx Model Zoo", "ModelHubURL": "https://github.com/onnx/models"},
     "ModelName": "ResNet34", "ModelOwner": "ONNX", "ModelOwnerURL": "https://github.com/onnx",
     "ModelURL": "https://github.com/onnx/models/tree/main/vision/classification/resnet", "ModelPaperDOIs": [],
     "ModelTask": "image_classification"},
    {"id": 23, "LatestGitCommitSHA": "1008b6e9450ab632538390e38e0ab28b3f207fbc",
     "ModelHub": {"MetadataFilePath": "data/onnxmodelzoo/json/metadata/omz_metadata.json", "MetadataObjectID": "23",
                  "ModelHubName": "Onnx Model Zoo", "ModelHubURL": "https://github.com/onnx/models"},
     "ModelName": "SqueezeNet 1.1", "ModelOwner": "ONNX", "ModelOwnerURL": "https://github.com/onnx",
     "ModelURL": "https://github.com/onnx/models/tree/main/vision/classification/squeezenet", "ModelPaperDOIs": [],
     "ModelTask": "image_classification"},
]
ONNX_HUB = [{"id": 0, "ModelClass": "ResNet", "ModelREADMEPath": "vision/classification/resnet/README.md",
             "Paper": "https://arxiv.org/abs/1512.03385", "Category": "image_classification",
             "Description": "Deep residual networks (ResNet) for image classification."}]
ONNX_MODELS = [{"id": 0, "Model": "ResNet18", "ModelPath": "vision/classification/resnet/model/resnet18-v1-7.onnx",
                "OpsetVersion": "7", "Category": "image_classification",
                "GitHub URL": "https://github.com/onnx/models/tree/main/vision/classification/resnet"}]
PYTORCH_HUB = [
    {"id": 0, "ModelName": "ResNet", "ModelAuthor": "Pytorch Team", "ModelDescription": "Deep residual networks pre-trained on ImageNet",
     "ModelURL": "https://pytorch.org/hub/pytorch_vision_resnet/", "GitHubURL": "https://github.com/pytorch/vision",
     "ColabURL": "https://colab.research.google.com/github/pytorch/pytorch.github.io/blob/master/assets/hub/pytorch_vision_resnet.ipynb",
     "DemoURL": None},
    {"id": 1, "ModelName": "AlexNet", "ModelAuthor": "Pytorch Team",
     "ModelURL": "https://pytorch.org/hub/pytorch_vision_alexnet/", "GitHubURL": "https://github.com/pytorch/vision"},
]
MODELZOO_HUB = {"models": [
    {"slug": "detectron", "title": "Detectron", "link": "https://github.com/facebookresearch/Detectron", "framework": "caffe2",
     "categories": [{"id": 1, "slug": "computer-vision", "title": "Computer Vision", "short_title": "CV"}]},
]}
MODELZOO_MODELS = [
    {"id": 0, "title": "fairseq", "link": "https://github.com/facebookresearch/fairseq", "framework": "pytorch",
     "categories": [{"id": 2, "slug": "natural-language-processing", "title": "Natural Language Processing", "short_title": "NLP"}],
     "papers": {"Convolutional Sequence to Sequence Learning": "https://arxiv.org/abs/1705.03122"}},
]
HF_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?")
MODELHUB = [{"id": "squeezenet", "name": "SqueezeNet", "github": "https://github.com/modelhub-ai/squeezenet",
             "github_branch": "master", "task_extended": "Image classification"}]


# -- converting real hub-stats rows ---------------------------------------------------------
def hub_stats_rows(shared: Path, n: int) -> list[dict[str, Any]]:
    """The first n sample rows whose card has a license string and a dataset list."""
    out = []
    with open(shared / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl") as fh:
        for line in fh:
            rec = json.loads(line)
            card = json.loads(rec["cardData"]) if isinstance(rec["cardData"], str) and rec["cardData"] else (rec["cardData"] or {})
            if isinstance(card.get("license"), str) and isinstance(card.get("datasets"), list) and all(isinstance(d, str) for d in card["datasets"]):
                out.append({**rec, "cardData": card})
                if len(out) == n:
                    break
    return out


def as_2022_hf(rec: dict[str, Any]) -> dict[str, Any]:
    """A hub-stats row in the huggingfaceMetadata.json shape (author is null there)."""
    card = rec["cardData"]
    out_card = {"license": card["license"], "datasets": card["datasets"]}
    if isinstance(card.get("language"), str):
        out_card["language"] = card["language"]
    out = {"modelId": rec["id"], "id": rec["id"], "lastModified": rec["lastModified"], "tags": rec["tags"] or [],
           "private": False, "author": None, "cardData": out_card, "likes": rec["likes"], "downloads": rec["downloads"]}
    for src, dst in (("pipeline_tag", "pipeline_tag"), ("library_name", "library_name")):
        if rec.get(src):
            out[dst] = rec[src]
    return out


def as_normalized(rec: dict[str, Any], idx: int) -> dict[str, Any]:
    """A hub-stats row as PTMTorrent's huggingface/createSchema.py writes it."""
    mid = rec["id"]
    out = {
        "id": idx, "LatestGitCommitSHA": "",
        "ModelHub": {"MetadataFilePath": "data/huggingface/json/metadata/hf_metadata.json", "MetadataObjectID": str(idx),
                     "ModelHubName": "Hugging Face", "ModelHubURL": "https://huggingface.co/"},
        "ModelName": mid, "ModelOwner": rec["author"], "ModelOwnerURL": f"https://huggingface.co/{rec['author']}",
        "ModelURL": f"https://huggingface.co/{mid}",
        "Datasets": [{"DatasetName": d, "DatasetOwner": d.split("/")[0] if "/" in d else "", "DatasetURL": f"https://huggingface.co/datasets/{d}",
                      "DatasetOwnerURL": "https://huggingface.co/"} for d in rec["cardData"]["datasets"]],
    }
    if rec.get("pipeline_tag"):
        out["ModelTask"] = rec["pipeline_tag"]
    dois = [t for t in rec["tags"] or [] if t.startswith("doi:")]
    if dois:
        out["ModelPaperDOIs"] = dois
    return out


def expected_key(kind: str, rec: dict[str, Any]) -> tuple[str, str]:
    """(hub, key) of a valid record, written out per shape."""
    if kind == "hf":
        return "huggingface", rec["modelId"].lower()
    if kind == "normalized":
        hub = {"Hugging Face": "huggingface", "Onnx Model Zoo": "onnx"}[rec["ModelHub"]["ModelHubName"]]
        return hub, (rec["ModelName"] if hub == "huggingface" else f"onnx:{rec['ModelName']}").lower()
    if kind == "pytorchhub":
        return "pytorchhub", f"pytorchhub:pytorch/vision:{rec['ModelName']}".lower()
    if kind == "onnx-hub":
        return "onnx", f"onnx:{rec['ModelClass']}".lower()
    if kind == "onnx-model":
        return "onnx", f"onnx:{rec['Model']}".lower()
    if kind == "modelzoo":
        return "modelzoo", f"modelzoo:{rec['title']}".lower()
    return "modelhub", f"modelhub:{rec['name']}".lower()


@pytest.fixture
def corpus(shared_data: Path, tmp_path: Path) -> dict[str, Any]:
    """A directory of record files, the valid records by kind, and the invalid ones."""
    rows = hub_stats_rows(shared_data, 20)
    hf = [as_2022_hf(r) for r in rows[:10]]
    normalized = [as_normalized(r, i) for i, r in enumerate(rows[10:])] + copy.deepcopy(ONNX_EXAMPLE)
    root = tmp_path / "ptmtorrent"
    (root / "huggingface").mkdir(parents=True)
    (root / "other").mkdir()
    files = {
        "huggingface/hf_metadata.json": hf,
        "huggingface/huggingface.json": normalized[:10],
        "onnxmodelzoo.json": normalized[10:],
        "other/onnx_hub.json": ONNX_HUB,
        "other/onnx_models.json": ONNX_MODELS,
        "other/pytorchhub.json": PYTORCH_HUB,
        "other/modelzoo_hub.json": MODELZOO_HUB,
        "other/modelzoo_models.json": MODELZOO_MODELS,
        "other/modelhub.json": MODELHUB[0],  # a file holding one record, not a list
    }
    for name, value in files.items():
        (root / name).write_text(json.dumps(value, indent=2))
    # Invalid records, each with the validator's reason.
    no_sha = copy.deepcopy(ONNX_EXAMPLE[3])
    no_sha["ModelName"] = "SqueezeNet 1.0"
    del no_sha["LatestGitCommitSHA"]
    likes_text = dict(as_2022_hf(rows[0]), modelId="bad/likes", id="bad/likes", likes=str(rows[0]["likes"]))
    extra = dict(PYTORCH_HUB[1], Stars=3)
    bad = [no_sha, likes_text, extra, {"foo": 1}]
    (root / "invalid.json").write_text(json.dumps(bad))
    (root / "broken.json").write_text('[{"modelId": "gpt2"}, {"modelId": ')
    (root / "notes.txt").write_text("not a record")
    valid = [("hf", r) for r in hf] + [("normalized", r) for r in normalized] + [("onnx-hub", r) for r in ONNX_HUB]
    valid += [("onnx-model", r) for r in ONNX_MODELS] + [("pytorchhub", r) for r in PYTORCH_HUB]
    valid += [("modelzoo", r) for r in MODELZOO_HUB["models"] + MODELZOO_MODELS] + [("modelhub", r) for r in MODELHUB]
    return {"root": root, "valid": valid, "rows": rows}


# -- tests --------------------------------------------------------------------------------------
def test_every_valid_record_loads_with_its_hub(store, corpus: dict[str, Any], tmp_path: Path):
    rejects = tmp_path / "rejects.jsonl"
    report = ptmtorrent.load(store, corpus["root"], rejects=rejects, progress=False)
    valid = corpus["valid"]
    # 4 invalid records, the broken file's first item loads and its rest is one reject, notes.txt
    assert report.rejected == 4 + 1 + 1
    assert report.loaded == len(valid) + 1
    keys: dict[str, set[str]] = {}
    for kind, rec in valid:
        hub, key = expected_key(kind, rec)
        keys.setdefault(hub, set()).add(key)
    keys["huggingface"].add("gpt2")  # the first item of broken.json
    rows = store.run("MATCH (m:Model) WHERE m.loaded = true RETURN m.hub AS hub, m.key AS key")
    got: dict[str, set[str]] = {}
    for r in rows:
        got.setdefault(r["hub"], set()).add(r["key"])
    assert got == keys
    assert set(got) == {"huggingface", "pytorchhub", "onnx", "modelzoo", "modelhub"}
    # the ONNX per-hub ResNet18 is the same model as the normalized ResNet18: one node
    assert len(keys["onnx"]) == len(ONNX_EXAMPLE) + len(ONNX_HUB) + len(ONNX_MODELS) - 1

    lines = [json.loads(x) for x in rejects.read_text().splitlines()]
    reasons = sorted(x["reason"] for x in lines if x["status"] == "rejected")
    assert reasons == sorted([
        "invalid ptmtorrent.json: at (record): 'LatestGitCommitSHA' is a required property",
        f"invalid huggingfaceMetadata.json: at likes: '{corpus['rows'][0]['likes']}' is not of type 'integer'",
        "invalid pytorchhubModelMetadata.json: at (record): Additional properties are not allowed ('Stars' was unexpected)",
        "unrecognised record: no PTMTorrent schema has the fields foo",
        "not JSON: broken.json item 1: Expecting value: line 1 column 13 (char 12)",
        "not JSON: notes.txt is not a .json file, skipped",
    ])


def test_loading_twice_changes_nothing(store, corpus: dict[str, Any]):
    ptmtorrent.load(store, corpus["root"], progress=False)
    first = store.counts()
    ptmtorrent.load(store, corpus["root"], progress=False)
    assert store.counts() == first


def test_hugging_face_records(store, corpus: dict[str, Any]):
    ptmtorrent.load(store, corpus["root"], progress=False)
    rec = corpus["rows"][0]
    m = store.run("MATCH (m:Model {key: $k}) RETURN m.downloads AS d, m.likes AS l, m.task AS t, m.author AS a, m.modified_at AS mod",
                  {"k": rec["id"].lower()})
    assert m == [{"d": rec["downloads"], "l": rec["likes"], "t": rec.get("pipeline_tag"), "a": rec["id"].split("/")[0],
                  "mod": rec["lastModified"]}]
    # cardData.datasets of the 2022-shape records, Datasets[] of the normalized ones
    want = {(r["id"].lower(), d.lower()) for r in corpus["rows"] for d in r["cardData"]["datasets"] if HF_ID.fullmatch(d)}
    got = {(r["m"], r["d"]) for r in store.run("MATCH (m:Model)-[:TRAINED_ON]->(d:Dataset) RETURN m.key AS m, d.key AS d")}
    assert got == want
    lic = store.run("MATCH (:Model {key: $k})-[r:LICENSED_UNDER]->(l:License) RETURN r.raw AS raw, r.source AS s", {"k": rec["id"].lower()})
    assert lic == [{"raw": rec["cardData"]["license"], "s": ["ptmtorrent"]}]


def test_other_hubs(store, corpus: dict[str, Any]):
    ptmtorrent.load(store, corpus["root"], progress=False)
    r18 = store.run("MATCH (m:Model {key: 'onnx:resnet18'}) RETURN m.sha AS sha, m.task AS task, m.domain AS domain")
    assert r18 == [{"sha": ONNX_EXAMPLE[1]["LatestGitCommitSHA"], "task": "image-classification", "domain": "vision"}]
    cites = store.run("MATCH (m:Model)-[r:CITES]->(p:Paper) WHERE m.hub <> 'huggingface' RETURN m.key AS mk, p.key AS pk ORDER BY mk")
    assert cites == [{"mk": "modelzoo:fairseq", "pk": "arxiv:1705.03122"}, {"mk": "onnx:resnet", "pk": "arxiv:1512.03385"}]
    pub = store.run("MATCH (m:Model {hub: 'pytorchhub'})-[:PUBLISHED_BY]->(o:Organization) RETURN m.key AS mk, o.id AS org ORDER BY mk")
    assert pub == [{"mk": "pytorchhub:pytorch/vision:alexnet", "org": "Pytorch Team"}, {"mk": "pytorchhub:pytorch/vision:resnet", "org": "Pytorch Team"}]
    zoo = store.run("MATCH (m:Model {key: 'modelzoo:detectron'}) RETURN m.library AS lib, m.domain AS domain, m.url AS url")
    assert zoo == [{"lib": "caffe2", "domain": "vision", "url": "https://github.com/facebookresearch/Detectron"}]


def test_schemas_ship_with_the_package():
    for kind, (name, _) in ptmtorrent.SCHEMAS.items():
        assert (ptmtorrent.SCHEMA_DIR / name).is_file()
        ptmtorrent.validator(kind)  # a valid JSON Schema of its draft
    assert (ptmtorrent.SCHEMA_DIR / "LICENSE").read_text().startswith("BSD 3-Clause License")


def test_missing_directory_is_one_clear_error(store, tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        ptmtorrent.load(store, tmp_path / "nowhere")


def test_lists_are_streamed_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    items = [{"modelId": f"org/m{i}", "likes": i * 1001, "tags": ["a" * (i % 13)]} for i in range(40)] + [12345678, "x y", None]
    path = tmp_path / "list.json"
    path.write_text(" \n" + json.dumps(items, indent=1))
    monkeypatch.setattr(ptmtorrent, "CHUNK", 7)  # every element straddles several reads
    raws = list(ptmtorrent.fetch(path))
    assert [r.value for r in raws] == items
    assert [r.record for r in raws][:2] == ["item 0", "item 1"]
