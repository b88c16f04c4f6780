"""Stage 2: rules over parsed articles. One function per rule; `validate` runs them all.

Each rule returns a list of `Problem`s so that a single run reports every mistake. A question
without an answer is no problem here: it may be asked only, which is known after grouping
(pipeline.asked_only_problems).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

from .model import Article, Problem
from .sanitize import (
    ALLOWED_TAGS,
    ATTR_LIST_MARK,
    CONTENT_DROPPED_TAGS,
    EMOJI_TAG,
    GLOBAL_ATTRIBUTES,
    TAG_ATTRIBUTES,
    filter_attribute,
    markdown_renderer,
)
from .text import LIST_NUMBER

MIN_WORDS = 1


def _texts(article: Article) -> Iterable[tuple[int, str]]:
    """(first line, markdown) for the introduction and every answer."""
    if article.intro:
        yield article.intro_line or 1, article.intro
    for q in article.questions:
        first = q.points[0].line if q.points else q.line + 1
        yield first, q.answer


class _Disallowed(HTMLParser):
    """Walks rendered HTML and records what the sanitizer would strip: (needles, message),
    where the needles are source text that locates the offending markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[list[str], str]] = []
        self._dropped_depth = 0  # inside <svg>, <script> ...: report the outer tag only

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropped_depth:
            self._dropped_depth += tag in CONTENT_DROPPED_TAGS
            return
        if tag == EMOJI_TAG:
            shortcode = dict(attrs).get("title") or ""
            self.found.append(([shortcode], f"emoji shortcode {shortcode} would not show (icons are inline SVG, which pages drop): type the character itself"))
            return
        if tag not in ALLOWED_TAGS:
            self._dropped_depth += tag in CONTENT_DROPPED_TAGS
            self.found.append(([f"<{tag}"], f"raw HTML <{tag}> is not allowed: it could run code, load another site or restyle the page"))
            return
        for name, value in attrs:
            if name == ATTR_LIST_MARK:
                self.found.append(([(value or "")[:30], "{:", "{"], "attribute lists ({: ...}) are not allowed in articles: the page template sets ids and classes"))
                continue
            message = _attribute_problem(tag, name, value or "")
            if message:
                self.found.append((_needles(name, value or ""), message))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        dropped = self._dropped_depth
        self.handle_starttag(tag, attrs)
        self._dropped_depth = dropped  # a self-closed tag has no content to drop

    def handle_endtag(self, tag: str) -> None:
        if self._dropped_depth and tag in CONTENT_DROPPED_TAGS:
            self._dropped_depth -= 1


def _attribute_problem(tag: str, name: str, value: str) -> str:
    if name not in GLOBAL_ATTRIBUTES and name not in TAG_ATTRIBUTES.get(tag, ()):
        if name.startswith("on"):
            return f"event-handler attribute {name}= is not allowed"
        if name == "style":
            return "style attributes are not allowed: the site's stylesheet decides how content looks"
        return f"attribute {name}= is not allowed on <{tag}>"
    kept = filter_attribute(tag, name, value)
    if kept == value:
        return ""
    if name in ("src",) and tag == "img":
        return "images must come from this site (a relative path): other hosts would see every reader"
    if name in ("href", "src", "cite"):
        return "only http:, https:, mailto:, relative and #anchor links are allowed"
    if name == "class":
        return "classes starting with md- belong to the theme's layout"
    if name in ("id", "for", "name"):
        return f"{name}= values starting with __ belong to the theme"
    return f"this value of {name}= is not allowed on <{tag}>"


def _needles(name: str, value: str) -> list[str]:
    first = value.split("\n")[0].strip()
    needles = [first] if len(first) >= 4 else []
    return [*needles, f"{name}="]


def _source_line(markdown: str, first: int, needles: list[str]) -> int:
    """The line of `markdown` (numbered from `first`) that holds the first needle found, as
    written or with its character references decoded; the first line if none is found."""
    lines = markdown.split("\n")
    for needle in needles:
        lowered = needle.lower()
        for offset, line in enumerate(lines):
            if lowered in line.lower() or lowered in html.unescape(line).lower():
                return first + offset
    return first


_RENDERER = None
# Text with none of these renders to tags the allowlist keeps, without attributes it would drop:
# raw HTML and autolinks (<), attribute lists ({), character references (&), links, images,
# reference definitions, abbreviations and footnotes (]( and ]:), emoji (:name:), table
# alignment (:- and -:) and headings (whose ids come from their text). Such text is not
# rendered again here, which keeps a 10,000-question check fast; everything else is.
MIGHT_CARRY_MARKUP = re.compile(r"[<{&]|\]\(|\]:|:[\w+-]+:|:-|-:|^\s*#", re.M)


def _render(markdown: str) -> str:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = markdown_renderer(mark_attribute_lists=True)  # built once: building the extensions is the slow part
    return _RENDERER.reset().convert(markdown)


def rule_only_allowed_html(article: Article) -> list[Problem]:
    """Render each text with the site's Markdown extensions and report, at its line, all that
    the sanitizer (sanitize.py) would strip: the same parser, so no trick of escaping,
    backticks or line breaks hides markup from the check."""
    problems = []
    for first, markdown in _texts(article):
        if not MIGHT_CARRY_MARKUP.search(markdown):
            continue
        walker = _Disallowed()
        walker.feed(_render(markdown))
        walker.close()
        for needles, message in walker.found:
            problems.append(Problem(article.path, _source_line(markdown, first, needles), message))
    return problems


def rule_question_ends_like_a_question(article: Article) -> list[Problem]:
    """A heading is a question, a prompt ("Explain ...") or a topic ("Role of ..."): it needs a letter."""
    return [Problem(article.path, q.line, "question heading has no words") for q in article.questions if not re.search(r"[A-Za-z]", q.text)]


def rule_question_has_no_list_number(article: Article) -> list[Problem]:
    """"Q12. What is a feature store?": the number belongs to the source's list, not to the
    question; the handbook orders and links questions itself."""
    return [Problem(article.path, q.line, f"question heading starts with a list number {LIST_NUMBER.match(q.text).group(0).strip()!r}: drop it")
            for q in article.questions if LIST_NUMBER.match(q.text)]


RULES: tuple[Callable[[Article], list[Problem]], ...] = (
    rule_only_allowed_html,
    rule_question_ends_like_a_question,
    rule_question_has_no_list_number,
)


def validate(articles: list[Article]) -> list[Problem]:
    problems: list[Problem] = []
    for article in articles:
        for rule in RULES:
            problems.extend(rule(article))
    return sorted(set(problems))
