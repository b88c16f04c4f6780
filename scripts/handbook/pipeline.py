"""Run the stages in order and return everything the adapters need.

`build` never raises on bad input and never writes anything: it returns problems, or pages
and files. Writing (CLI) and serving (MkDocs hook) are the adapters' job, so a failed build
cannot leave a half-written site.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import config as cfg
from . import embed
from .exports import anki_deck
from .glossary import glossary_page, read_abbreviations
from .group import Grouping, Overrides, group
from .merge import merge
from .model import LEVELS, Article, Entry, Problem, Topic
from .parse import find_articles, parse_articles, stray_files
from .related import related
from .release import Release, load_release
from .render import (
    Site,
    export_data,
    level_page,
    most_asked_page,
    neutralise_includes,
    questions_csv,
    questions_json,
    review_page,
    source_page,
    sources_index,
    study_page,
    topic_page,
    whats_new_page,
)
from .suggest import Suggestion, suggest
from .topics import assign
from .validate import validate


@dataclass
class Paths:
    root: Path
    articles: Path
    topics: Path
    overrides: Path | None  # None: no overrides
    abbreviations: Path | None = None  # Markdown abbreviations -> glossary page; None: no glossary
    release: Path | None = None  # config/release.yml: last release and build date; None: no release yet

    @classmethod
    def default(cls, root: Path, articles: Path | None = None, topics: Path | None = None, overrides: Path | None = None) -> Paths:
        # The project's overrides name the project's questions, so they apply only to the
        # project's own articles folder; another folder starts with no overrides.
        project_overrides = root / "config" / "overrides.yml"
        default_overrides = project_overrides if articles is None and project_overrides.exists() else None
        abbreviations = root / "docs" / "includes" / "abbreviations.md"
        release = root / "config" / "release.yml"
        return cls(
            root=root,
            articles=articles or root / "articles",
            topics=topics or root / "config" / "topics.yml",
            overrides=overrides or default_overrides,
            abbreviations=abbreviations if abbreviations.exists() else None,
            release=release if release.exists() else None,
        )


@dataclass
class Build:
    problems: list[Problem] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    grouping: Grouping | None = None
    overrides: Overrides = field(default_factory=Overrides)
    suggestions: dict[str, tuple[Suggestion, ...]] = field(default_factory=dict)  # question id -> ranked
    pages: dict[str, str] = field(default_factory=dict)  # docs-relative path -> Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # site-relative path -> bytes
    data: dict = field(default_factory=dict)
    release: Release = field(default_factory=Release)

    @property
    def ok(self) -> bool:
        return not self.problems


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def analyse(paths: Paths, review: bool = False, *, checks: bool = True) -> Build:
    """Parse, validate, group, merge, assign topics and rank suggestions; no rendering.

    Every problem comes out of one run: articles with problems in some questions are still
    validated and grouped, because whether a question may stay without an answer is known only
    after grouping. The entries are kept even when there are problems (for `--check --json`);
    `build` renders nothing unless `ok`. With `review`, suggestions also use the sentence
    embedding model when the review extras are installed (embed.py); the site never does.

    `checks=False` is for the security tests only: it builds whatever parsed, ignoring the
    articles' problems, to prove the sanitizer and escaping hold on their own. No command
    line option or environment variable reaches it."""
    out = Build()
    if not paths.articles.is_dir():
        out.problems = [Problem(_shown(paths.articles, paths.root), 1, "articles folder not found")]
        return out
    articles, problems = parse_articles(find_articles(paths.articles), paths.root, keep_partial=True)
    problems += stray_files(paths.articles, paths.root)
    problems += validate(articles)  # content rules run even where parsing found problems
    if not checks:
        problems = []
        articles = [a for a in articles if a.questions]
    if not articles and not problems:
        problems.append(Problem(_shown(paths.articles, paths.root), 1, "no articles: add a Markdown file with front matter and '## ' questions"))
    topics, fallback, topic_problems = cfg.load_topics(paths.topics, _shown(paths.topics, paths.root)) if paths.topics.exists() else ([], "", [Problem(_shown(paths.topics, paths.root), 1, "topics config not found")])
    problems += topic_problems
    questions = [q for a in articles for q in a.questions]
    overrides, override_problems = (
        cfg.load_overrides(paths.overrides, _shown(paths.overrides, paths.root), {q.id for q in questions}, {t.id for t in topics},
                           asked_only={q.id for q in questions if q.asked_only})
        if paths.overrides is not None
        else (Overrides(), [])
    )
    problems += override_problems
    release, release_problems = load_release(paths.release, _shown(paths.release, paths.root) if paths.release else "")
    problems += release_problems
    out.release = release
    if questions:
        grouping = group(questions, overrides)
        entries = merge(grouping.groups, articles, overrides.canonical)
        by_id = {e.id: e for e in entries}
        if topics and not topic_problems:
            assign(entries, topics, fallback, overrides.topics)
        for entry_id, others in related(entries, grouping.signatures).items():
            by_id[entry_id].related = others
        # The site needs no suggestions; a review does, and so does the error for an asked-only
        # question that lands nowhere (it names the closest entries).
        if review or any(e.canonical.asked_only for e in entries):
            out.suggestions = suggest(entries, grouping.signatures, overrides.keep_apart, embed=embed.load() if review else None)
        problems += asked_only_problems(articles, entries, out.suggestions)
        out.articles, out.topics, out.entries, out.grouping, out.overrides = articles, topics, entries, grouping, overrides
    out.problems = sorted(set(problems)) if checks else []
    return out


def asked_only_problems(articles: list[Article], entries: list[Entry], suggestions: dict[str, tuple[Suggestion, ...]]) -> list[Problem]:
    """A question with no answer of its own must land in an entry that another question
    answers; otherwise it is an error that names the entries it most likely repeats."""
    path = {a.slug: a.path for a in articles}
    problems = []
    for entry in entries:
        if not entry.canonical.asked_only:  # the lead is answered whenever any member is
            continue
        for q in entry.members:
            top = [s.entry for s in suggestions.get(q.id, ())[:3]]
            hint = f"closest entries: {', '.join(top)}" if top else "no similar entry"
            problems.append(Problem(path[q.article], q.line,
                                    f"question {q.text!r} has no answer and merges into no answered entry: write an answer, "
                                    f"or merge it into an entry with --accept {q.id} ENTRY ({hint})"))
    return problems


def build(paths: Paths, site: Site | None = None, anki: bool = True, *, checks: bool = True) -> Build:
    """Everything the site needs. `checks` is for the security tests only (see `analyse`)."""
    site = site or Site()
    out = analyse(paths, checks=checks)
    if not out.ok:
        return out
    by_slug = {a.slug: a for a in out.articles}
    topic_map = {t.id: t for t in out.topics}
    everything = {e.id: e for e in out.entries}
    pages: dict[str, str] = {}
    for topic in out.topics:
        members = [e for e in out.entries if e.topic == topic.id]
        if members:
            pages[f"topics/{topic.id}.md"] = topic_page(topic, members, by_slug, site, everything, out.release)
    where = {q.id: e for e in out.entries for q in e.members}
    for article in out.articles:
        pages[f"sources/{article.slug}.md"] = source_page(article, where, topic_map)
    pages["sources/index.md"] = sources_index(out.articles)
    pages["most-asked.md"] = most_asked_page(out.entries, topic_map, len(out.articles))
    pages["whats-new.md"] = whats_new_page(out.entries, by_slug, out.topics, out.release)
    pages["review.md"] = review_page(out.entries, by_slug, out.topics, out.release)
    pages["study.md"] = study_page()
    for level in LEVELS:
        pages[f"levels/{level}.md"] = level_page(level, out.entries, out.topics)
    if paths.abbreviations:
        pages["glossary.md"] = glossary_page(read_abbreviations(paths.abbreviations.read_text(encoding="utf-8")))
    out.pages = {path: neutralise_includes(text) for path, text in sorted(pages.items())}
    out.data = export_data(out.entries, out.topics, by_slug, out.release)
    out.files = {
        "questions.json": questions_json(out.data).encode(),
        "questions.csv": questions_csv(out.data).encode(),
    }
    if anki:
        out.files["mlops-interview-handbook.apkg"] = anki_deck(out.data)
    return out
