"""Related entries: other questions on the same subject, linked from each entry."""
from pathlib import Path

from handbook.model import Entry, Question
from handbook.normalize import signature
from handbook.pipeline import Paths, analyse
from handbook.related import related

from helpers import article


def entries_of(*texts: str) -> tuple[list[Entry], dict]:
    questions = [Question(id=f"a/q{n}", article="a", text=t, line=n, level="mid", answer="x") for n, t in enumerate(texts)]
    return [Entry(id=q.id, canonical=q, members=(q,)) for q in questions], {q.id: signature(q.text) for q in questions}


def test_questions_on_one_subject_link_to_each_other_whatever_their_intent():
    entries, sigs = entries_of(
        "What is model drift?",
        "How do you handle model drift in production?",
        "What is a feature store?",
        "Why use a feature store?",
        "What is GDPR?",
    )
    links = related(entries, sigs)
    assert links["a/q0"] == ("a/q1",)  # the definition links to the how-to, and back
    assert links["a/q1"] == ("a/q0",)
    assert links["a/q2"] == ("a/q3",)
    assert links["a/q4"] == ()  # nothing else is about GDPR


def test_best_first_at_most_the_limit_and_never_itself():
    entries, sigs = entries_of(
        "What is data drift?",
        "How do you detect data drift?",
        "How do you handle data drift?",
        "What causes data drift?",
        "Data drift vs concept drift?",
    )
    links = related(entries, sigs, limit=2)
    for entry_id, others in links.items():
        assert entry_id not in others and len(others) <= 2
    assert set(related(entries, sigs, limit=10)["a/q0"]) == {"a/q1", "a/q2", "a/q3", "a/q4"}


def test_related_links_are_in_the_data_and_resolve(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(body="## What is model drift?\n\nThe model's accuracy decays as the world changes.\n"), encoding="utf-8")
    (arts / "two.md").write_text(article(body="## How do you handle model drift in production?\n\nDetect it, then retrain or roll back.\n"), encoding="utf-8")
    build = analyse(Paths.default(root, arts))
    assert build.ok, build.problems
    by_text = {e.canonical.text: e for e in build.entries}
    assert by_text["What is model drift?"].related == (by_text["How do you handle model drift in production?"].id,)

