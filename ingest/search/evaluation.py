"""Retrieval quality: nDCG@10 per query kind, computed as ../shared/eval/score_retrieval.py computes it."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping


def ndcg_at_10(relevant: Iterable[str], ranked: Iterable[str]) -> float:
    """nDCG@10 with binary relevance; files compare by base name and repeated files count once."""
    wanted = {os.path.basename(f) for f in relevant}
    ranked = list(dict.fromkeys(os.path.basename(f) for f in ranked))[:10]
    if not wanted:
        # A query whose right answer is nothing: right only when nothing is returned.
        return 0.0 if ranked else 1.0
    dcg = sum(1 / math.log2(i + 2) for i, name in enumerate(ranked) if name in wanted)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(wanted), 10)))
    return dcg / ideal if ideal else 0.0


def ndcg_by_kind(judged: Iterable[Mapping], ranked: Mapping[str, list[str]]) -> dict[str, float]:
    """Mean nDCG@10 over all judged queries ("all") and per their "kind" where they have one."""
    scores: dict[str, list[float]] = {}
    for item in judged:
        value = ndcg_at_10(item["relevant"], ranked.get(item["query"], []))
        scores.setdefault("all", []).append(value)
        if "kind" in item:
            scores.setdefault(item["kind"], []).append(value)
    return {kind: sum(values) / len(values) for kind, values in scores.items()}


def format_table(rows: Mapping[str, Mapping[str, float]]) -> str:
    """One line per mode, one column per kind ("all" first)."""
    kinds = sorted({k for row in rows.values() for k in row}, key=lambda k: (k != "all", k))
    lines = [f"{'nDCG@10':8s} " + " ".join(f"{k:>9s}" for k in kinds)]
    lines += [f"{mode:8s} " + " ".join(f"{row.get(k, float('nan')):9.3f}" for k in kinds) for mode, row in rows.items()]
    return "\n".join(lines)
