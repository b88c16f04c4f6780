"""Stage 6: render entries into Markdown pages and the data exports.

Everything here is a pure function of its inputs and sorts what it emits, so the same input
gives byte-identical output with `\n` newlines. Pages are plain Markdown for MkDocs Material
(admonitions, details, attribute lists) and never opt in to macros, so `{{ ... }}` in an
answer stays literal text.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import textwrap
from dataclasses import dataclass
from urllib.parse import quote

from .model import LEVELS, SECTION_LABELS, Article, Credit, Entry, Topic
from .parse import valid_http_url
from .release import Release, due_for_review, is_new, review_cutoff, reviewed_on

INDENT = "    "
# Markdown syntax characters: in plain text each is backslash-escaped so it shows as itself.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|#+!])")
# pymdownx.snippets include lines (--8<-- "file", a lone --8<--) and section markers.
SNIPPET_LINE = re.compile(r"^([ \t]*)(?=;*-+8<-)", re.M)
SNIPPET_SECTION = re.compile(r"(?<![;-])(-+8<-+[ \t]+\[)")
# Left as they are when a URL goes into a Markdown link; everything else is percent-encoded.
URL_SAFE = "/:?#@!$&'*+,;=%~"
# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Site:
    """What the renderer needs to know about where pages are published."""

    edit_base: str = ""  # e.g. https://github.com/org/repo/edit/main/ ; "" hides edit links
    articles_dir: str = "articles"


def _lead_id(entry: Entry) -> str:
    return entry.lead_id or entry.canonical.id


def _credit(credit: Credit, labels: dict[str, str], entry: Entry) -> str:
    """A point names the sources that said it, except a point only the lead answer makes (the
    answer's last line names the lead source)."""
    if len(entry.articles) < 2 or credit.question_ids == (_lead_id(entry),):
        return ""
    by_article = {q.id: q.article for q in entry.members}
    names = list(dict.fromkeys(plain(labels[by_article[qid]]) for qid in credit.question_ids))
    return "*(" + "; ".join(plain(n) for n in names) + ")*"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.split("\n"))


def _block(credit: Credit, note: str, marker: str = "-") -> str:
    p = credit.point
    if p.kind == "item":
        first, _, rest = p.text.partition("\n")
        # nested content is re-indented by exactly one level, so a sub-list stays under its lead-in line
        body = f"{marker} {first}" + ("\n" + _indent(textwrap.dedent(rest), INDENT) if rest.strip() else "")
        return f"{body} {note}".rstrip() if note and not rest.strip() else (body + (f"\n\n{INDENT}{note}" if note else ""))
    if p.kind == "para":
        return f"{p.text} {note}".rstrip()
    return p.text + (f"\n\n{note}" if note else "")


def merged_answer(entry: Entry, labels: dict[str, str]) -> str:
    """The merged answer as Markdown.

    It reads as one answer: the lead answer's short answer and sections, with the points other
    sources add folded into the same sections (each credited), and every example, follow-up
    and weak answer keeping its label. Corrections always show, in one box.
    """
    lead = _lead_id(entry)
    by_section: dict[str, list[Credit]] = {}
    for credit in entry.credits:
        by_section.setdefault(credit.point.section, []).append(credit)
    main: list[str] = []
    for section in ("summary", "key-points", "example", "follow-up", "weak-answer"):
        credits = by_section.get(section, [])
        # the lead's points first, then the folded ones in handbook order
        credits = [c for c in credits if c.question_ids[0] == lead] + [c for c in credits if c.question_ids[0] != lead]
        if credits:
            main.extend(_section(section, credits, labels, entry))
    corrections = by_section.get("correction", [])
    if corrections:
        blocks = [_capitalize(b) for b in _blocks(corrections, labels, entry)]
        main.append('!!! warning "Correcting the sources"\n\n' + "\n\n".join(_indent(b, INDENT) for b in blocks))
    if len(entry.articles) > 1:
        source = next(q.article for q in entry.members if q.id == lead)
        main.append(f"*Answer led by {plain(labels[source])}; points from other sources are credited where they add something.*")
    return "\n\n".join(main).strip() + "\n"


