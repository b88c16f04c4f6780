"""Parser: valid articles parse; every kind of bad input gets a precise path:line message."""
from pathlib import Path

from handbook.parse import parse_article, parse_articles

from helpers import article


def problems_of(text: str | bytes, slug: str = "a") -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    parsed, problems = parse_article(data, f"articles/{slug}.md", slug)
    return [str(p) for p in problems]


def test_valid_article_parses_questions_levels_and_sections():
    text = article(extra="level: senior\n", body="Intro line.\n\n## What is X? {level=junior}\n\nShort.\n\n**Key points**\n\n- one\n- two\n\n## Why Y?\n\nBecause.\n")
    parsed, problems = parse_article(text.encode(), "articles/a.md", "a")
    assert problems == []
    assert parsed.intro == "Intro line."
    assert [q.text for q in parsed.questions] == ["What is X?", "Why Y?"]
    assert [q.level for q in parsed.questions] == ["junior", "senior"]
    assert [q.line for q in parsed.questions] == [8, 17]
    assert [(p.section, p.kind, p.text) for p in parsed.questions[0].points] == [
        ("summary", "para", "Short."), ("key-points", "item", "one"), ("key-points", "item", "two")]
    assert parsed.questions[0].id == "a/what-is-x"


def test_missing_front_matter():
    assert problems_of("## What?\n\nAnswer.\n") == [
        "articles/a.md:1: missing YAML front matter: the file must start with a '---' line, then 'title: ...', then '---'"]


def test_malformed_yaml_points_at_its_line():
    out = problems_of("---\ntitle: ok\nsource: [unclosed\n---\n\n## Q?\n\nA.\n")
    assert len(out) == 1 and out[0].startswith("articles/a.md:3: front matter is not valid YAML")


def test_missing_title_and_bad_level_and_unknown_key():
    out = problems_of("---\nlevel: guru\ncolour: red\n---\n\n## Q?\n\nA.\n")
    assert "articles/a.md:2: level must be one of junior, mid, senior, not 'guru'" in out
    assert any(o.startswith("articles/a.md:3: unknown front matter key 'colour'") for o in out)
    assert "articles/a.md:1: front matter needs a non-empty 'title'" in out


def test_empty_article_and_article_without_questions():
    assert problems_of("") == ["articles/a.md:1: empty article: add front matter with a title and at least one '## ' question"]
    assert problems_of(article(body="Just prose.\n"))[0].endswith("no questions: each question is a '## ' heading with its answer below it")


def test_non_utf8_reports_the_line_of_the_bad_byte():
    data = article().encode() + b"\n## Bad?\n\ncaf\xe9\n"
    out = problems_of(data)
    assert len(out) == 1 and out[0].startswith("articles/a.md:11: not valid UTF-8: byte 0xe9")


def test_headings_inside_code_are_not_questions_and_unclosed_fence_is_reported():
    parsed, problems = parse_article(article(body="## Q?\n\n```\n## not a question\n```\n").encode(), "articles/a.md", "a")
    assert problems == [] and len(parsed.questions) == 1
    assert problems_of(article(body="## Q?\n\n```python\nx = 1\n"))[0].endswith("code block opened with ``` is never closed")


def test_crlf_and_bom_are_accepted():
    text = "\ufeff" + article(body="## Q?\r\n\r\nAnswer text.\r\n").replace("\n", "\r\n")
    parsed, problems = parse_article(text.encode(), "articles/a.md", "a")
    assert problems == [] and parsed.questions[0].answer == "Answer text."


def test_bad_heading_attribute_and_level_one_heading():
    out = problems_of(article(body="# Title\n\n## Q? {tag=x}\n\nA.\n"))
    assert "articles/a.md:5: level-1 heading: the title comes from front matter; questions use '## '" in out
    assert "articles/a.md:7: unknown heading attribute 'tag': only 'level' is allowed" in out


def test_duplicate_slugs_and_bad_file_names(tmp_path: Path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    for folder in ("one", "two"):
        (tmp_path / folder / "same.md").write_text(article(), encoding="utf-8")
    (tmp_path / "Bad Name.md").write_text(article(), encoding="utf-8")
    paths = sorted(tmp_path.rglob("*.md"))
    articles, problems = parse_articles(paths, tmp_path)
    messages = [str(p) for p in problems]
    assert "Bad Name.md:1: file name 'Bad Name.md' is not a slug: use lowercase letters, digits and hyphens" in messages
    assert "two/same.md:1: duplicate article slug 'same': one/same.md has the same file name" in messages
    assert [a.slug for a in articles] == ["same"]


def test_repeated_question_in_one_article_gets_distinct_ids():
    parsed, _ = parse_article(article(body="## What is X?\n\nOne.\n\n## What is X?\n\nTwo.\n").encode(), "articles/a.md", "a")
    assert [q.id for q in parsed.questions] == ["a/what-is-x", "a/what-is-x-2"]
