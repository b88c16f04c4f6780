"""Merging: nothing is lost, repeated points are kept once with both credits, ids are stable."""
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.merge import choose_lead, merge_group
from handbook.model import Point, Question
from handbook.pipeline import Paths, analyse
from handbook.text import word_count

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
    # every point absorbed as a repeat or restatement is credited on the point that absorbed it
    credited = {qid for c in entry.credits for qid in c.question_ids}
    assert {a.question_id for a in entry.absorbed if a.reason != "over budget"} <= credited
    # the lead answer's own points are never absorbed
    assert all(a.question_id != entry.lead_id for a in entry.absorbed)


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


def _q(qid: str, *points: Point, answer: str = "") -> Question:
    return Question(qid, qid.split("/")[0], "What is drift?", 1, "mid", answer or "\n\n".join(p.text for p in points), points)


def test_the_most_complete_answer_leads():
    short = _q("a/q", Point("para", "Drift is change.", "summary", 2))
    full = _q("b/q", Point("para", "Drift is a change in the data.", "summary", 2), Point("item", "P(X) moves.", "key-points", 4),
              Point("para", "A fraud model sees new merchants.", "example", 6), Point("para", "Retrain weekly.", "weak-answer", 8))
    assert choose_lead([short, full]) is full
    assert merge_group("q", [short, full]).lead_id == "b/q"
    assert merge_group("q", [short, full], lead=short).lead_id == "a/q"  # a pinned canonical leads


def test_a_point_that_restates_the_lead_is_absorbed_and_credited():
    lead = _q("a/q", Point("para", "Data drift is a change in the input distribution P(X); concept drift is a change in P(y|X).", "summary", 2),
              Point("item", "Detect it with PSI or KS tests on each feature.", "key-points", 4))
    other = _q("b/q", Point("para", "In short, concept drift moves P(y|X) while data drift moves the input distribution.", "summary", 2),
               Point("item", "Keep a random holdout so blocked cases still get labels.", "key-points", 4))
    lead = Question(lead.id, lead.article, lead.text, 1, "mid", lead.answer + " and more words" * 20, lead.points)  # room to fold
    entry = merge_group("q", [lead, other])
    assert [a.reason for a in entry.absorbed] == ["restates"]
    assert entry.credits[0].question_ids == ("a/q", "b/q")
    assert any("holdout" in c.point.text for c in entry.credits)  # the new point is folded in


def test_a_merged_answer_stays_within_one_and_a_half_times_its_longest_source():
    def many(qid: str, topic: str, n: int) -> Question:
        pts = tuple(Point("item", f"{topic} fact {i} {qid} " + " ".join(f"{topic}{i}w{j}" for j in range(12)), "key-points", i) for i in range(n))
        return _q(qid, *pts, answer=" ".join(p.text for p in pts))
    members = [many("a/q", "alpha", 6), many("b/q", "beta", 6), many("c/q", "gamma", 6)]
    entry = merge_group("q", members)
    longest = max(word_count(q.answer) for q in members)
    assert sum(word_count(c.point.text) for c in entry.credits) <= 1.5 * longest
    assert {a.reason for a in entry.absorbed} == {"over budget"}
    assert len(entry.credits) + len(entry.absorbed) == 18


def _entry_from_answers(*answers: str):
    from handbook.answer import split_points
    members = [Question(f"a{i}/q", f"a{i}", "What is drift?", 1, "mid", text, tuple(split_points(text, 2, "x.md")[0]))
               for i, text in enumerate(answers)]
    return merge_group("q", members, lead=members[0])


def _html(markdown_text: str) -> str:
    import markdown
    return markdown.markdown(markdown_text, extensions=["admonition", "pymdownx.details", "pymdownx.superfences"])


def test_numbered_steps_stay_numbered_and_a_sub_list_stays_under_its_lead_in():
    from handbook.render import merged_answer
    answer = ("Short answer here.\n\n**Key points**\n\n- Name the problem:\n    - Data drift is P(X).\n    - Concept drift is P(y|X).\n"
              "- Detect it.\n\n**Example:**\n\n1. Validate the data.\n2. Train the model.\n3. Canary it.\n")
    html = _html(merged_answer(_entry_from_answers(answer), {"a0": "A"}))
    assert "<ol>" in html and html.index("Validate") < html.index("Train") < html.index("Canary")
    assert "<li>Name the problem:<ul>" in html.replace("\n", "")  # the lead-in, then its sub-list, in one item
    assert html.index("Name the problem:") < html.index("Data drift is P(X)") < html.index("Detect it")


def test_every_sources_example_keeps_its_label():
    from handbook.render import merged_answer
    filler = " Say which distribution moved and how you would know." * 16
    a = "Drift is change in data." + filler + "\n\n**Key points**\n\n- PSI per feature.\n\n**Example:** a fraud model meets a new wallet payment method.\n"
    b = "Models degrade over time.\n\n**Key points**\n\n- Labels arrive late.\n\n**Example:** a demand forecast breaks after a pricing change.\n"
    text = merged_answer(_entry_from_answers(a, b), {"a0": "A", "a1": "B"})
    assert text.count("**Example:**") == 2


def test_another_sources_example_is_folded_whole_or_not_at_all():
    filler = " Say which distribution moved and how you would know." * 16
    lead = "Drift is change in data." + filler + "\n\n**Key points**\n\n- PSI per feature.\n\n**Example:** a fraud model meets a new wallet.\n"
    other = ("Models degrade.\n\n**Key points**\n\n- Labels arrive late.\n\n**Example:** a demand forecast for 2,000 stores breaks after a pricing change.\n\n"
             "- Week 1: MAPE rises from 8% to 14%.\n- Week 2: the team retrains on post-change data and MAPE returns to 9%.\n")
    entry = _entry_from_answers(lead, other)
    example = [c.point.text for c in entry.credits if c.point.section == "example" and c.question_ids[0] == "a1/q"]
    dropped = [a.point.text for a in entry.absorbed if a.point.section == "example"]
    assert (len(example), len(dropped)) in ((3, 0), (0, 3))  # all three parts of the example, or none
