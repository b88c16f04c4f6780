"""The handbook's own content meets its quality bar after the merge."""
import statistics
from pathlib import Path

import pytest

from handbook.pipeline import Paths, analyse
from handbook.text import word_count

CORE = ("drift-monitoring", "cicd", "deployment", "governance")
SOURCES = {  # every question each source asks, including the ones it asks twice
    "360digitmg-mlops-interview-questions": 17,
    "thirty-mlops-interview-questions": 30,
    "fifteen-mlops-interview-questions": 16,
    "opencv-advanced-mlops-interview-guide": 14,
    # the eight real lists (309 questions), one heading per source question in the source's order
    "top35-mlops-ahmedemam": 35,
    "mlops-engineer-60-questions-sepideh": 60,
    "mlops-platform-senior-ramcreddy": 46,
    "mlops-production-scenarios-naganathan": 16,
    "mlops-interview-prep-levels-naidi": 34,
    "ml-systems-deployment-monitoring-im360": 22,
    "mlops-staff-scenarios-vishalgwu": 33,
    "ai-eng-company-wise-production-wonschangge": 63,
}


@pytest.fixture(scope="module")
def handbook(root: Path):
    result = analyse(Paths.default(root))
    assert result.ok, result.problems
    return result


@pytest.fixture(scope="module")
def root() -> Path:
    return Path(__file__).resolve().parent.parent


def test_every_source_question_is_there(handbook):
    counts = {a.slug: len(a.questions) for a in handbook.articles}
    for slug, n in SOURCES.items():
        assert counts[slug] == n, slug


def test_the_handbooks_own_questions(handbook):
    own = [a for a in handbook.articles if a.source.name == "MLOps Interview Handbook"]
    assert sum(len(a.questions) for a in own) >= 30


def test_sources_are_credited_and_never_invented(handbook):
    for a in handbook.articles:
        assert a.source.name, a.slug
        if a.source.name == "publisher unknown":
            assert not a.source.url and not a.source.author and not a.source.published, a.slug


def test_size_and_balance_after_merging(handbook):
    assert len(handbook.entries) >= 300
    per_topic = {t.id: sum(1 for e in handbook.entries if e.topic == t.id) for t in handbook.topics}
    for topic in CORE:
        assert per_topic[topic] >= 25, per_topic
    assert max(per_topic.values()) <= 0.25 * len(handbook.entries), per_topic  # no dumping ground


def test_answer_length(handbook):
    words = [word_count(q.answer) for a in handbook.articles for q in a.questions if not q.asked_only]
    assert min(words) >= 30
    assert statistics.median(words) > 80


def test_every_answer_opens_with_a_short_answer_and_has_key_points(handbook):
    for a in handbook.articles:
        for q in a.questions:
            if q.asked_only:
                continue
            sections = [p.section for p in q.points]
            assert sections[0] == "summary", q.id
            assert "key-points" in sections, q.id


def test_merged_answers_read_as_one(handbook):
    """At most 1.5x the words of the longest source answer, and no collapsed 'more points' pile."""
    from handbook.render import merged_answer
    labels = {a.slug: a.label for a in handbook.articles}
    for e in handbook.entries:
        if len(e.members) < 2:
            continue
        longest = max(word_count(q.answer) for q in e.members)
        text = merged_answer(e, labels)
        assert word_count(text) <= 1.5 * longest, e.id
        assert "more point" not in text, e.id


def test_every_spoken_lead_fits_in_eighty_words(handbook):
    """The first paragraph is what a candidate says first: 80 words at most."""
    for a in handbook.articles:
        for q in a.questions:
            if not q.asked_only:
                assert word_count(q.points[0].text) <= 80, q.id
