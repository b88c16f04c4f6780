"""Stage 2: rules over parsed articles. One function per rule; `validate` runs them all.

Each rule returns a list of `Problem`s so that a single run reports every mistake. A question
without an answer is no problem here: it may be asked only, which is known after grouping
(pipeline.asked_only_problems).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from .model import Article, Problem
from .text import LIST_NUMBER

CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
DANGEROUS_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|base|meta|link|form|frame|frameset)\b", re.I)
TAG_OR_ATTR_LIST = re.compile(r"<[a-zA-Z][^>]*>|\{[^{}\n]*\}")
EVENT_ATTR = re.compile(r"(?<![\w-])on[a-z]+\s*=", re.I)
BAD_URL = re.compile(r"(javascript|vbscript)\s*:|data\s*:\s*text/html", re.I)
MIN_WORDS = 1


def _outside_code(markdown: str) -> str:
    """Blank out code blocks and spans, keeping line breaks so line numbers still match."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return CODE_SPAN.sub(blank, CODE_FENCE.sub(blank, markdown))


def _texts(article: Article) -> Iterable[tuple[int, str]]:
    """(first line, markdown) for the introduction and every answer."""
    yield (1, article.intro) if article.intro else (1, "")
    for q in article.questions:
        first = q.points[0].line if q.points else q.line + 1
        yield first, q.answer


def rule_no_dangerous_html(article: Article) -> list[Problem]:
    problems = []
    for first, markdown in _texts(article):
        for offset, line in enumerate(_outside_code(html.unescape(markdown)).split("\n")):
            tag = DANGEROUS_TAG.search(line)
            if tag:
                problems.append(Problem(article.path, first + offset, f"raw HTML <{tag.group(1).lower()}> is not allowed: it could run code or restyle the site"))
    return problems


def rule_no_event_handlers(article: Article) -> list[Problem]:
    problems = []
    for first, markdown in _texts(article):
        for offset, line in enumerate(_outside_code(html.unescape(markdown)).split("\n")):
            for chunk in TAG_OR_ATTR_LIST.findall(line):
                if EVENT_ATTR.search(chunk):
                    problems.append(Problem(article.path, first + offset, "event-handler attribute (on...=) is not allowed in HTML or attribute lists"))
                    break
    return problems


def rule_no_script_urls(article: Article) -> list[Problem]:
    problems = []
    for first, markdown in _texts(article):
        for offset, line in enumerate(_outside_code(html.unescape(markdown)).split("\n")):
            if BAD_URL.search(line):
                problems.append(Problem(article.path, first + offset, "javascript:, vbscript: and data:text/html URLs are not allowed"))
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
    rule_no_dangerous_html,
    rule_no_event_handlers,
    rule_no_script_urls,
    rule_question_ends_like_a_question,
    rule_question_has_no_list_number,
)


def validate(articles: list[Article]) -> list[Problem]:
    problems: list[Problem] = []
    for article in articles:
        for rule in RULES:
            problems.extend(rule(article))
    return sorted(set(problems))
