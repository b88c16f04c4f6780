"""Human-readable reports: why questions merged (`--explain`) and where a contributor's
questions landed (`--check`)."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Entry
from .pipeline import Build

REVIEW_FLOOR = 0.5  # below this, only a question's first suggestion is listed for review


@dataclass(frozen=True)
class Open:
    """An open suggestion: a question and an entry it may repeat, not yet decided."""

    score: float
    path: str
    line: int
    question: str  # question id
    text: str
    entry: str  # entry id
    entry_text: str


def open_suggestions(build: Build, changed: set[str] | None = None) -> list[Open]:
    """Suggestions for the questions of the given articles (all when None), best first: each
    question's first one, and any other scoring at least REVIEW_FLOOR. A decided pair is no
    longer open: an accepted one is merged, a rejected one is no longer suggested."""
    by_id = {e.id: e for e in build.entries}
    out = []
    for article in build.articles:
        if changed is not None and article.slug not in changed:
            continue
        for q in article.questions:
            for rank, s in enumerate(build.suggestions.get(q.id, ())):
                if rank == 0 or s.score >= REVIEW_FLOOR:
                    out.append(Open(s.score, article.path, q.line, q.id, q.text, s.entry, by_id[s.entry].canonical.text))
    return sorted(out, key=lambda o: (-o.score, o.path, o.line, o.entry))


def review_report(build: Build, changed: set[str] | None = None) -> str:
    items = open_suggestions(build, changed)
    lines = [str(p) for p in build.problems]
    lines.append(f"{len(items)} open suggestion(s), best first. Accept one with "
                 "`python scripts/build_handbook.py --accept Q_ID ENTRY_ID`, reject it with --reject.")
    for o in items:
        lines += [f"{o.score:.2f} {o.path}:{o.line}: {o.text!r}", f"     may ask what {o.entry} asks: {o.entry_text!r}",
                  f"     --accept {o.question} {o.entry}"]
    return "\n".join(lines) + "\n"


def explain(build: Build, limit_near: int = 40) -> str:
    g = build.grouping
    assert g is not None
    lines: list[str] = []
    merged = [e for e in build.entries if len(e.members) > 1]
    lines.append(f"{len(build.entries)} entries from {sum(len(e.members) for e in build.entries)} questions; {len(merged)} entries merge two or more.")
    for e in merged:
        lines.append("")
        lines.append(f"[{e.topic}] {e.id}: {e.canonical.text}")
        for q in e.members:
            sig = g.signatures[q.id]
            lines.append(f"  - {q.id} (line {q.line}): {q.text}  [{sig.intent}: {', '.join(sorted(sig.terms))}]")
        for a in e.members:
            for b in e.members:
                pair = g.edges.get((a.id, b.id))
                if pair:
                    lines.append(f"    {a.id} ~ {b.id}: {pair.score:.2f} ({pair.reason})")
        for ab in e.absorbed:
            what = {"repeats": f"repeats a point of {ab.kept_by}", "restates": f"restates what the answer already says (kept by {ab.kept_by})",
                    "over budget": "left out to keep the merged answer within 1.5x its longest source"}[ab.reason]
            lines.append(f"    absorbed: point at {ab.question_id} line {ab.point.line} {what} ({ab.similarity:.2f})")
        if e.lead_id and e.lead_id != e.canonical.id:
            lines.append(f"    answer led by {e.lead_id} (the most complete answer; pin another with 'canonical' in config/overrides.yml)")
    lines.append("")
    lines.append(f"Near misses (just under the merge threshold, or kept apart by an override), top {limit_near}:")
    for p in g.near_misses[:limit_near]:
        lines.append(f"  {p.score:.2f} {p.a} / {p.b}: {p.reason}")
    return "\n".join(lines) + "\n"


def _entry_of(build: Build) -> dict[str, Entry]:
    return {q.id: e for e in build.entries for q in e.members}


def landing_report(build: Build, changed: set[str] | None = None) -> str:
    """For each question of the given articles (all when None): merged where, or new."""
    where = _entry_of(build)
    g = build.grouping
    assert g is not None
    lines = []
    for article in build.articles:
        if changed is not None and article.slug not in changed:
            continue
        lines.append(f"{article.path}: {len(article.questions)} questions")
        for q in article.questions:
            e = where[q.id]
            others = [m for m in e.members if m.article != article.slug]
            topic = e.topic
            if q.asked_only and e.canonical is not q and not e.canonical.asked_only:
                lines.append(f"  {article.path}:{q.line}: asked only; answered under '{e.canonical.text}' ({e.id}) [{topic}]")
            elif others:
                lines.append(f"  {article.path}:{q.line}: merged into '{e.canonical.text}' [{topic}] with {', '.join(m.id for m in others)}")
            elif len(e.members) > 1:
                lines.append(f"  {article.path}:{q.line}: merged with another question of this article: '{e.canonical.text}' [{topic}]")
            else:
                lines.append(f"  {article.path}:{q.line}: new question '{q.text}' [{topic}]")
            for p in g.near_misses:
                if q.id in (p.a, p.b):
                    other = p.b if p.a == q.id else p.a
                    if where[other] is e:  # already together (a merge override joined them)
                        continue
                    if p.reason.startswith("kept apart"):
                        lines.append(f"      kept apart from {other} by the overrides file")
                    else:
                        lines.append(f"      near miss ({p.score:.2f}) with {other}: review, and add an override if they are the same question")
    return "\n".join(lines) + ("\n" if lines else "")
