"""Frequency order, "new in this version" and freshness (config/release.yml, `reviewed`)."""
from pathlib import Path

import pytest

from handbook.model import Article, Credit, Entry, Point, Question, Source, Topic
from handbook.parse import parse_article
from handbook.release import Release, build_date, due_for_review, is_new, load_release, review_cutoff, reviewed_on
from handbook.render import MOST_ASKED, most_asked_page, order_in_topic


def art(slug: str, added: str = "", reviewed: str = "") -> Article:
    return Article(slug=slug, path=f"articles/{slug}.md", title=slug, source=Source(), level="mid", added=added, intro="", reviewed=reviewed)


def entry(eid: str, slugs: tuple[str, ...], level: str = "mid", credited: tuple[str, ...] | None = None) -> Entry:
    members = tuple(Question(id=f"{s}/{eid}", article=s, text=eid, line=1, level=level, answer="a") for s in slugs)
    point = Point(kind="para", text="a", section="summary", line=2)
    credits = [Credit(point, (f"{s}/{eid}",)) for s in (credited or slugs)]
    return Entry(id=eid, canonical=members[0], members=members, credits=credits, level=level, topic="t")


def test_topic_order_is_most_asked_then_level_then_id():
    entries = [entry("b-senior", ("x",), "senior"), entry("a-twice", ("x", "y"), "senior"),
               entry("c-junior", ("x",), "junior"), entry("a-mid", ("x",), "mid")]
    assert [e.id for e in order_in_topic(entries)] == ["a-twice", "c-junior", "a-mid", "b-senior"]


def test_most_asked_lists_the_top_fifty_with_counts():
    entries = [entry(f"q{n:03}", ("x", "y") if n % 7 == 0 else ("x",)) for n in range(80)]
    page = most_asked_page(entries, {"t": Topic("t", "T", "", ())}, 2)
    rows = [line for line in page.split("\n") if line.startswith("| ") and "[" in line]
    assert len(rows) == MOST_ASKED == 50
    assert "2 of 2 lists" in rows[0] and rows[0].startswith("| 1 |")
    assert rows[-1].endswith("| T |") and "1 of 2 lists" in rows[-1]


def test_an_entry_is_new_only_when_every_source_came_after_the_release():
    arts = {"old": art("old", "2026-01-01"), "new": art("new", "2026-11-29"), "undated": art("undated")}
    release = Release(last_release="2026-11-28", build_date="2026-11-29")
    assert is_new(entry("e", ("new",)), arts, release)
    assert not is_new(entry("e", ("new", "old")), arts, release)
    assert not is_new(entry("e", ("undated",)), arts, release)
    assert not is_new(entry("e", ("new",)), arts, Release(build_date="2026-11-29"))


def test_review_date_is_the_newest_of_the_articles_behind_the_answer():
    arts = {"a": art("a", "2024-01-01", "2025-12-01"), "b": art("b", "2026-02-01"), "c": art("c", "2026-10-01")}
    # c asks the question too but none of its points made it into the answer
    e = entry("e", ("a", "b", "c"), credited=("a", "b"))
    assert reviewed_on(e, arts) == "2026-02-01"
    assert reviewed_on(entry("e", ("a",)), arts) == "2025-12-01"  # reviewed beats added


def test_due_for_review_is_older_than_twelve_months_or_undated():
    arts = {"fresh": art("fresh", "2026-01-01"), "stale": art("stale", "2025-11-28"), "edge": art("edge", "2025-11-29"), "none": art("none")}
    release = Release(last_release="", build_date="2026-11-29")
    due = due_for_review([entry(s, (s,)) for s in arts], arts, release)
    assert [e.id for e in due] == ["none", "stale"]
    assert review_cutoff(Release(build_date="2028-02-29")) == "2027-02-28"


def test_build_date_comes_from_config_then_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")
    assert build_date("") == "2026-11-29"
    assert build_date("2030-01-01") == "2030-01-01"


def test_release_config_errors_point_at_the_line(tmp_path: Path):
    path = tmp_path / "release.yml"
    path.write_text("# calendar\nlast_release: soon\nshipped: 2026-01-01\n", encoding="utf-8")
    _, problems = load_release(path, "config/release.yml")
    assert [str(p) for p in problems] == [
        "config/release.yml:3: unknown release key 'shipped' (allowed: build_date, last_release)",
        "config/release.yml:2: last_release must be a date written YYYY-MM-DD",
    ]


@pytest.mark.parametrize("value,ok", [("2026-11-29", True), ("yesterday", False)])
def test_reviewed_front_matter_must_be_a_date(value, ok):
    text = f"---\ntitle: T\nreviewed: {value}\n---\n\n## What is X?\n\nX is a thing.\n".encode()
    article, problems = parse_article(text, "articles/t.md", "t")
    if ok:
        assert article is not None and article.reviewed == value
    else:
        assert [str(p) for p in problems] == ["articles/t.md:3: reviewed must be a date written YYYY-MM-DD"]


def test_impossible_release_date_is_a_problem_not_a_traceback(tmp_path: Path):
    path = tmp_path / "release.yml"
    path.write_text("last_release: 2026-13-01\n", encoding="utf-8")
    _, problems = load_release(path, "config/release.yml")
    assert [str(p) for p in problems] == ["config/release.yml:1: release config has an impossible date: month must be in 1..12"]
