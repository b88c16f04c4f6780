"""Stage 3: group questions that ask the same thing.

Rules, in order:
- questions with the same normalized text always group (an article may ask one twice);
- different intents never group;
- comparison questions group only when they compare the same entities, in any order;
- other questions group when the IDF-weighted Jaccard similarity of their key terms reaches
  the threshold;
- groups form by complete linkage: two groups join only when every pair across them agrees,
  so A~B and B~C never drag A and C together. Ties break on question ids, so output is stable;
- overrides: `merge` lists force questions together, `keep_apart` lists forbid it.

Candidate pairs come from an inverted index with prefix filtering (a pair reaching Jaccard t
must share one of each side's rarest terms), so cost grows with the number of real
candidates, not with the square of the number of questions.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from .model import Question
from .normalize import COMPARISON, DEFINITION, GENERIC, GENERIC_WEIGHT, HOWTO, Signature, signature, term

THRESHOLD = 0.55
NEAR_MISS = 0.35  # pairs scoring in [NEAR_MISS, THRESHOLD) are reported for review
# A match on a question's secondary intent (Signature.also) scores a little lower, so when a
# compound question could join either side it joins the one that shares its main intent.
ALSO_FACTOR = 0.95
# Sure merges only: a pair that reaches THRESHOLD merges on its own only when the rules agree
# without stretching. Same intent (not the secondary-intent or practice route) and key terms
# that overlap this much, so no rare term stands on one side only ("feature engineering" vs
# "feature engineering for time-series data"); same wording and same-things comparisons are
# always sure. Every other pair is left to a person, as a ranked suggestion (suggest.py).
# Chosen on the five tuning lists of the real-list measurement: precision there 0.43 -> 1.00.
SURE_TERMS = 0.7


@dataclass(frozen=True)
class Overrides:
    merge: tuple[tuple[str, ...], ...] = ()
    keep_apart: tuple[tuple[str, ...], ...] = ()
    canonical: dict[str, str] = field(default_factory=dict)  # any member id -> canonical id
    topics: dict[str, str] = field(default_factory=dict)  # question id -> topic id


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    score: float
    reason: str


@dataclass
class Grouping:
    groups: list[list[Question]]
    edges: dict[tuple[str, str], Pair]  # accepted pairs, for --explain
    near_misses: list[Pair]
    signatures: dict[str, Signature]


def idf_weights(term_sets: list[frozenset[str]]) -> dict[str, float]:
    """IDF weight of each term over the given term sets; generic words ("model", "pipeline")
    count for less."""
    df: dict[str, int] = defaultdict(int)
    for terms in term_sets:
        for t in terms:
            df[t] += 1
    n = max(len(term_sets), 1)
    return {t: math.log(1 + n / d) * (GENERIC_WEIGHT if t in GENERIC else 1.0) for t, d in df.items()}


def term_weights(sigs: list[Signature]) -> dict[str, float]:
    """IDF weight of each question's key terms."""
    return idf_weights([s.terms for s in sigs])


def weighted_jaccard(x: frozenset[str], y: frozenset[str], w: dict[str, float]) -> float:
    union = x | y
    if not union:
        return 0.0
    return sum(w[t] for t in x & y) / sum(w[t] for t in union)


def score(x: Signature, y: Signature, w: dict[str, float]) -> tuple[float, str]:
    """Similarity in [0, 1] and a one-line reason."""
    if x.normalized == y.normalized:
        return 1.0, "same wording"
    shared = ", ".join(sorted(x.terms & y.terms)) or "nothing"
    if x.intent != y.intent:
        if x.intent in y.also or y.intent in x.also or _same_practice(x, y) or _same_practice(y, x):
            j = weighted_jaccard(x.terms, y.terms, w) * ALSO_FACTOR
            return j, f"{x.intent} / {y.intent}, and one also asks the other's; shared terms: {shared}"
        return 0.0, f"different intents ({x.intent} / {y.intent})"
    if x.intent == COMPARISON:
        same = bool(x.entities) and (x.entities == y.entities or _qualified(x, y) or _qualified(y, x))
        j = weighted_jaccard(x.terms, y.terms, w)
        if same:
            return max(j, THRESHOLD), f"comparison of the same things: {', '.join(sorted(x.entities))}"
        return min(j, THRESHOLD - 0.01), f"comparison of different things: {sorted(x.entities)} / {sorted(y.entities)}"
    j = weighted_jaccard(x.terms, y.terms, w)
    return j, f"{x.intent}; shared terms: {shared}"


