"""Synthetic Hugging Face snapshots in the real `hub-stats` file's shape, for benchmarks and
scale tests (`python -m ptmkg.synthetic --n 100000 -o hub.jsonl`).

The mix is modelled on the real 4,167-model sample (bundled, `ptmkg/data/sample`): 62 %
of models declare base models, among those 54 % fine-tunes, 43 % merges (2 to 10
parents, most often 2), 2 % quantizations, 1 % adapters; a quarter cite datasets; 42 %
cite arXiv papers; the license mix follows the sample's top licenses with 28 % undeclared;
downloads are heavy-tailed. Lineage is heavy-tailed too: most derivatives pick a popular
root (Zipf) or a recent model of the same family, so families grow large and merges of
merges build chains tens of hops deep. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta
from typing import IO, Iterator

# (license id, share) from the sample; None = no license declared
LICENSES = [
    ("apache-2.0", 0.354), (None, 0.282), ("other", 0.091), ("mit", 0.077), ("llama3.1", 0.042),
    ("cc-by-nc-4.0", 0.034), ("gemma", 0.032), ("llama3", 0.028), ("llama3.2", 0.028), ("llama2", 0.009),
    ("llama3.3", 0.004), ("creativeml-openrail-m", 0.003), ("cc-by-nc-sa-4.0", 0.003),
    ("bigscience-bloom-rail-1.0", 0.003), ("gpl-3.0", 0.002), ("cc-by-4.0", 0.001),
]
RELATIONS = [("finetune", 0.54), ("merge", 0.43), ("quantized", 0.02), ("adapter", 0.01)]
MERGE_PARENTS = [(2, 0.53), (3, 0.16), (4, 0.10), (5, 0.08), (6, 0.07), (7, 0.03), (9, 0.015), (10, 0.015)]
TASKS = [("text-generation", 0.82), (None, 0.115), ("image-text-to-text", 0.02), ("feature-extraction", 0.018), ("text-classification", 0.013), ("text-to-image", 0.004), ("automatic-speech-recognition", 0.01)]
DATASETS = [f"synthetic-data/corpus-{i}" for i in range(500)]


def _pick(rng: random.Random, table: list) -> object:
    r, acc = rng.random(), 0.0
    for value, share in table:
        acc += share
        if r < acc:
            return value
    return table[-1][0]


def records(n: int, seed: int = 42) -> Iterator[dict]:
    """N hub-stats-shaped records, oldest first."""
    rng = random.Random(seed)
    start = datetime(2022, 3, 1)
    span = (datetime(2026, 4, 1) - start).total_seconds()
    ids: list[str] = []
    roots: list[int] = []
    family_of: list[int] = []
    orgs = [f"org{i:05d}" for i in range(max(10, n // 8))]
    for i in range(n):
        org = orgs[int(rng.paretovariate(1.2)) % len(orgs)]
        mid = f"{org}/model-{i}"
        created = start + timedelta(seconds=span * i / max(1, n))
        tags = ["transformers", "safetensors"]
        card: dict = {}
        base_models = None
        if i < 20 or rng.random() < 0.38:
            roots.append(i)
            family_of.append(i)
        else:
            relation = str(_pick(rng, RELATIONS))
            # popular roots (Zipf over the roots) or a recent model: heavy-tailed families, deep chains
            if rng.random() < 0.45:
                first = roots[min(len(roots) - 1, int(rng.paretovariate(1.1)) - 1)]
            else:
                first = rng.randrange(max(0, i - 200), i)
            parents = [first]
            if relation == "merge":
                fam = [j for j in range(max(0, i - 300), i) if family_of[j] == family_of[first]] or [first]
                for _ in range(int(_pick(rng, MERGE_PARENTS)) - 1):
                    parents.append(rng.choice(fam))
                parents = list(dict.fromkeys(parents))
            family_of.append(family_of[first])
            base_ids = [ids[p] for p in parents]
            base_models = {"relation": relation, "models": [{"_id": f"{p:024x}", "id": b} for p, b in zip(parents, base_ids)]}
            card["base_model"] = base_ids if len(base_ids) > 1 else base_ids[0]
            tags += [f"base_model:{b}" for b in base_ids] + [f"base_model:{relation}:{b}" for b in base_ids]
        lic = _pick(rng, LICENSES)
        if lic:
            card["license"] = lic
            tags.append(f"license:{lic}")
            if lic == "other":
                card["license_name"] = rng.choice(["tongyi-qianwen", "deepseek", "custom-research-only"])
        if rng.random() < 0.25:
            ds = rng.sample(DATASETS, rng.randint(1, 3))
            card["datasets"] = ds
            tags += [f"dataset:{d}" for d in ds]
        if rng.random() < 0.42:
            tags.append(f"arxiv:{rng.randint(1800, 2512)}.{rng.randint(10000, 99999)}")
        task = _pick(rng, TASKS)
        if task:
            tags.append(str(task))
        ids.append(mid)
        downloads = int(rng.paretovariate(0.6)) - 1
        yield {
            "id": mid,
            "author": org,
            "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "lastModified": (created + timedelta(days=rng.randint(0, 90))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "downloads": min(downloads, 50_000_000),
            "downloadsAllTime": min(downloads * rng.randint(1, 20), 500_000_000),
            "likes": int(rng.paretovariate(1.5)) - 1,
            "trendingScore": 0.0,
            "tags": tags,
            "cardData": json.dumps(card),
            "safetensors": {"parameters": {"BF16": 10**9 * rng.randint(1, 70)}, "total": 10**9 * rng.randint(1, 70)} if rng.random() < 0.9 else None,
            "gguf": None,
            "baseModels": base_models,
            "pipeline_tag": task,
            "library_name": "transformers" if rng.random() < 0.86 else None,
        }


def write_jsonl(n: int, out: IO[str], seed: int = 42) -> None:
    for rec in records(n, seed):
        out.write(json.dumps(rec) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description="Write a synthetic hub-stats snapshot (JSON Lines).")
    ap.add_argument("--n", type=int, required=True, help="number of models")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    args = ap.parse_args()
    if args.output:
        with open(args.output, "w") as fh:
            write_jsonl(args.n, fh, args.seed)
    else:
        write_jsonl(args.n, sys.stdout, args.seed)


if __name__ == "__main__":
    main()
