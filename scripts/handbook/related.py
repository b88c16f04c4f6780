"""Stage 6: for each entry, the few other entries that ask about the same subject.

"What is model drift?" and "How do you handle model drift?" are different questions, so they
stay two entries, but a reader of one wants the other. Related entries share key terms,
whatever their intent; they are scored by the IDF-weighted Jaccard similarity of the entries'
key terms (every member's), and only the best few above a floor are kept. A duplicate the merge
missed shows up here too, next to the question it repeats.

Candidates come from an inverted index over the rarer terms: a term shared by more than
COMMON_TERM entries ("model") says little about the subject and is skipped as a way in, though
it still counts in the score. So cost grows with the number of real candidates, not with the
square of the number of entries.
"""
from __future__ import annotations

import math
from collections import defaultdict

from .model import Entry
from .normalize import GENERIC, GENERIC_WEIGHT, Signature

LIMIT = 3  # related entries shown per entry
FLOOR = 0.3  # weakest similarity still worth a link
COMMON_TERM = 50  # terms in more entries than this are not used to find candidates


def entry_terms(entry: Entry, signatures: dict[str, Signature]) -> frozenset[str]:
    return frozenset(t for q in entry.members for t in signatures[q.id].terms)


def related(entries: list[Entry], signatures: dict[str, Signature], limit: int = LIMIT, floor: float = FLOOR) -> dict[str, tuple[str, ...]]:
    """Entry id -> ids of its most related entries, best first (ties by id, so stable)."""
    terms = {e.id: entry_terms(e, signatures) for e in entries}
    df: dict[str, int] = defaultdict(int)
    for ts in terms.values():
        for t in ts:
            df[t] += 1
    n = max(len(entries), 1)
    weight = {t: math.log(1 + n / d) * (GENERIC_WEIGHT if t in GENERIC else 1.0) for t, d in df.items()}
    total = {eid: sum(weight[t] for t in ts) for eid, ts in terms.items()}
    index: dict[str, list[str]] = defaultdict(list)
    for eid, ts in sorted(terms.items()):
        for t in ts:
            if df[t] <= COMMON_TERM and t not in GENERIC:
                index[t].append(eid)
    out: dict[str, tuple[str, ...]] = {}
    for eid, ts in sorted(terms.items()):
        candidates = {other for t in ts for other in index.get(t, ()) if other != eid}
        scored = []
        for other in candidates:
            shared = sum(weight[t] for t in ts & terms[other])
            union = total[eid] + total[other] - shared
            score = shared / union if union else 0.0
            if score >= floor:
                scored.append((-round(score, 6), other))
        out[eid] = tuple(other for _, other in sorted(scored)[:limit])
    return out
