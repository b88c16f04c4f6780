"""Release calendar and freshness: which entries are new in this version, when each answer
was last reviewed, and which are due for review.

Dates are ISO strings (YYYY-MM-DD) so they compare as text; "" means unknown.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Article, Entry, Problem


@dataclass(frozen=True)
class Release:
    last_release: str = ""  # "" : nothing counts as new
    build_date: str = ""  # the day freshness is measured against


def load_release(path: Path | None, shown: str) -> tuple[Release, list[Problem]]:
    """Read config/release.yml; a missing file means no release yet and today's date."""
    if path is None or not path.exists():
        return Release(build_date=build_date("")), []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as err:  # ValueError: a date such as 2026-13-01
        if isinstance(err, ValueError):
            return Release(), [Problem(shown, 1, f"release config has an impossible date: {err}")]
        mark = getattr(err, "problem_mark", None)
        return Release(), [Problem(shown, mark.line + 1 if mark else 1, "release config is not valid YAML")]
    if not isinstance(data, dict):
        return Release(), [Problem(shown, 1, "release config must be a mapping with last_release and build_date")]
    problems = []
    for key in sorted(set(map(str, data)) - {"last_release", "build_date"}):
        problems.append(Problem(shown, _line_of(path, key), f"unknown release key {key!r} (allowed: build_date, last_release)"))
    dates = {}
    for key in ("last_release", "build_date"):
        value = data.get(key)
        if value is not None and not isinstance(value, dt.date):
            problems.append(Problem(shown, _line_of(path, key), f"{key} must be a date written YYYY-MM-DD"))
        dates[key] = value.isoformat() if isinstance(value, dt.date) else ""
    return Release(last_release=dates["last_release"], build_date=build_date(dates["build_date"])), problems


def _line_of(path: Path, key: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith(f"{key}:"):
            return n
    return 1


def build_date(configured: str) -> str:
    """The configured date, else SOURCE_DATE_EPOCH (reproducible builds), else today (UTC)."""
    if configured:
        return configured
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def answer_articles(entry: Entry) -> tuple[str, ...]:
    """Slugs of the articles whose points make up the merged answer (all members if none)."""
    by_question = {q.id: q.article for q in entry.members}
    seen: dict[str, None] = {}
    for credit in entry.credits:
        for qid in credit.question_ids:
            seen.setdefault(by_question[qid], None)
    return tuple(seen) or entry.articles


def reviewed_on(entry: Entry, articles: dict[str, Article]) -> str:
    """Newest review date (or, failing that, added date) of the articles behind the answer."""
    dates = [articles[slug].reviewed or articles[slug].added for slug in answer_articles(entry)]
    return max((d for d in dates if d), default="")


def is_new(entry: Entry, articles: dict[str, Article], release: Release) -> bool:
    """New in this version: every source article was added after the last release."""
    if not release.last_release:
        return False
    added = [articles[slug].added for slug in entry.articles]
    return all(a and a > release.last_release for a in added)


def review_cutoff(release: Release) -> str:
    """The date twelve months before the build date; reviews older than it are due."""
    day = dt.date.fromisoformat(release.build_date)
    try:
        return day.replace(year=day.year - 1).isoformat()
    except ValueError:  # 29 February has no twin a year earlier
        return day.replace(year=day.year - 1, day=28).isoformat()


def due_for_review(entries: list[Entry], articles: dict[str, Article], release: Release) -> list[Entry]:
    """Entries last reviewed before the cutoff, or never dated; oldest first."""
    cutoff = review_cutoff(release)
    due = [e for e in entries if reviewed_on(e, articles) < cutoff]
    return sorted(due, key=lambda e: (reviewed_on(e, articles), e.id))