def sure(x: Signature, y: Signature, w: dict[str, float]) -> bool:
    """May this pair, already scoring at least THRESHOLD, merge without a person's word?"""
    if x.normalized == y.normalized:
        return True
    if x.intent != y.intent:
        return False  # a secondary intent or a practice matched: plausible, not sure
    if x.intent == COMPARISON and x.entities and (x.entities == y.entities or _qualified(x, y) or _qualified(y, x)):
        return True
    return weighted_jaccard(x.terms, y.terms, w) >= SURE_TERMS


def _qualified(narrow: Signature, wide: Signature) -> bool:
    """"How does an online A/B test differ from a canary?" compares what "A/B test vs canary"
    does, with a qualifier: all of the other's things and one term more, written right next to
    one of them. A term that stands apart is a thing of its own: "A/B vs canary vs shadow" is
    not "A/B vs canary", nor "What is CT, and how does it differ from CI and CD?" "CI vs CD"."""
    extra = narrow.entities - wide.entities
    if len(wide.entities) < 2 or not wide.entities < narrow.entities or len(extra) != 1:
        return False
    words = [term(w) for w in narrow.normalized.split()]
    neighbours = {n for i, t in enumerate(words) if t in extra for n in words[i - 1:i] + words[i + 1:i + 2]}
    return bool(neighbours & wide.entities)


def _same_practice(howto: Signature, definition: Signature) -> bool:
    """"How do you version models?" and "What is model versioning?" (see Signature.practice)."""
    return definition.intent == DEFINITION and bool(howto.practice) and howto.practice in definition.terms


def _prefix(sig: Signature, w: dict[str, float], threshold: float) -> list[str]:
    """Rarest terms whose weight exceeds (1 - t) of the total: a match must share one of them."""
    terms = sorted(sig.terms, key=lambda t: (-w[t], t))
    total = sum(w[t] for t in terms)
    out, acc = [], 0.0
    for t in terms:
        out.append(t)
        acc += w[t]
        if acc > (1 - threshold) * total + 1e-9:
            break
    return out


def candidate_pairs(questions: list[Question], sigs: list[Signature], w: dict[str, float], floor: float, threshold: float = THRESHOLD):
    """Index pairs (i < j) that may score at least `floor`."""
    exact: dict[str, list[int]] = defaultdict(list)
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for i, s in enumerate(sigs):
        for j in exact[s.normalized]:
            seen.add((j, i))
        exact[s.normalized].append(i)
        probe = sorted(s.entities) if s.intent == COMPARISON and s.entities else _prefix(s, w, floor)
        for t in probe:
            for j in index[("main", s.intent, t)]:
                seen.add((j, i))
        # A pair may also match on one's main intent being the other's secondary one
        # (Signature.also); two secondary intents never match. Such a pair only counts when it
        # reaches the threshold itself, so its shorter prefix finds far fewer candidates (and
        # its near misses go unreported).
        cross = [("main", a) for a in sorted(s.also)] + [("also", s.intent)]
        if s.practice:
            cross.append(("main", DEFINITION))
        if s.intent == DEFINITION:
            cross.append(("practice", HOWTO))
        for t in _prefix(s, w, min(threshold / ALSO_FACTOR, 1.0)):
            for kind, intent in cross:
                for j in index[(kind, intent, t)]:
                    seen.add((j, i))
        # index by every term so later prefixes find this question
        for t in s.terms:
            index[("main", s.intent, t)].append(i)
            for a in s.also:
                index[("also", a, t)].append(i)
            if s.practice:
                index[("practice", s.intent, t)].append(i)
    return sorted(seen)


def _nodes(questions: list[Question], sigs: list[Signature], overrides: Overrides) -> list[list[int]]:
    """Question indices grouped by normalized wording: one node each, scored once. Real lists
    repeat a few questions everywhere ("What is MLOps?" opens nearly every list), and questions
    with the same wording always group and score alike against any other. A question an
    override names stays a node of its own, so the override still applies to it alone."""
    named = {qid for ids in overrides.merge + overrides.keep_apart for qid in ids}
    nodes: dict[str, list[int]] = {}
    for i, (q, s) in enumerate(zip(questions, sigs, strict=True)):
        nodes.setdefault(f"id:{q.id}" if q.id in named else f"text:{s.normalized}", []).append(i)
    return list(nodes.values())  # in order of each node's first question


