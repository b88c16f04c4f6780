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

from collections import defaultdict

from .group import idf_weights, weighted_jaccard
from .model import Entry
from .normalize import GENERIC, Signature

LIMIT = 3  # related entries shown per entry
FLOOR = 0.3  # weakest similarity still worth a link
COMMON_TERM = 50  # terms in more entries than this are not used to find candidates


def related(entries: list[Entry], signatures: dict[str, Signature], limit: int = LIMIT, floor: float = FLOOR) -> dict[str, tuple[str, ...]]:
    """Entry id -> ids of its most related entries, best first (ties by id, so stable)."""
    terms = {e.id: frozenset(t for q in e.members for t in signatures[q.id].terms) for e in sorted(entries, key=lambda e: e.id)}
    weight = idf_weights(list(terms.values()))
    index: dict[str, list[str]] = defaultdict(list)
    for eid, ts in terms.items():
        for t in ts:
            index[t].append(eid)
    out: dict[str, tuple[str, ...]] = {}
    for eid, ts in terms.items():
        candidates = {other for t in ts if t not in GENERIC and len(index[t]) <= COMMON_TERM for other in index[t]} - {eid}
        scored = sorted((-round(weighted_jaccard(ts, terms[other], weight), 6), other) for other in candidates)
        out[eid] = tuple(other for score, other in scored if -score >= floor)[:limit]
    return out
