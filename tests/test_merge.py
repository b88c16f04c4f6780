"""Merging: nothing is lost, repeated points are kept once with both credits, ids are stable."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.merge import merge_group
from handbook.model import Point, Question
from handbook.pipeline import Paths, analyse

from helpers import article

WORDS = ["drift", "model", "data", "canary", "latency", "label", "shift", "monitor", "retrain", "alert", "gate", "test"]


def point_strategy():
    sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
    return st.builds(Point, kind=st.sampled_from(["para", "item", "code"]), text=sentence,
                     section=st.sampled_from(["summary", "key-points", "example", "follow-up", "weak-answer", "correction"]),
                     line=st.integers(1, 500))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(point_strategy(), min_size=1, max_size=6), min_size=1, max_size=5))
def test_every_point_is_kept_or_absorbed_exactly_once(answers):
    members = [Question(id=f"a{i}/q", article=f"a{i}", text="What is drift?", line=1, level="mid", answer="x", points=tuple(ps))
               for i, ps in enumerate(answers)]
    entry = merge_group("what-is-drift", members)
    kept = [(qid, c.point.line, c.point.text) for c in entry.credits for qid in c.question_ids[:1]]
    absorbed = [(a.question_id, a.point.line, a.point.text) for a in entry.absorbed]
    original = [(q.id, p.line, p.text) for q in members for p in q.points]
    assert sorted(kept + absorbed) == sorted(original)
    # every absorbed point is credited on the point that absorbed it
    credited = {qid for c in entry.credits for qid in c.question_ids}
    assert {a.question_id for a in entry.absorbed} <= credited
    # the canonical answer's own points are never absorbed
    assert all(a.question_id != members[0].id for a in entry.absorbed)


def test_near_identical_point_is_kept_once_with_both_sources():
    p1 = Point("item", "Monitor input and prediction distributions daily.", "key-points", 5)
    p2 = Point("item", "Monitor the input and prediction distributions daily", "key-points", 9)
    a = Question("a/q", "a", "What is drift?", 1, "mid", "x", (p1,))
    b = Question("b/q", "b", "What is drift?", 1, "mid", "x", (p2,))
    entry = merge_group("q", [a, b])
    assert len(entry.credits) == 1 and entry.credits[0].question_ids == ("a/q", "b/q")
    assert entry.absorbed[0].kept_by == "a/q"


def write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def test_entry_id_does_not_change_when_a_later_article_merges_in(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "zeta", article(extra="added: 2024-01-01\n", body="## How does MLOps differ from DevOps?\n\nData changes behaviour.\n"))
    paths = Paths.default(root, arts)
    before = {e.canonical.text: e.id for e in analyse(paths).entries}
    write(arts, "alpha", article(extra="added: 2025-05-05\n", body="## What is the difference between DevOps and MLOps?\n\nModels decay.\n"))
    after = analyse(paths)
    assert len(after.entries) == 1 and len(after.entries[0].members) == 2
    assert after.entries[0].id == before["How does MLOps differ from DevOps?"] == "how-does-mlops-differ-from-devops"


def test_canonical_override_picks_the_wording(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "one", article(body="## Define MLOps in your own words.\n\nA.\n"))
    write(arts, "two", article(body="## What is MLOps?\n\nB.\n"))
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("canonical:\n  - two/what-is-mlops\n", encoding="utf-8")
    result = analyse(Paths.default(root, arts, overrides=overrides))
    assert [e.canonical.text for e in result.entries] == ["What is MLOps?"]


def test_unknown_override_id_is_an_error_with_its_line(tmp_path: Path, root: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    write(arts, "one", article())
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("merge:\n  - [one/what-is-x, one/no-such-question]\n", encoding="utf-8")
    result = analyse(Paths.default(tmp_path, arts, topics=root / "config" / "topics.yml", overrides=overrides))
    assert [str(p) for p in result.problems] == [
        "overrides.yml:2: unknown question id 'one/no-such-question': ids look like '<article slug>/<question slug>' (see --explain)"]


def test_every_source_question_lands_in_exactly_one_entry(samples: Path, root: Path):
    result = analyse(Paths.default(root, samples))
    members = [q.id for e in result.entries for q in e.members]
    assert sorted(members) == sorted(q.id for a in result.articles for q in a.questions)
    assert len(members) == len(set(members))