def group(questions: list[Question], overrides: Overrides | None = None, threshold: float = THRESHOLD) -> Grouping:
    overrides = overrides or Overrides()
    questions = sorted(questions, key=lambda q: q.id)
    sigs = [signature(q.text) for q in questions]
    w = term_weights(sigs)  # over every question, repeats included
    nodes = _nodes(questions, sigs, overrides)
    heads = [questions[ns[0]] for ns in nodes]
    head_sigs = [sigs[ns[0]] for ns in nodes]
    node_of = {questions[i].id: n for n, ns in enumerate(nodes) for i in ns}
    apart = {frozenset((node_of[a], node_of[b])) for ids in overrides.keep_apart for a in ids for b in ids
             if a != b and a in node_of and b in node_of}

    edges: dict[tuple[int, int], Pair] = {}  # between nodes
    near: list[Pair] = []
    for i, j in candidate_pairs(heads, head_sigs, w, NEAR_MISS, threshold):
        s, reason = score(head_sigs[i], head_sigs[j], w)
        pair = Pair(heads[i].id, heads[j].id, round(s, 3), reason)
        if s >= threshold and frozenset((i, j)) in apart:
            near.append(Pair(pair.a, pair.b, pair.score, f"kept apart by the overrides file ({reason})"))
        elif s >= threshold and not sure(head_sigs[i], head_sigs[j], w):
            near.append(Pair(pair.a, pair.b, pair.score, f"not sure enough to merge alone ({reason})"))
        elif s >= threshold:
            edges[(i, j)] = pair
        elif s >= NEAR_MISS:
            near.append(pair)

    cluster = list(range(len(nodes)))  # node index -> cluster id
    members: dict[int, list[int]] = {n: [n] for n in range(len(nodes))}
    size = {n: len(ns) for n, ns in enumerate(nodes)}  # questions in each cluster
    # links[a][b]: accepted question pairs between clusters a and b (a node edge stands for
    # every pair of their questions). Complete linkage joins a and b only when every cross pair
    # is accepted: links == size[a] * size[b]. Kept up to date on each join, so checking a
    # candidate join costs O(1), not O(|a| * |b|).
    links: dict[int, dict[int, int]] = defaultdict(dict)
    for i, j in edges:
        links[i][j] = links[j][i] = size[i] * size[j]

    def join(a: int, b: int) -> None:
        keep, drop = min(a, b), max(a, b)
        for k in members.pop(drop):
            cluster[k] = keep
            members[keep].append(k)
        size[keep] += size.pop(drop)
        for other, count in links.pop(drop, {}).items():
            del links[other][drop]
            if other != keep:
                links[keep][other] = links[keep].get(other, 0) + count
                links[other][keep] = links[keep][other]
        links[keep].pop(drop, None)

    for ids in overrides.merge:  # forced merges first, regardless of scores
        idx = [node_of[x] for x in ids if x in node_of]
        for k in idx[1:]:
            if cluster[k] != cluster[idx[0]]:
                join(cluster[k], cluster[idx[0]])

    for (i, j), _pair in sorted(edges.items(), key=lambda e: (-e[1].score, e[0])):
        a, b = cluster[i], cluster[j]
        if a != b and links[a].get(b, 0) == size[a] * size[b]:
            join(a, b)

    groups = [sorted((questions[k] for n in ms for k in nodes[n]), key=lambda q: q.id) for _, ms in sorted(members.items())]
    groups.sort(key=lambda g: g[0].id)
    accepted = {(p.a, p.b): p for p in edges.values()}
    for ns in nodes:  # the same wording, for --explain: each repeat against the node's first
        for k in ns[1:]:
            accepted[(questions[ns[0]].id, questions[k].id)] = Pair(questions[ns[0]].id, questions[k].id, 1.0, "same wording")
    near_sorted = sorted(near, key=lambda p: (-p.score, p.a, p.b))
    return Grouping(groups=groups, edges=accepted, near_misses=near_sorted, signatures={q.id: s for q, s in zip(questions, sigs, strict=True)})
