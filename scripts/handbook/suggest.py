"""Stage 7: for every question, the other entries most likely to ask the same thing.

The merge joins questions only when it is sure; everything else is left to a person, who sees
for each question up to LIMIT other entries ranked by the chance that they ask the same thing,
whatever their intent ("What is model drift?" may well be "How do you detect drift?" in another
list's words). A person accepts one (a `merge` in config/overrides.yml) or rejects it (a
`keep_apart`), once; a rejected pair is never suggested again.

Signals, each in [0, 1], for a question and another entry's closest member:
- the merge rules' own score (group.score: intent-aware);
- the IDF-weighted Jaccard of their key terms, whatever their intent;
- the cosine of their character n-gram TF-IDF vectors (catches wording the key terms lose);
- optionally the cosine of sentence embeddings (see embed.py), when the review extras are
  installed; without them the word signals rank alone, and the same input gives the same output.

Candidates come from inverted indexes (rarer key terms, rarer character n-grams), never from all
pairs, so cost grows with the number of real candidates.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .group import idf_weights, score, weighted_jaccard
from .model import Entry, Question
from .normalize import GENERIC, Signature

LIMIT = 5  # suggestions kept per question
FLOOR = 0.12  # weakest combined score still worth a person's look
COMMON_TERM = 200  # terms in more questions than this are not used to find candidates
NGRAM = 4  # character n-gram length
COMMON_GRAM = 150  # n-grams in more questions than this are not used to find candidates
GRAM_CANDIDATES = 40  # candidates kept per question from the n-gram index


@dataclass(frozen=True)
class Suggestion:
    entry: str  # id of the suggested entry
    score: float  # in [0, 1]; higher is likelier the same question


# (question text, other question text) -> cosine in [0, 1]; None: no embedding model
Embedder = Callable[[list[str]], "object"]


def _grams(text: str) -> dict[str, float]:
    """Character n-gram TF-IDF input: counts of padded lowercase n-grams of the words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out: dict[str, float] = defaultdict(float)
    for w in words:
        padded = f" {w} "
        for i in range(max(1, len(padded) - NGRAM + 1)):
            out[padded[i:i + NGRAM]] += 1.0
    return out


class _CharTfidf:
    """L2-normalised character n-gram TF-IDF vectors of a fixed list of texts."""

    def __init__(self, texts: list[str]):
        counts = [_grams(t) for t in texts]
        df: dict[str, int] = defaultdict(int)
        for c in counts:
            for g in c:
                df[g] += 1
        n = max(len(texts), 1)
        self.df = df
        self.vectors: list[dict[str, float]] = []
        for c in counts:
            v = {g: (1 + math.log(x)) * math.log(1 + n / df[g]) for g, x in c.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            self.vectors.append({g: x / norm for g, x in v.items()})

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(g, 0.0) for g, x in a.items())


def combine(rule: float, terms: float, chars: float, embedding: float | None) -> float:
    """One score from the signals. Weights chosen on the labelled sets (see docs/about.md):
    without a model, terms and characters share the weight; with one, the embedding leads."""
    if embedding is None:
        return round(0.35 * rule + 0.35 * terms + 0.30 * chars, 4)
    return round(0.15 * rule + 0.15 * terms + 0.15 * chars + 0.55 * max(embedding, 0.0), 4)


def suggest(entries: list[Entry], signatures: dict[str, Signature], keep_apart: tuple[tuple[str, ...], ...] = (),
            limit: int = LIMIT, floor: float = FLOOR, embed: Embedder | None = None) -> dict[str, tuple[Suggestion, ...]]:
    """Question id -> up to `limit` other entries, best first (ties by entry id, so stable)."""
    questions: list[Question] = sorted((q for e in entries for q in e.members), key=lambda q: q.id)
    entry_of = {q.id: e.id for e in entries for q in e.members}
    pos = {q.id: i for i, q in enumerate(questions)}
    sigs = [signatures[q.id] for q in questions]
    weight = idf_weights([s.terms for s in sigs])
    chars = _CharTfidf([q.text for q in questions])
    vectors = embed([q.text for q in questions]) if embed is not None and questions else None
    apart: dict[int, set[int]] = defaultdict(set)
    for ids in keep_apart:
        for a in ids:
            for b in ids:
                if a != b and a in pos and b in pos:
                    apart[pos[a]].add(pos[b])

    term_index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sigs):
        for t in s.terms:
            term_index[t].append(i)
    gram_index: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(chars.vectors):
        for g in v:
            gram_index[g].append(i)

    out: dict[str, tuple[Suggestion, ...]] = {}
    for i, q in enumerate(questions):
        own = entry_of[q.id]
        candidates = _candidates(i, sigs[i], chars.vectors[i], term_index, gram_index)
        if vectors is not None:
            candidates |= _nearest(vectors, i)
        best: dict[str, float] = {}
        for j in candidates:
            other = entry_of[questions[j].id]
            if other == own or j in apart[i]:
                continue
            rule = max(score(sigs[i], sigs[j], weight)[0], 0.0)
            terms = weighted_jaccard(sigs[i].terms, sigs[j].terms, weight) if sigs[i].terms | sigs[j].terms else 0.0
            cos = float(vectors[i] @ vectors[j]) if vectors is not None else None
            s = combine(rule, terms, chars.cosine(i, j), cos)
            if s > best.get(other, -1.0):
                best[other] = s
        # an entry that holds a question this one is kept apart from is never suggested
        blocked = {entry_of[questions[j].id] for j in apart[i]}
        ranked = sorted((-s, e) for e, s in best.items() if s >= floor and e not in blocked)
        out[q.id] = tuple(Suggestion(e, -s) for s, e in ranked[:limit])
    return out


def _candidates(i: int, sig: Signature, grams: dict[str, float], term_index: dict[str, list[int]], gram_index: dict[str, list[int]]) -> set[int]:
    found = {j for t in sig.terms if t not in GENERIC and len(term_index[t]) <= COMMON_TERM for j in term_index[t]}
    # the question's rarest n-grams: wording shared where the key terms differ
    rare = sorted((g for g in grams if len(gram_index[g]) <= COMMON_GRAM), key=lambda g: (len(gram_index[g]), g))
    votes: dict[int, float] = defaultdict(float)
    for g in rare[:12]:
        for j in gram_index[g]:
            votes[j] += grams[g]
    found |= {j for _, j in sorted((-v, j) for j, v in votes.items())[:GRAM_CANDIDATES]}
    found.discard(i)
    return found


def _nearest(vectors, i: int, k: int = 30) -> set[int]:
    """The k questions whose embeddings are closest to question i's."""
    import numpy as np  # only with the review extras installed

    sims = vectors @ vectors[i]
    sims[i] = -2.0
    k = min(k, len(sims) - 1)
    if k <= 0:
        return set()
    top = np.argpartition(-sims, k - 1)[:k]
    return {int(j) for j in top}
