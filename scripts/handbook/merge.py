"""Stage 4: turn each group into one entry with one merged answer that reads as one.

The canonical question (its wording names the entry) is the group's member from the earliest
article (by `added` date, then slug), so an article added later never renames an existing
entry; overrides may pin another. The merged answer is led by ONE member's answer: the pinned
canonical one, or else the most complete answer of the group. Other members' points are folded
in only where the lead lacks them: a point that repeats a kept point (near-identical words) or
restates what the kept answer already says (most of its words already there) is absorbed and
its source credited on the kept point, and the merged answer stays within BUDGET times the
words of the group's longest answer, the least novel folded points giving way first.
Nothing is dropped silently: every absorbed point is listed by `--explain`.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .model import SECTIONS, Absorbed, Article, Credit, Entry, Point, Question
from .normalize import stem
from .text import slugify, unique, word_count

SAME_POINT = 0.7  # word-set Jaccard at or above which two points say the same thing
RESTATES = 0.6  # share of a point's words the kept answer already has, at or above which it adds nothing
BUDGET = 1.5  # a merged answer has at most this many times the words of the group's longest answer
CREDIT_WORDS = 6  # a folded point's "(Source name)" credit, about
CLOSING_WORDS = 30  # the closing line naming the lead source, and section labels, about
WHOLE_SECTIONS = ("example", "follow-up", "weak-answer")  # folded whole or not at all
LEAD_SECTIONS = ("summary", "key-points", "example", "follow-up", "weak-answer")
# "Another way to answer: ..." opens a second short answer; folded in as a point it is just the point.
_ALTERNATIVE = re.compile(r"^(?:\*\*)?(?:another|a different|an alternative) (?:way|angle) (?:to (?:answer|put it|say it)|of answering)[^:]*:(?:\*\*)?\s*", re.I)
_SMALL = frozenset(["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "be", "it", "this", "that", "with", "as", "by", "at", "from"])


def article_order(articles: list[Article]) -> dict[str, int]:
    ranked = sorted(articles, key=lambda a: (a.added or "9999-12-31", a.slug))
    return {a.slug: i for i, a in enumerate(ranked)}


@lru_cache(maxsize=65536)
def point_words(point: Point) -> frozenset[str]:
    if point.kind == "code":
        return frozenset([" ".join(point.text.split())])
    words = re.findall(r"[a-z0-9]+", point.text.lower())
    return frozenset(stem(w) for w in words if w not in _SMALL)


def similarity(a: Point, b: Point) -> float:
    if (a.kind == "code") != (b.kind == "code"):
        return 0.0
    x, y = point_words(a), point_words(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def order_members(group: list[Question], order: dict[str, int], canonical_override: dict[str, str]) -> list[Question]:
    """Canonical first. A question asked only (no answer of its own) never leads: it comes
    after every answered member, whatever its article's age or an override says."""
    ranked = sorted(group, key=lambda q: (q.asked_only, order[q.article], q.line, q.id))
    pinned = next((canonical_override[q.id] for q in group if q.id in canonical_override), None)
    if pinned:
        ranked.sort(key=lambda q: (q.asked_only, q.id != pinned))
    return ranked


def choose_lead(members: list[Question]) -> Question:
    """The most complete answer: most of the labelled parts, then the fuller one (up to a point,
    so a long essay does not beat a tight answer that has every part), then handbook order."""
    def score(n_q: tuple[int, Question]) -> tuple:
        n, q = n_q
        parts = {p.section for p in q.points} & set(LEAD_SECTIONS)
        return (-len(parts), -min(word_count(q.answer), 350), n)

    answered = [(n, q) for n, q in enumerate(members) if q.points]
    return min(answered, key=score)[1] if answered else members[0]


def _as_folded(point: Point) -> Point:
    """Another source's short answer joins as a key point, without its "another way" lead-in."""
    return Point(kind="item", text=_ALTERNATIVE.sub("", point.text), section="key-points", line=point.line)


def _containment(point: Point, known: set[str]) -> float:
    mine = point_words(point)
    return len(mine & known) / len(mine) if mine else 1.0


