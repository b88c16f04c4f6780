"""Stage 7: for every question, the other entries most likely to ask the same thing.

The merge joins questions only when it is sure; everything else is left to a person, who sees
for each question up to LIMIT other entries ranked by the chance that they ask the same thing,
whatever their intent ("What is model drift?" may well be "How do you detect drift?" in another
list's words). A person accepts one (a `merge` in config/overrides.yml) or rejects it (a
`keep_apart`), once; a rejected pair is never suggested again.

Signals for a question and another entry's closest member, each in [0, 1]:
- the merge rules' own score (group.score, intent-aware);
- the IDF-weighted Jaccard of their key terms, whatever their intent;
- the cosine of their character n-gram TF-IDF vectors (wording the key terms lose);
- with the review extras installed (embed.py), the cosine of the questions' sentence
  embeddings, and of "question + start of its answer" (what the question is about, in the
  writer's words). Without them the word signals rank alone.
Weights were chosen on the five tuning lists of the real-list measurement
(scripts/experiments/real_lists.py): with the model, assisted recall there went from 0.52
(words) to 0.90.

Questions with the same wording are one node, so a question repeated in three hundred lists
costs one ranking. Candidates come from inverted indexes over rarer key terms and character
n-grams, and, with the model, from a blocked nearest-neighbour search; never from scoring all
pairs with the word rules.
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
COMMON_TERM = 200  # terms in more texts than this are not used to find candidates
NGRAM = 4  # character n-gram length
COMMON_GRAM = 150  # n-grams in more texts than this are not used to find candidates
RARE_GRAMS = 12  # a text's rarest n-grams that look for candidates
GRAM_CANDIDATES = 40  # candidates kept per text from the n-gram index
NEAREST = 30  # candidates per text from each embedding
KEPT = 20  # entries ranked per text before a question's own entry and rejections are removed
ANSWER_WORDS = 60  # words of the answer embedded with the question

Encoder = Callable[[list[str]], object]  # texts -> unit vectors (numpy rows), see embed.py


@dataclass(frozen=True)
class Suggestion:
    entry: str  # id of the suggested entry
    score: float  # in [0, 1]; higher is likelier the same question


def combine(rule: float, terms: float, chars: float, question: float | None, with_answer: float | None) -> float:
    """One score from the signals (weights: see the module docstring)."""
    if question is None or with_answer is None:
        return round(0.35 * rule + 0.35 * terms + 0.30 * chars, 4)
    return round(0.1 * rule + 0.2 * terms + 0.35 * max(question, 0.0) + 0.35 * max(with_answer, 0.0), 4)


def _grams(text: str) -> dict[str, int]:
    """Counts of the padded lowercase character n-grams of a text's words."""
    out: dict[str, int] = defaultdict(int)
    for w in re.findall(r"[a-z0-9]+", text.lower()):
        padded = f" {w} "
        for i in range(max(1, len(padded) - NGRAM + 1)):
            out[padded[i:i + NGRAM]] += 1
    return out


def char_vectors(texts: list[str]) -> list[dict[str, float]]:
    """L2-normalised character n-gram TF-IDF vectors (sublinear term frequency)."""
    counts = [_grams(t) for t in texts]
    df: dict[str, int] = defaultdict(int)
    for c in counts:
        for g in c:
            df[g] += 1
    n = max(len(texts), 1)
    out = []
    for c in counts:
        v = {g: (1 + math.log(x)) * math.log(1 + n / df[g]) for g, x in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({g: x / norm for g, x in v.items()})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(g, 0.0) for g, x in a.items())


def _answer_head(q: Question) -> str:
    return " ".join([q.text, *q.answer.split()[:ANSWER_WORDS]])


