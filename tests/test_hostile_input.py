"""Odd and hostile articles: the parser never crashes; errors always name a file and line."""
import re
import string
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.parse import parse_article
from handbook.pipeline import Paths, analyse, build

from helpers import article

LINE_ERROR = re.compile(r"^articles/x\.md:\d+: \S")

markdownish = st.text(alphabet=string.printable + "#`~-*{}<>|äé中🙂\r\u2028\ufeff", max_size=400)
structured = st.lists(
    st.one_of(
        st.just("---"), st.just("title: t"), st.just("## Q?"), st.just("```"), st.just("~~~"), st.just(""),
        st.just("- item"), st.just("**Key points**"), st.just("<script>"), st.just("{{ x }}"), st.just("# H1"),
        st.just("level: [x"), st.just("## Q? {level=guru}"), markdownish,
    ),
    max_size=40,
).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markdownish, structured, st.binary(max_size=300)))
def test_any_input_parses_or_gets_a_clean_line_error(data):
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    parsed, problems = parse_article(raw, "articles/x.md", "x")
    # an article is returned whenever its front matter reads, problems or not (so validation
    # still checks it); without one there is always a problem saying why
    assert parsed is not None or problems
    for p in problems:
        assert LINE_ERROR.match(str(p)), str(p)
        assert p.line >= 1


yaml_scalar = st.one_of(
    st.just("t"), st.just('"<img src=x onerror=alert(1)>"'), st.just("2024-01-15"), st.just("2024"), st.just("[a, b]"),
    st.just("{a: b}"), st.just("&a x"), st.just("*a"), st.just("!!python/name:os.system"), st.just("!!binary aGk="),
    st.just("|\n  block"), st.just(">-"), st.just("'"), st.just("https://example.org/a b"), st.just("null"), st.just("~"),
    st.just("? [k]"), st.just("- item"), st.just("!ENV X"), st.just("2024-13-45"), st.just("1e9999"),
    st.text(alphabet=string.printable + "äé中🙂\u2028", max_size=30),
)
yaml_key = st.sampled_from(["title", "source", "  name", "  url", "  published", "  author", "  license", "level", "added",
                            "colour", "  x", "<<", "? title", "- "])
front_matter = st.lists(st.tuples(yaml_key, yaml_scalar).map(lambda kv: f"{kv[0]}: {kv[1]}"), max_size=12).map(
    lambda lines: "---\n" + "\n".join(lines) + "\n---\n\n## What is X?\n\nX is a thing.\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter)
def test_any_front_matter_gives_an_article_or_line_errors(text):
    """Aliases, tags, lists where text is expected, odd dates: never a traceback."""
    parsed, problems = parse_article(text.encode("utf-8", "surrogatepass"), "articles/x.md", "x")
    assert (parsed is None) == bool(problems)
    for p in problems:
        assert LINE_ERROR.match(str(p)), str(p)
    if parsed is not None:
        assert isinstance(parsed.title, str) and all(isinstance(v, str) for v in vars(parsed.source).values())


def write(folder: Path, name: str, text: str | bytes) -> None:
    path = folder / f"{name}.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def test_odd_but_valid_content_builds(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "crlf", article(body="## What is drift?\r\n\r\nChange over time.\r\n").replace("\n", "\r\n"))
    write(arts, "unicode", article(body="## Qu'est-ce que la dérive? 模型漂移?\n\nLa dérive 🙂 — change.\n"))
    write(arts, "templates", article(body="## How do Helm values work?\n\nUse {{ .Values.image }} and {% raw %} or ${{ secrets.X }}.\n"))
    result = build(Paths.default(root, arts), anki=False)
    assert result.ok, result.problems
    page = "".join(result.pages.values())
    assert "{{ .Values.image }}" in page and "${{ secrets.X }}" in page and "模型漂移" in page


def test_big_articles_stay_fast(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    many = "".join(f"## What is concept number {n} of the pipeline{' stage' * (n % 5)}?\n\nAnswer {n} explains it well.\n\n" for n in range(500))
    write(arts, "five-hundred", article(body=many))
    write(arts, "one-megabyte", article(body="## What is a huge answer?\n\n" + ("word " * 200 + "\n\n") * 1000))
    assert (arts / "one-megabyte.md").stat().st_size > 1_000_000
    start = time.perf_counter()
    result = analyse(Paths.default(root, arts))
    assert result.ok, result.problems[:3]
    assert sum(len(a.questions) for a in result.articles) == 501
    assert time.perf_counter() - start < 60  # a guard against pathological slowness, not a benchmark


def test_many_bad_files_report_every_problem(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "a", "no front matter")
    write(arts, "b", article(body="## Q?\n\n<iframe>\n"))
    write(arts, "c", b"---\ntitle: x\n---\n\n## Q?\n\n\xff\xfe\n")
    result = analyse(Paths.default(root, arts))
    paths = sorted({p.path.rsplit("/", 1)[-1] for p in result.problems})
    assert paths == ["a.md", "b.md", "c.md"]