def merge_group(entry_id: str, members: list[Question], lead: Question | None = None) -> Entry:
    """`members` come canonical first; `lead` (default: the most complete answer) leads."""
    lead = lead or choose_lead(members)
    kept: dict[str, list[tuple[Point, list[str]]]] = {s: [] for s in SECTIONS}
    absorbed: list[Absorbed] = []
    folded: list[tuple[float, int, list[tuple[Point, list[str]]]]] = []  # (novelty rank key, order, the unit's kept points)
    known: set[str] = set()

    def keep(p: Point, q: Question) -> tuple[Point, list[str]]:
        kept[p.section].append((p, [q.id]))
        known.update(point_words(p))
        return kept[p.section][-1]

    for q in [lead, *(m for m in members if m is not lead)]:
        if q.asked_only:
            continue  # counted in "asked in" and "also asked as", but brings no answer
        if q is lead:
            for p in q.points:
                keep(p, q)
            continue
        for unit in _units(q):
            if len(unit) > 1 or unit[0].section in WHOLE_SECTIONS:
                _fold_whole(unit, q, lead, kept, known, absorbed, folded, keep)
            else:
                _fold_point(unit[0], q, kept, known, absorbed, folded, keep)
    longest = max(word_count(q.answer) for q in members)
    _fit_budget(kept, folded, absorbed, lead.id, BUDGET * longest - min(CLOSING_WORDS, longest / 5))
    credits = [Credit(point=p, question_ids=tuple(ids)) for s in SECTIONS for p, ids in kept[s]]
    levels = Counter(q.level for q in members)
    top = max(levels.values())
    level = lead.level if levels[lead.level] == top else sorted(k for k, v in levels.items() if v == top)[0]
    return Entry(id=entry_id, canonical=members[0], members=tuple(members), credits=credits, absorbed=absorbed, level=level, lead_id=lead.id)


def _units(q: Question) -> list[list[Point]]:
    """A folded answer's pieces: each key point or short answer on its own; an example, a
    follow-up or a weak answer whole, because its paragraphs and steps only make sense together."""
    units: list[list[Point]] = []
    for p in q.points:
        if p.section == "summary":
            p = _as_folded(p)
        if p.section in WHOLE_SECTIONS and units and units[-1][0].section == p.section:
            units[-1].append(p)
        else:
            units.append([p])
    return units


def _fold_point(p, q, kept, known, absorbed, folded, keep) -> None:
    """Keep a point unless it repeats a kept point or restates what the answer already says."""
    best, best_sim = None, 0.0
    for candidate in (c for section in kept.values() for c in section):
        if q.id in candidate[1]:
            continue  # an answer never absorbs its own points
        sim = similarity(p, candidate[0])
        if sim > best_sim:
            best, best_sim = candidate, sim
    # code and tables are structure, not prose: word overlap says little about whether they add something
    contained = _containment(p, known) if p.kind in ("para", "item") else 0.0
    if best is not None and best_sim >= SAME_POINT:
        best[1].append(q.id)
        absorbed.append(Absorbed(point=p, question_id=q.id, kept_by=best[1][0], similarity=round(best_sim, 3)))
    elif best is not None and contained >= RESTATES:
        best[1].append(q.id)
        absorbed.append(Absorbed(point=p, question_id=q.id, kept_by=best[1][0], similarity=round(contained, 3), reason="restates"))
    else:
        folded.append((contained, len(folded), [keep(p, q)]))


def _fold_whole(unit, q, lead, kept, known, absorbed, folded, keep) -> None:
    """Keep a whole example (follow-up, weak answer) or none of it: absorbed when the answer
    already says most of what it says, credited on the lead's own part of that section."""
    words = set().union(*(point_words(p) for p in unit if p.kind != "code"))
    contained = len(words & known) / len(words) if words else 0.0
    if contained >= RESTATES:
        anchor = (kept[unit[0].section] or [c for section in kept.values() for c in section])[0]
        anchor[1].append(q.id)
        for p in unit:
            absorbed.append(Absorbed(point=p, question_id=q.id, kept_by=anchor[1][0], similarity=round(contained, 3), reason="restates"))
        return
    folded.append((contained, len(folded), [keep(p, q) for p in unit]))


def _estimated_words(kept, lead_id: str) -> int:
    """Words of the rendered answer, about: every point, plus a credit on each point that is
    not the lead's alone."""
    points = [(p, owners) for section in kept.values() for p, owners in section]
    return sum(word_count(p.text) + (CREDIT_WORDS if owners != [lead_id] else 0) for p, owners in points)


def _fit_budget(kept, folded, absorbed, lead_id: str, budget: float) -> None:
    """Drop folded pieces, least novel first (corrections last), until the answer fits. A point
    that several sources make is never dropped: it is the most asked part of the answer."""
    total = _estimated_words(kept, lead_id)
    for contained, _, unit in sorted(folded, key=lambda f: (f[2][0][0].section == "correction", -f[0], -f[1])):
        if total <= budget:
            return
        if any(len(owners) > 1 for _, owners in unit):
            continue
        for p, owners in unit:
            kept[p.section] = [k for k in kept[p.section] if k[0] is not p]
            total -= word_count(p.text) + CREDIT_WORDS
            absorbed.append(Absorbed(point=p, question_id=owners[0], kept_by=lead_id, similarity=round(contained, 3), reason="over budget"))


def merge(groups: list[list[Question]], articles: list[Article], canonical_override: dict[str, str] | None = None) -> list[Entry]:
    order = article_order(articles)
    ordered = [order_members(g, order, canonical_override or {}) for g in groups]
    ordered.sort(key=lambda ms: (order[ms[0].article], ms[0].line, ms[0].id))
    taken: set[str] = set()
    pinned = set((canonical_override or {}).values())
    return [merge_group(unique(slugify(ms[0].text), taken), ms, ms[0] if ms[0].id in pinned else None) for ms in ordered]
