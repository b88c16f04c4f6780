"""Asked-only questions: a heading with no answer of its own joins an entry another question
answers, counts where the question was asked, and never leads; one that joins nothing is an
error naming the entries it most likely repeats. Every problem comes out of one run."""
from pathlib import Path

from handbook.explain import landing_report
from handbook.parse import parse_article
from handbook.pipeline import Paths, analyse, build

from helpers import article

ANSWERED = "## What is a feature store?\n\nA shared place for features, served the same way online and offline.\n"


def write(folder: Path, name: str, text: str, added: str = "") -> None:
    extra = f"added: {added}\n" if added else ""
    (folder / f"{name}.md").write_text(text.replace("---\n\n", f"{extra}---\n\n", 1), encoding="utf-8")


def messages(result, tmp_path: Path) -> list[str]:
    return [str(p).replace(f"{tmp_path.as_posix()}/", "") for p in result.problems]


def folder(tmp_path: Path) -> Path:
    arts = tmp_path / "articles"
    arts.mkdir()
    return arts


def test_a_heading_without_an_answer_parses_as_asked_only():
    parsed, problems = parse_article(article(body="## First?\n\nFine answer.\n\n## Second?\n\n\n## Third?\n\nOk.\n").encode(), "articles/a.md", "a")
    assert problems == []
    assert [(q.text, q.asked_only, q.points) for q in parsed.questions][1] == ("Second?", True, ())
    assert not parsed.questions[0].asked_only


def test_asked_only_counts_where_asked_but_never_leads_or_adds_points(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    # the asked-only list is the older article, so it would name the entry if it had an answer
    write(arts, "asked", article(body="## What is a feature store?\n\n## Why is MLOps hard?\n\nMany moving parts.\n"), added="2020-01-01")
    write(arts, "answered", article(body=ANSWERED), added="2024-01-01")
    result = analyse(Paths.default(root, arts))
    assert result.ok, result.problems
    entry = next(e for e in result.entries if "feature" in e.id)
    assert entry.canonical.id == "answered/what-is-a-feature-store"
    assert [q.id for q in entry.members] == ["answered/what-is-a-feature-store", "asked/what-is-a-feature-store"]
    assert entry.articles == ("answered", "asked")
    assert {qid for c in entry.credits for qid in c.question_ids} == {"answered/what-is-a-feature-store"}


def test_a_merge_override_lets_a_differently_worded_question_stay_unanswered(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    write(arts, "asked", article(body="## Tell me about offline/online feature parity.\n\n## Why is MLOps hard?\n\nMany moving parts.\n"))
    write(arts, "answered", article(body=ANSWERED))
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("merge:\n  - [asked/tell-me-about-offline-online-feature-parity, answered/what-is-a-feature-store]\n", encoding="utf-8")
    result = build(Paths.default(root, arts, overrides=overrides), anki=False)
    assert result.ok, result.problems
    entry = next(e for e in result.entries if len(e.members) == 2)
    assert entry.canonical.text == "What is a feature store?"
    assert entry.also_asked_as == ("Tell me about offline/online feature parity.",)
    assert "asked.md:5: asked only; answered under 'What is a feature store?' (what-is-a-feature-store)" in landing_report(result)
    page = result.pages["sources/asked.md"]
    assert "| Tell me about offline/online feature parity. | asked only; answered under [What is a feature store?](" in page


def test_asked_only_merging_nowhere_names_its_closest_entries(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    write(arts, "asked", article(body="## How do you build a feature store for fraud detection?\n\n## Why is MLOps hard?\n\nMany moving parts.\n"))
    write(arts, "answered", article(body=ANSWERED))
    result = analyse(Paths.default(root, arts))
    assert messages(result, tmp_path) == [
        "articles/asked.md:5: question 'How do you build a feature store for fraud detection?' has no answer and merges into no "
        "answered entry: write an answer, or merge it into an entry with --accept asked/how-do-you-build-a-feature-store-for "
        "ENTRY (closest entries: what-is-a-feature-store)"]


def test_two_asked_only_questions_together_are_both_errors(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    write(arts, "one", article(body="## What is shadow deployment?\n\n## Why is MLOps hard?\n\nMany moving parts.\n"))
    write(arts, "two", article(body="## What is shadow deployment?\n"))
    found = messages(analyse(Paths.default(root, arts)), tmp_path)
    assert [p.split(": question")[0] for p in found] == ["articles/one.md:5", "articles/two.md:5"]
    assert all("(no similar entry)" in p for p in found)


def test_an_asked_only_question_cannot_name_its_entry(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    write(arts, "asked", article(body="## What is a feature store?\n"))
    write(arts, "answered", article(body=ANSWERED))
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("canonical:\n  - asked/what-is-a-feature-store\n", encoding="utf-8")
    result = analyse(Paths.default(root, arts, overrides=overrides))
    assert messages(result, tmp_path) == [
        "overrides.yml:2: canonical asked/what-is-a-feature-store has no answer of its own, so it cannot name its entry"]


def test_parse_and_validation_problems_come_out_of_one_run(tmp_path: Path, root: Path):
    arts = folder(tmp_path)
    body = "## What is X? {colour=red}\n\nX.\n\n## What is Y?\n\n<script>alert(1)</script>\n"
    write(arts, "bad", article(body=body))
    found = messages(analyse(Paths.default(root, arts)), tmp_path)
    assert any(p.startswith("articles/bad.md:5: unknown heading attribute 'colour'") for p in found), found
    assert any(p.startswith("articles/bad.md:11: raw HTML <script> is not allowed") for p in found), found
