"""Stage 1: read article files into `Article`s, collecting every problem with its line.

The parser never raises on bad input: each problem becomes a `Problem`. An article whose front
matter reads is returned with its good questions even when some are wrong, so validation still
checks it and one run reports everything that is wrong; the pipeline builds nothing while any
problem stands.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

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


# Besides articles, the folder may hold only its licence file.
ALLOWED_EXTRA_FILES = {"LICENSE"}
# Plain-text fields: anything that looks like a tag would be shown literally, never rendered.
TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!?]")
# Control characters (line breaks, ESC ...) in a one-line text field: they could forge lines in
# the check's output or in CI annotations.
CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
# pymdownx.snippets' include marker (--8<--); articles may never include files.
SNIPPET_MARKER = re.compile(r"-+8<-+")
URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f]")


def find_articles(articles_dir: Path) -> list[Path]:
    """Every Markdown file under the folder, sorted for a stable order (symlinks are never
    followed: `stray_files` reports them)."""
    return sorted(p for p in articles_dir.rglob("*.md") if p.is_file() and not p.is_symlink())


def stray_files(articles_dir: Path, root: Path) -> list[Problem]:
    """Symlinks and non-article files under the articles folder. A symlink could point at any
    file on the build machine, and a non-article file could be included into a page."""
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(articles_dir, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs + files):
            path = base / name
            shown = _shown_link(path, root)
            if path.is_symlink():
                problems.append(Problem(shown, 1, "symbolic links are not allowed under articles/: commit the article itself"))
            elif name in files and not name.endswith(".md") and not (base == articles_dir and name in ALLOWED_EXTRA_FILES):
                problems.append(Problem(shown, 1, "only Markdown articles (*.md) belong under articles/: move or delete this file"))
    return problems


def _shown_link(path: Path, root: Path) -> str:
    """The path as written, relative to the root, without resolving a symlink."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_articles(paths: list[Path], root: Path, keep_partial: bool = False) -> tuple[list[Article], list[Problem]]:
    """Parse every file. With `keep_partial`, an article that has problems is still returned
    (without its broken questions) so content rules can run on it in the same run."""
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
        article, found = read_article(path.read_bytes(), shown, slug)
        problems.extend(found)
        if article is not None and (keep_partial or not found):  # kept despite problems in its questions, so validation still sees it
            articles.append(article)
    return articles, problems


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_article(data: bytes, path: str, slug: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article's bytes. Returns (article or None, problems): never both."""
    article, problems = read_article(data, path, slug)
    return (None, problems) if problems else (article, [])


def read_article(data: bytes, path: str, slug: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article's bytes into (article, problems). The article is None only when its
    front matter cannot be read; otherwise it holds every question that parsed, even when
    other parts have problems."""
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
    problems.extend(_includes(lines, path))
    intro, intro_line, questions, found = _questions(lines, body_start, path, slug, meta.get("level", "mid"))
    problems.extend(found)
    source = meta.get("source") or {}
    article = Article(
        slug=slug,
        path=path,
        title=meta["title"].strip(),
        source=Source(**{k: _iso(source[k]).strip() for k in sorted(SOURCE_KEYS) if k in source}),
        level=meta.get("level", "mid"),
        added=_iso(meta.get("added") or source.get("published") or ""),
        reviewed=_iso(meta.get("reviewed") or ""),
        intro=intro,
        questions=tuple(questions),
        intro_line=intro_line,
    )
    return article, problems


def _includes(lines: list[str], path: str) -> list[Problem]:
    """`--8<--` anywhere, even in a code block: pymdownx.snippets reads lines before Markdown
    sees fences, so a fenced marker would still include a file."""
    return [Problem(path, n, "'--8<--' (a snippet include) is not allowed in articles: paste the text itself")
            for n, line in enumerate(lines, 1) if SNIPPET_MARKER.search(line)]


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
    yaml_text = "\n".join(lines[1:end])
    try:
        refused = refused_yaml(yaml_text)
        if refused:
            return None, 0, [Problem(path, line + 2, message) for line, message in refused]
        meta = yaml.safe_load(yaml_text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(err, "problem", None) or "invalid YAML"
        return None, 0, [Problem(path, line, f"front matter is not valid YAML: {reason}")]
    except RecursionError:  # thousands of nested brackets
        return None, 0, [Problem(path, 2, "front matter is nested too deeply")]
    except (ValueError, OverflowError) as err:  # e.g. 2024-13-45: YAML reads it as a date, and fails
        return None, 0, [Problem(path, _impossible_date_line(lines, end), f"front matter has a value YAML cannot read: {err}")]
    if not isinstance(meta, dict):
        return None, 0, [Problem(path, 2, "front matter must be a mapping of keys such as 'title: ...'")]
    checked = _check_meta(meta)
    problems = [Problem(path, _key_line(lines, end, key), message) for key, message, _ in checked]
    fatal = any(is_fatal for _, _, is_fatal in checked)
    return (None if fatal else meta), end + 1, problems


def _impossible_date_line(lines: list[str], end: int) -> int:
    """The first front-matter line holding a YYYY-MM-DD that is not a real date."""
    for i in range(1, end):
        for found in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lines[i]):
            try:
                dt.date(*map(int, found.groups()))
            except ValueError:
                return i + 1
    return 2


def refused_yaml(text: str) -> list[tuple[int, str]]:
    """YAML features front matter never needs, found from the parse events before anything is
    constructed: anchors and aliases (an alias bomb grows exponentially when expanded) and
    explicit tags (`!!python/...`, `!!binary`). Returns (0-based line, message) pairs."""
    refused: list[tuple[int, str]] = []
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            refused.append((line, f"YAML alias '*{event.anchor}' is not allowed in front matter: write the value out"))
        elif getattr(event, "anchor", None):
            refused.append((line, f"YAML anchor '&{event.anchor}' is not allowed in front matter"))
        elif getattr(event, "tag", None) and not _implicit(event):
            refused.append((line, f"YAML tag {event.tag!r} is not allowed in front matter: write plain text"))
    return refused


def _implicit(event: yaml.Event) -> bool:
    implicit = getattr(event, "implicit", True)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)


def _key_line(lines: list[str], end: int, key: str) -> int:
    for i in range(1, end):
        if re.match(rf"\s*{re.escape(key)}\s*:", lines[i]):
            return i + 1
    return 1


def _check_meta(meta: dict) -> list[tuple[str, str, bool]]:
    """Front-matter rules; each returns (key, message, fatal) so the message can point at the
    key's line. A fatal problem (a wrong type) leaves no article to build; the others are
    content rules, reported in the same run as the rest of the article's problems."""
    out: list[tuple[str, str, bool]] = []
    for key in sorted(set(map(str, meta)) - FRONT_MATTER_KEYS):
        out.append((key, f"unknown front matter key {key!r} (allowed: {', '.join(sorted(FRONT_MATTER_KEYS))})", False))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        out.append(("title", "front matter needs a non-empty 'title'", True))
    elif TAG_LIKE.search(title) or CONTROL.search(title):
        out.append(("title", _plain_text_message("title"), False))
    level = meta.get("level", "mid")
    if not isinstance(level, str) or level not in LEVELS:
        out.append(("level", f"level must be one of {', '.join(LEVELS)}, not {level!r}", True))
    added = meta.get("added")
    if added is not None and not isinstance(added, dt.date):
        out.append(("added", "added must be a date written YYYY-MM-DD", True))
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        out.append(("reviewed", "reviewed must be a date written YYYY-MM-DD", True))
    source = meta.get("source")
    if source is not None:
        if not isinstance(source, dict):
            out.append(("source", "source must be a mapping with name, author, url, published, license", True))
        else:
            out.extend(_check_source(source))
    return out


def _check_source(source: dict) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    for key in sorted(set(map(str, source)) - SOURCE_KEYS):
        out.append((key, f"unknown source key {key!r} (allowed: {', '.join(sorted(SOURCE_KEYS))})", False))
    for key in ("name", "author", "license", "url"):
        if key not in source:
            continue
        if not isinstance(source[key], str):
            out.append((key, f"source {key} must be text", True))
        elif key != "url" and (TAG_LIKE.search(source[key]) or CONTROL.search(source[key])):
            out.append((key, _plain_text_message(f"source {key}"), False))
    url = source.get("url")
    if isinstance(url, str) and not valid_http_url(url):
        out.append(("url", "source url must be a full http:// or https:// address with a host, and no spaces, quotes or <>", False))
    published = source.get("published")
    if published is not None and (not isinstance(published, dt.date) or isinstance(published, dt.datetime)):
        out.append(("published", "source published must be a date written YYYY-MM-DD", True))
    return out


def _plain_text_message(field: str) -> str:
    return f"{field} is plain text on one line: HTML such as '<tag>' would be shown literally, not rendered, and control characters are not allowed; remove them"


def valid_http_url(url: str) -> bool:
    """A real http(s) URL: parses, has a host, and has nothing that could end an attribute or
    a Markdown link (whitespace, quotes, <>, backslashes, control characters)."""
    if URL_FORBIDDEN.search(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and url.startswith(f"{parts.scheme}://")


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
        return "", 0, [], problems

    intro_lines = lines[start : headings[0][0]]
    intro = "\n".join(intro_lines).strip()
    intro_line = start + 1 + _leading_blank(intro_lines)
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
        if TAG_LIKE.search(text) or CONTROL.search(text):
            problems.append(Problem(path, line_no, _plain_text_message("a question heading")))
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
    return intro, intro_line, questions, problems


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