def suggest(entries: list[Entry], signatures: dict[str, Signature], keep_apart: tuple[tuple[str, ...], ...] = (),
            limit: int = LIMIT, floor: float = FLOOR, embed: Encoder | None = None) -> dict[str, tuple[Suggestion, ...]]:
    """Question id -> up to `limit` other entries, best first (ties by entry id, so stable)."""
    questions = sorted((q for e in entries for q in e.members), key=lambda q: q.id)
    entry_of = {q.id: e.id for e in entries for q in e.members}
    # one node per wording: same text, same signals (and, by the merge rules, the same entry)
    node_of: dict[str, int] = {}
    nodes: list[Question] = []
    for q in questions:
        key = q.text.casefold()
        if key not in node_of:
            node_of[key] = len(nodes)
            nodes.append(q)
    members: list[list[Question]] = [[] for _ in nodes]
    for q in questions:
        members[node_of[q.text.casefold()]].append(q)
    sigs = [signatures[q.id] for q in nodes]
    weight = idf_weights([s.terms for s in sigs])
    chars = char_vectors([q.text for q in nodes])
    vectors = (embed([q.text for q in nodes]), embed([_answer_head(q) for q in nodes])) if embed is not None and nodes else None

    term_index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sigs):
        for t in s.terms:
            term_index[t].append(i)
    gram_index: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(chars):
        for g in v:
            gram_index[g].append(i)
    nearest = _nearest(vectors) if vectors is not None else [set() for _ in nodes]

    def ranked(i: int) -> list[tuple[float, str]]:
        """(-score, entry id) for the KEPT best entries of node i's members' candidates."""
        best: dict[str, float] = {entry_of[q.id]: 1.0 for q in members[i]}  # same wording, kept apart
        for j in _candidates(i, sigs[i], chars[i], term_index, gram_index) | nearest[i]:
            rule = max(score(sigs[i], sigs[j], weight)[0], 0.0)
            terms = weighted_jaccard(sigs[i].terms, sigs[j].terms, weight) if sigs[i].terms | sigs[j].terms else 0.0
            emb = (float(vectors[0][i] @ vectors[0][j]), float(vectors[1][i] @ vectors[1][j])) if vectors is not None else (None, None)
            s = combine(rule, terms, cosine(chars[i], chars[j]), *emb)
            for q in members[j]:
                if s > best.get(entry_of[q.id], -1.0):
                    best[entry_of[q.id]] = s
        return sorted((-s, e) for e, s in best.items() if s >= floor)[:KEPT + len(members[i])]

    apart: dict[str, set[str]] = defaultdict(set)  # question id -> entries it was kept apart from
    for ids in keep_apart:
        for a in ids:
            for b in ids:
                if a != b and a in entry_of and b in entry_of:
                    apart[a].add(entry_of[b])
    out: dict[str, tuple[Suggestion, ...]] = {}
    for i in range(len(nodes)):
        ranking = ranked(i)
        for q in members[i]:
            # never the question's own entry, nor an entry it was kept apart from
            skip = apart[q.id] | {entry_of[q.id]}
            out[q.id] = tuple(Suggestion(e, -s) for s, e in ranking if e not in skip)[:limit]
    return out


def _candidates(i: int, sig: Signature, grams: dict[str, float], term_index: dict[str, list[int]], gram_index: dict[str, list[int]]) -> set[int]:
    """Texts sharing a rarer key term, and those sharing most of the text's rarest n-grams."""
    found = {j for t in sig.terms if t not in GENERIC and len(term_index[t]) <= COMMON_TERM for j in term_index[t]}
    rare = sorted((g for g in grams if len(gram_index[g]) <= COMMON_GRAM), key=lambda g: (len(gram_index[g]), g))
    votes: dict[int, float] = defaultdict(float)
    for g in rare[:RARE_GRAMS]:
        for j in gram_index[g]:
            votes[j] += grams[g]
    found |= {j for _, j in sorted((-v, j) for j, v in votes.items())[:GRAM_CANDIDATES]}
    found.discard(i)
    return found


def _nearest(vectors, block: int = 1024) -> list[set[int]]:
    """For each text, the NEAREST texts closest by either embedding. Rows are compared a block
    at a time, so memory stays at block x n floats whatever the number of texts."""
    import numpy as np  # present whenever vectors are: the review extras install it

    n = len(vectors[0])
    k = min(NEAREST, n - 1)
    out: list[set[int]] = [set() for _ in range(n)]
    if k <= 0:
        return out
    for v in vectors:
        for start in range(0, n, block):
            sims = v[start:start + block] @ v.T
            rows = np.arange(sims.shape[0])
            sims[rows, rows + start] = -2.0  # not itself
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            for r, js in enumerate(top):
                out[start + r].update(int(j) for j in js)
    return out
