"""Stage 1: read article files into `Article`s, collecting every problem with its line.

The parser never raises on bad input: each problem becomes a `Problem`. An article whose front
matter reads is returned with its good questions even when some are wrong, so validation still
checks it and one run reports everything that is wrong; the pipeline builds nothing while any
problem stands.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .answer import split_points
from .model import LEVELS, Article, Problem, Question, Source
from .text import slugify, unique

FRONT_MATTER_KEYS = {"title", "source", "level", "added", "reviewed"}
SOURCE_KEYS = {"name", "author", "url", "published", "license"}
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
H2 = re.compile(r"^## +(?P<text>.*?)(?:\s+#+)?\s*$")
H1 = re.compile(r"^# +\S")
HEADING_ATTRS = re.compile(r"\s*\{\s*(?P<attrs>[^{}]*)\}\s*$")
ATTR = re.compile(r"(\w[\w-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"']+)")


def find_articles(articles_dir: Path) -> list[Path]:
    """Every Markdown file under the folder, sorted for a stable order."""
    return sorted(p for p in articles_dir.rglob("*.md") if p.is_file())


def parse_articles(paths: list[Path], root: Path) -> tuple[list[Article], list[Problem]]:
    articles: list[Article] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for path in paths:
        shown = _shown_path(path, root)
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(Problem(shown, 1, f"file name {path.name!r} is not a slug: use lowercase letters, digits and hyphens"))
            continue
        if slug in slugs:
            problems.append(Problem(shown, 1, f"duplicate article slug {slug!r}: {slugs[slug]} has the same file name"))
            continue
        slugs[slug] = shown
        article, found = parse_article(path.read_bytes(), shown, slug)
        problems.extend(found)
        if article is not None:  # kept despite problems in its questions, so validation still sees it
            articles.append(article)
    return articles, problems


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_article(data: bytes, path: str, slug: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article's bytes. Returns (article or None, problems)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [Problem(path, line, f"not valid UTF-8: byte 0x{data[err.start]:02x} cannot be decoded; save the file as UTF-8")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem(path, 1, "empty article: add front matter with a title and at least one '## ' question")]
    meta, body_start, problems = _front_matter(text, path)
    if meta is None:
        return None, problems
    lines = text.split("\n")
    intro, questions, found = _questions(lines, body_start, path, slug, meta.get("level", "mid"))
    problems.extend(found)
    source = meta.get("source") or {}
    article = Article(
        slug=slug,
        path=path,
        title=str(meta["title"]).strip(),
        source=Source(**{k: str(v).strip() for k, v in source.items()}),
        level=meta.get("level", "mid"),
        added=_iso(meta.get("added") or source.get("published") or ""),
        reviewed=_iso(meta.get("reviewed") or ""),
        intro=intro,
        questions=tuple(questions),
    )
    return article, problems


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _front_matter(text: str, path: str) -> tuple[dict | None, int, list[Problem]]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, 0, [Problem(path, 1, "missing YAML front matter: the file must start with a '---' line, then 'title: ...', then '---'")]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        return None, 0, [Problem(path, 1, "front matter is not closed: add a '---' line after it")]
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(err, "problem", None) or "invalid YAML"
        return None, 0, [Problem(path, line, f"front matter is not valid YAML: {reason}")]
    if not isinstance(meta, dict):
        return None, 0, [Problem(path, 2, "front matter must be a mapping of keys such as 'title: ...'")]
    problems = [Problem(path, _key_line(lines, end, key), message) for key, message in _check_meta(meta)]
    return (None if problems else meta), end + 1, problems


def _key_line(lines: list[str], end: int, key: str) -> int:
    for i in range(1, end):
        if re.match(rf"\s*{re.escape(key)}\s*:", lines[i]):
            return i + 1
    return 1


def _check_meta(meta: dict) -> list[tuple[str, str]]:
    """Front-matter rules; each returns (key, message) so the message can point at the key's line."""
    out: list[tuple[str, str]] = []
    for key in sorted(set(map(str, meta)) - FRONT_MATTER_KEYS):
        out.append((key, f"unknown front matter key {key!r} (allowed: {', '.join(sorted(FRONT_MATTER_KEYS))})"))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        out.append(("title", "front matter needs a non-empty 'title'"))
    level = meta.get("level", "mid")
    if level not in LEVELS:
        out.append(("level", f"level must be one of {', '.join(LEVELS)}, not {level!r}"))
    added = meta.get("added")
    if added is not None and not isinstance(added, dt.date):
        out.append(("added", "added must be a date written YYYY-MM-DD"))
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        out.append(("reviewed", "reviewed must be a date written YYYY-MM-DD"))
    source = meta.get("source")
    if source is not None:
        if not isinstance(source, dict):
            out.append(("source", "source must be a mapping with name, author, url, published, license"))
        else:
            for key in sorted(set(map(str, source)) - SOURCE_KEYS):
                out.append((key, f"unknown source key {key!r} (allowed: {', '.join(sorted(SOURCE_KEYS))})"))
            url = source.get("url")
            if url is not None and not re.match(r"^https?://\S+$", str(url)):
                out.append(("url", "source url must start with http:// or https://"))
            for key in ("name", "author", "license"):
                if key in source and not isinstance(source[key], str):
                    out.append((key, f"source {key} must be text"))
    return out