def _capitalize(block: str) -> str:
    return block[:1].upper() + block[1:]


def _blocks(credits: list[Credit], labels: dict[str, str], entry: Entry) -> list[str]:
    """One Markdown block per point; a run of consecutive numbered items keeps its numbers."""
    out: list[str] = []
    number = 0
    for c in credits:
        number = number + 1 if c.point.kind == "item" and c.point.ordered else 0
        out.append(_block(c, _credit(c, labels, entry), f"{number}." if number else "-"))
    return out


def _section(section: str, credits: list[Credit], labels: dict[str, str], entry: Entry) -> list[str]:
    """Markdown blocks of one labelled section."""
    blocks = _blocks(credits, labels, entry)
    if section == "summary":
        return blocks
    blocks = [_capitalize(b) for b in blocks]
    kinds = [c.point.kind for c in credits]
    if section == "key-points":
        return [f"**{SECTION_LABELS[section]}**", _join_items(blocks, kinds)]
    label = f"**{SECTION_LABELS[section]}:**"
    out: list[str] = []
    out_kinds: list[str] = []
    owner = None
    for block, kind, credit in zip(blocks, kinds, credits, strict=True):
        # every source's example (follow-up, weak answer) keeps its label; the same source's
        # continuation paragraphs and list items don't repeat it
        if credit.question_ids[0] != owner:
            owner = credit.question_ids[0]
            if kind == "para":
                block = f"{label} {block}"
            else:
                out.append(label)
                out_kinds.append("label")
        out.append(block)
        out_kinds.append(kind)
    return [_join_items(out, out_kinds)]


def _join_items(blocks: list[str], kinds: list[str]) -> str:
    """Consecutive list items form one tight list; any other block stands on its own."""
    out = ""
    previous = ""
    for block, kind in zip(blocks, kinds, strict=True):
        if out:
            tight = kind == "item" and previous == "item" and "\n\n" not in block
            out += "\n" if tight else "\n\n"
        out += block
        previous = kind
    return out


def _front_matter(title: str, description: str = "", searchable: bool = True, tags: tuple[str, ...] = ()) -> str:
    # MkDocs templates do not autoescape: the title goes raw into <title>, the header and the
    # nav of every page, and the description into an attribute. Both are plain text.
    lines = ["---", f"title: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}"]
    if description:
        lines.append(f"description: {json.dumps(html.escape(description), ensure_ascii=False)}")
    if tags:
        lines += ["tags:", *(f"  - {json.dumps(t, ensure_ascii=False)}" for t in tags)]
    if not searchable:
        # lists of question titles would outrank the questions themselves in search
        lines += ["search:", "  exclude: true"]
    lines += ["render_macros: false", "---", ""]
    return "\n".join(lines)


