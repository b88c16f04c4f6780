"""Stage 4: turn each group into one entry with one merged answer.

The canonical question is the group's member from the earliest article (by `added` date,
then slug), so an article added later never renames an existing entry; overrides may pin
another. The merged answer keeps the canonical answer's short answer as its opening, then
every distinct point of every member, section by section. A point that says the same as a
kept one (near-identical words) is not repeated: it is recorded as absorbed and its source
is credited on the kept point. Nothing is dropped silently.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .model import SECTIONS, Absorbed, Article, Credit, Entry, Point, Question
from .normalize import stem
from .text import slugify, unique

SAME_POINT = 0.7  # word-set Jaccard at or above which two points say the same thing
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


def merge_group(entry_id: str, members: list[Question]) -> Entry:
    lead = members[0]
    kept: dict[str, list[tuple[Point, list[str]]]] = {s: [] for s in SECTIONS}
    absorbed: list[Absorbed] = []
    # Each point's word set as a bit mask over the group's words, so comparing a point with
    # every kept one is two integer operations each: a question asked in hundreds of lists
    # brings thousands of points. Same figures as `similarity`.
    bits: dict[str, int] = {}
    # (mask, is code, size, credited ids) per kept point, by section as `kept`, so ties break alike
    flat: dict[str, list[tuple[int, bool, int, list[str]]]] = {s: [] for s in SECTIONS}

    def mask(p: Point) -> int:
        m = 0
        for word in point_words(p):
            m |= 1 << bits.setdefault(word, len(bits))
        return m

    for q in members:
        if q.asked_only:
            continue  # counted in "asked in" and "also asked as", but brings no answer
        for p in q.points:
            if q is not lead and p.section == "summary":
                # another source's short answer becomes one of the key points
                p = Point(kind="item", text=p.text, section="key-points", line=p.line)
            m, code = mask(p), p.kind == "code"
            size = m.bit_count()
            best, best_sim = None, 0.0
            for candidate in (c for section in flat.values() for c in section):
                if candidate[1] != code or q.id in candidate[3]:
                    continue  # code only matches code; an answer never absorbs its own points
                union = (m | candidate[0]).bit_count()
                sim = (size + candidate[2] - union) / union if union else 0.0
                if sim > best_sim:
                    best, best_sim = candidate, sim
            if best is not None and best_sim >= SAME_POINT:
                best[3].append(q.id)
                absorbed.append(Absorbed(point=p, question_id=q.id, kept_by=best[3][0], similarity=round(best_sim, 3)))
            else:
                ids = [q.id]
                kept[p.section].append((p, ids))
                flat[p.section].append((m, code, size, ids))
    credits = [Credit(point=p, question_ids=tuple(ids)) for s in SECTIONS for p, ids in kept[s]]
    levels = Counter(q.level for q in members)
    top = max(levels.values())
    level = lead.level if levels[lead.level] == top else sorted(k for k, v in levels.items() if v == top)[0]
    return Entry(id=entry_id, canonical=lead, members=tuple(members), credits=credits, absorbed=absorbed, level=level)


def merge(groups: list[list[Question]], articles: list[Article], canonical_override: dict[str, str] | None = None) -> list[Entry]:
    order = article_order(articles)
    ordered = [order_members(g, order, canonical_override or {}) for g in groups]
    ordered.sort(key=lambda ms: (order[ms[0].article], ms[0].line, ms[0].id))
    taken: set[str] = set()
    return [merge_group(unique(slugify(ms[0].text), taken), ms) for ms in ordered]