def _questions(lines: list[str], start: int, path: str, slug: str, default_level: str):
    """Split the body at level-2 headings, skipping fenced code."""
    problems: list[Problem] = []
    headings: list[tuple[int, str]] = []  # (index into lines, heading text)
    fence = ""
    for i in range(start, len(lines)):
        line = lines[i]
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) and not line.strip()[len(opened.group(1)):].strip():
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        if H1.match(line):
            problems.append(Problem(path, i + 1, "level-1 heading: the title comes from front matter; questions use '## '"))
        match = H2.match(line)
        if match:
            headings.append((i, match.group("text")))
    if fence:
        problems.append(Problem(path, len(lines), f"code block opened with {fence} is never closed"))
    if not headings:
        problems.append(Problem(path, start + 1 if start < len(lines) else 1, "no questions: each question is a '## ' heading with its answer below it"))
        return "", [], problems

    intro = "\n".join(lines[start : headings[0][0]]).strip()
    questions: list[Question] = []
    taken: set[str] = set()
    for n, (index, raw) in enumerate(headings):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        text, attrs, attr_problem = _heading(raw)
        line_no = index + 1
        if attr_problem:
            problems.append(Problem(path, line_no, attr_problem))
            continue
        if not text:
            problems.append(Problem(path, line_no, "empty question: the '## ' heading has no text"))
            continue
        answer_lines = lines[index + 1 : end]
        answer = "\n".join(answer_lines[_leading_blank(answer_lines):])
        # A question without an answer is asked only: whether it may stay so is known after
        # grouping (pipeline.asked_only_problems), not here.
        answer_start = index + 2 + _leading_blank(answer_lines)
        points, point_problems = split_points(answer, answer_start, path) if answer.strip() else ([], [])
        problems.extend(point_problems)
        qslug = unique(slugify(text), taken)
        questions.append(
            Question(
                id=f"{slug}/{qslug}",
                article=slug,
                text=text,
                line=line_no,
                level=attrs.get("level", default_level),
                answer=answer.strip(),
                points=tuple(points),
            )
        )
    return intro, questions, problems


def _leading_blank(lines: list[str]) -> int:
    n = 0
    while n < len(lines) and not lines[n].strip():
        n += 1
    return n


def _heading(raw: str) -> tuple[str, dict[str, str], str]:
    """Split '## Text {level=senior}' into text and attributes."""
    attrs: dict[str, str] = {}
    match = HEADING_ATTRS.search(raw)
    text = raw
    if match:
        text = raw[: match.start()]
        body = match.group("attrs")
        found = ATTR.findall(body)
        rest = ATTR.sub("", body).strip()
        if rest:
            return text, attrs, f"heading attributes {{{body}}} not understood: write {{level=junior|mid|senior}}"
        for key, value in found:
            attrs[key] = value.strip("\"'")
        unknown = sorted(set(attrs) - {"level"})
        if unknown:
            return text, attrs, f"unknown heading attribute {unknown[0]!r}: only 'level' is allowed"
        if attrs.get("level", "mid") not in LEVELS:
            return text, attrs, f"level must be one of {', '.join(LEVELS)}, not {attrs['level']!r}"
    return text.strip(), attrs, ""