def plain(text: str) -> str:
    """Contributed plain text (a title, a question heading, a source field) as Markdown that
    shows exactly that text: HTML special characters become entities and Markdown syntax is
    backslash-escaped, so nothing in it becomes markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def neutralise_includes(markdown: str) -> str:
    """Escape (with pymdownx.snippets' own ';' escape, which it removes again) every snippet
    include line and section marker, so text that reached a page can never include a file.
    `--check` already rejects them in articles; this is the second line of defence."""
    return SNIPPET_SECTION.sub(r";\1", SNIPPET_LINE.sub(r"\1;", markdown))


def _link(url: str) -> str:
    """A Markdown link to an external http(s) URL, percent-encoding anything that could end
    the link or an attribute; anything else is shown as text."""
    if not valid_http_url(url):
        return plain(url)
    return f"[{plain(url)}]({quote(url, safe=URL_SAFE)})"


def entry_url(entry: Entry, from_dir: str) -> str:
    """Link to an entry from a page in `from_dir` ("" is the docs root)."""
    prefix = "" if from_dir == "topics" else "../topics/" if from_dir else "topics/"
    return f"{prefix}{entry.topic}.md#{entry.id}"


def _related_line(entry: Entry, everything: dict[str, Entry]) -> list[str]:
    """"Related:" links to entries on the same subject. Left out of the search index, so a
    search for one question doesn't also land on every question that links to it."""
    links = [f"[{plain(everything[r].canonical.text)}]({entry_url(everything[r], 'topics')})" for r in entry.related]
    return [f"*Related:* {' · '.join(links)}", "{ .hb-related data-search-exclude }", ""] if links else []


NEW_BADGE = '<span class="hb-new">New</span>'


def asked_in(entry: Entry, total: int) -> str:
    return f"Asked in {len(entry.articles)} of {total} lists"


def _entry_section(entry: Entry, articles: dict[str, Article], site: Site, everything: dict[str, Entry], release: Release,
                   labels: dict[str, str]) -> str:
    sources = ", ".join(f"[{plain(labels[slug])}](../sources/{slug}.md)" for slug in entry.articles)
    meta = [NEW_BADGE] if is_new(entry, articles, release) else []
    meta += [f"**Level:** {entry.level}", f"**{asked_in(entry, len(articles))}:** {sources}",
             f"**Reviewed:** {reviewed_on(entry, articles) or 'no date'}"]
    if site.edit_base:
        edits = " ".join(
            f"[{('edit' if len(entry.articles) == 1 else 'edit in ' + plain(labels[slug]))}]({site.edit_base}{site.articles_dir}/{slug}.md){{ .hb-edit }}"
            for slug in entry.articles
        )
        meta.append(edits)
    # the metadata stays out of the search index: a search is for the question, not its tags
    lines = [f"## {plain(entry.canonical.text)} {{ #{entry.id} }}", "", " · ".join(meta), "{ .hb-meta data-search-exclude }", ""]
    if entry.also_asked_as:
        also = "; ".join(f"“{plain(t)}”" for t in entry.also_asked_as)
        lines += [f"*Also asked as:* {also}", "{ .hb-also }", ""]
    lines += ['??? answer "Answer"', "", _indent(merged_answer(entry, labels).rstrip("\n"), INDENT), ""]
    lines += _related_line(entry, everything)
    return "\n".join(lines)


def by_frequency(entry: Entry) -> tuple[int, int, str]:
    """Sort key: asked by the most lists first, then junior before senior, then the stable id."""
    return (-len(entry.articles), LEVELS.index(entry.level), entry.id)


def order_in_topic(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=by_frequency)


def topic_page(topic: Topic, entries: list[Entry], articles: dict[str, Article], site: Site, everything: dict[str, Entry],
               release: Release) -> str:
    """The topic's page; `everything` (id -> entry, all topics) resolves related links."""
    ordered = order_in_topic(entries)
    labels = {slug: a.label for slug, a in articles.items()}
    levels = tuple(level for level in LEVELS if any(e.level == level for e in ordered))
    parts = [
        _front_matter(topic.title, topic.description, tags=levels),
        f"# {topic.title}",
        "",
        topic.description,
        "",
        f"{len(ordered)} questions, most-asked first. Answers are hidden so you can test yourself: open one when you have said your answer out loud.",
        "{ .hb-lead }",
        "",
    ]
    for entry in ordered:
        parts.append(_entry_section(entry, articles, site, everything, release, labels))
    return "\n".join(parts).rstrip("\n") + "\n"


def source_page(article: Article, where: dict[str, Entry], topics: dict[str, Topic]) -> str:
    """`where` maps each question id to the entry it landed in."""
    src = article.source
    facts = []
    if src.name:
        facts.append(f"**Publisher:** {plain(src.name)}")
    if src.author:
        facts.append(f"**Author:** {plain(src.author)}")
    if src.published:
        facts.append(f"**Published:** {plain(src.published)}")
    if src.url:
        facts.append(f"**Original:** {_link(src.url)}")
    rows = ["| # | Question as this article asks it | Merged into | Topic |", "|---|---|---|---|"]
    for n, q in enumerate(article.questions, 1):
        e = where[q.id]
        shared = "" if len(e.articles) == 1 else f" (asked in {len(e.articles)} articles)"
        asked = "asked only; answered under " if q.asked_only else ""
        rows.append(
            f"| {n} | {plain(q.text)} | {asked}[{plain(e.canonical.text)}]({entry_url(e, 'sources')}){shared} | {plain(topics[e.topic].title)} |"
        )
    parts = [_front_matter(article.title, f"Questions from {article.label}, and where each one landed in the handbook.", searchable=False), f"# {plain(article.title)}", ""]
    if facts:
        parts += [" · ".join(facts), "{ .hb-meta }", ""]
    if article.intro:
        parts += [article.intro, ""]
    parts += [f"## Questions ({len(article.questions)})", "", *rows, ""]
    if src.license:
        parts += [f"*{plain(src.license)}*", ""]
    return "\n".join(parts)


def sources_index(articles: list[Article]) -> str:
    rows = ["| Article | Publisher | Questions |", "|---|---|---|"]
    for a in sorted(articles, key=lambda a: a.slug):
        rows.append(f"| [{plain(a.title)}]({a.slug}.md) | {plain(a.source.name or '—')} | {len(a.questions)} |")
    return "\n".join([_front_matter("Source articles", searchable=False), "# Source articles", "",
                      "Every article the handbook merges, with where each of its questions landed.", "", *rows, ""])


MOST_ASKED = 50


def most_asked_page(entries: list[Entry], topics: dict[str, Topic], total: int) -> str:
    """The top MOST_ASKED entries of the handbook by how many lists ask them; equal counts share a rank."""
    ranked = sorted(entries, key=by_frequency)[:MOST_ASKED]
    rows = ["| Rank | Question | Asked in | Topic |", "|---|---|---|---|"]
    rank = 0
    previous = None
    for n, e in enumerate(ranked, 1):
        if len(e.articles) != previous:
            rank, previous = n, len(e.articles)
        rows.append(f"| {rank} | [{plain(e.canonical.text)}]({entry_url(e, '')}) | {len(e.articles)} of {total} lists | {plain(topics[e.topic].title)} |")
    return "\n".join([_front_matter("Most asked questions", "The questions most interview lists ask, ranked by how many sources ask them.", searchable=False),
                      "# Most asked questions", "",
                      f"The {len(ranked)} questions that come up in the most of the handbook's {total} lists. If you only have an evening, start here.",
                      "", *rows, ""])


def _entry_list(entries: list[Entry], topics: list[Topic], from_dir: str, note=lambda e: "") -> list[str]:
    """Markdown links to entries, under one heading per topic, most asked first."""
    parts: list[str] = []
    for topic in topics:
        mine = order_in_topic([e for e in entries if e.topic == topic.id])
        if mine:
            parts += [f"## {topic.title}", "", *(f"- [{plain(e.canonical.text)}]({entry_url(e, from_dir)}){note(e)}" for e in mine), ""]
    return parts


def whats_new_page(entries: list[Entry], articles: dict[str, Article], topics: list[Topic], release: Release) -> str:
    """Entries whose every source article was added after the last release."""
    new = [e for e in entries if is_new(e, articles, release)]
    since = f"since the last release ({release.last_release})" if release.last_release else "in this version"
    lead = f"{len(new)} question{'s' if len(new) != 1 else ''} new {since}, each marked **New** on its topic page."
    body = _entry_list(new, topics, "") if new else ["Nothing new yet: every question was in the last release."]
    return "\n".join([_front_matter("What's new", "Questions added since the last release.", searchable=False),
                       "# What's new", "", lead, "", *body, ""])


def review_page(entries: list[Entry], articles: dict[str, Article], topics: list[Topic], release: Release) -> str:
    """Entries whose answer was not reviewed in the twelve months before the build date."""
    due = due_for_review(entries, articles, release)
    lead = (f"{len(due)} answer{'s' if len(due) != 1 else ''} not reviewed since {review_cutoff(release)} (twelve months before "
            f"{release.build_date}). An answer's review date is the newest `reviewed` (or `added`) date of the articles it "
            "comes from; set `reviewed: YYYY-MM-DD` in an article's front matter after checking its answers.")
    def when(e: Entry) -> str:
        reviewed = reviewed_on(e, articles)
        return f" — last reviewed {reviewed}" if reviewed else " — no review date"

    body = _entry_list(due, topics, "", when) if due else ["Every answer was reviewed in the last twelve months."]
    return "\n".join([_front_matter("Due for review", "Answers not reviewed for twelve months.", searchable=False),
                       "# Due for review", "", lead, "", *body, ""])


def study_page() -> str:
    """The flashcard view. Its controls are drawn by docs/assets/study.js from questions.json
    (no inline script or style: the site runs under a strict Content-Security-Policy)."""
    return "\n".join([
        _front_matter("Study with flashcards", "Walk one topic or the whole handbook as flashcards; your marks stay in this browser.", searchable=False),
        "# Study with flashcards", "",
        "Say your answer out loud, reveal the handbook's, then mark the card. Cards you mark *again* come back "
        "sooner than the ones you know (a Leitner schedule). Keys: ++space++ reveals the answer, ++arrow-right++ "
        "goes to the next card, ++k++ marks it known, ++a++ marks it for review.", "",
        "Your marks are kept in this browser only (local storage); nothing is sent anywhere. "
        "Export them to move to another browser.", "",
        '<div class="hb-flashcards"></div>', "",
        '<div class="hb-progress-tools"></div>', "",
        "<noscript>The flashcards need JavaScript. Without it, use the topic pages: every answer is folded under its question.</noscript>",
        "",
    ])


LEVEL_INTRO = {
    "junior": "Definitions and the basics every MLOps candidate is expected to know.",
    "mid": "How-to questions for engineers who have run models in production.",
    "senior": "Design, trade-off and leadership questions for senior and staff roles.",
}


def level_page(level: str, entries: list[Entry], topics: list[Topic]) -> str:
    """Every question of one level, by topic: for drilling at the level you are hiring or applying for."""
    chosen = [e for e in entries if e.level == level]
    parts = [_front_matter(f"{level.capitalize()} questions", LEVEL_INTRO[level], searchable=False, tags=(level,)),
             f"# {level.capitalize()} questions", "", f"{LEVEL_INTRO[level]} {len(chosen)} questions.", ""]
    for topic in topics:
        mine = [e for e in order_in_topic([e for e in entries if e.topic == topic.id]) if e.level == level]
        if mine:
            parts += [f"## {topic.title}", "", *(f"- [{plain(e.canonical.text)}]({entry_url(e, 'levels')})" for e in mine), ""]
    return "\n".join(parts)


def export_data(entries: list[Entry], topics: list[Topic], articles: dict[str, Article], release: Release) -> dict:
    labels = {slug: a.label for slug, a in articles.items()}
    counts = {t.id: sum(1 for e in entries if e.topic == t.id) for t in topics}
    return {
        "topics": [{"id": t.id, "title": t.title, "description": t.description, "count": counts[t.id], "url": f"topics/{t.id}/"} for t in topics],
        "articles": [{"slug": a.slug, "title": a.title, "source": a.source.name, "url": a.source.url, "questions": len(a.questions)} for a in sorted(articles.values(), key=lambda a: a.slug)],
        "questions": [
            {
                "id": e.id,
                "question": e.canonical.text,
                "topic": e.topic,
                "level": e.level,
                "answer": merged_answer(e, labels),
                "also_asked_as": list(e.also_asked_as),
                "asked_in": len(e.articles),
                "reviewed": reviewed_on(e, articles),
                "new": is_new(e, articles, release),
                "sources": [{"article": q.article, "question": q.text, "line": q.line, "id": q.id} for q in e.members],
                "related": list(e.related),
                "url": f"topics/{e.topic}/#{e.id}",
            }
            for e in sorted(entries, key=lambda e: (e.topic, e.id))
        ],
    }


def questions_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def questions_csv(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "question", "topic", "level", "asked_in", "also_asked_as", "sources", "answer"])
    for q in data["questions"]:
        writer.writerow([_cell(q["id"]), _cell(q["question"]), q["topic"], q["level"], q["asked_in"], _cell(" | ".join(q["also_asked_as"])),
                         " | ".join(f"{s['article']}:{s['line']}" for s in q["sources"]), _cell(q["answer"])])
    return buffer.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
