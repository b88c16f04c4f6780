"""Suggestions: for every question, other entries ranked by the chance they ask the same thing;
never its own entry, never one it was kept apart from; the same input gives the same output."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import embed
from handbook.group import group
from handbook.merge import merge
from handbook.model import Article, Question, Source
from handbook.suggest import suggest

from helpers import article

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_handbook.py"
TEXTS = ["What is model drift?", "How do you detect model drift in production?", "What is a feature store?",
         "Why would a team adopt a feature store?", "How do you roll back a bad model?"]


def entries(texts=TEXTS, asked_only=()):
    qs = [Question(id=f"a{i}/q", article=f"a{i}", text=t, line=5, level="mid", answer="" if i in asked_only else f"Answer about {t}")
          for i, t in enumerate(texts)]
    arts = [Article(slug=q.article, path=f"{q.article}.md", title="T", source=Source(), level="mid", added="", intro="", questions=(q,))
            for q in qs]
    g = group(qs)
    return merge(g.groups, arts), g.signatures


def test_ranks_the_same_subject_first_and_never_the_own_entry():
    es, sigs = entries()
    out = suggest(es, sigs)
    entry_of = {q.id: e.id for e in es for q in e.members}
    assert out["a0/q"][0].entry == entry_of["a1/q"]
    assert out["a2/q"][0].entry == entry_of["a3/q"]
    for qid, ranked in out.items():
        assert entry_of[qid] not in [s.entry for s in ranked]
        assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
        assert len(ranked) <= 5


def test_a_rejected_pair_is_never_suggested_again():
    es, sigs = entries()
    entry_of = {q.id: e.id for e in es for q in e.members}
    out = suggest(es, sigs, keep_apart=(("a0/q", "a1/q"),))
    assert entry_of["a1/q"] not in [s.entry for s in out["a0/q"]]
    assert entry_of["a0/q"] not in [s.entry for s in out["a1/q"]]


def test_same_input_same_output():
    es, sigs = entries()
    assert suggest(es, sigs) == suggest(*entries())


@pytest.mark.skipif(embed.load() is None, reason="review extras (requirements-review.txt) not installed")
def test_numpy_minilm_reproduces_known_cosines():
    # published sentence-transformers figures for all-MiniLM-L6-v2
    v = embed.load()(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.",
                      "The new movie is awesome", "The new movie is so great", "A man is playing guitar", "A woman watches TV"])
    assert round(float(v[0] @ v[1]), 3) == 0.666
    assert round(float(v[0] @ v[2]), 3) == 0.105
    assert round(float(v[3] @ v[4]), 3) == 0.894
    assert round(float(v[5] @ v[6]), 3) == -0.033
    es, sigs = entries()
    assert suggest(es, sigs, embed=embed.load()) == suggest(*entries(), embed=embed.load())


def test_check_json_reports_questions_suggestions_and_problems(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(body="## What is model drift?\n\nInputs or targets shift.\n\n## What is a feature store?\n\nShared features.\n"), encoding="utf-8")
    (arts / "two.md").write_text(article(body="## How do you detect model drift?\n\nCompare windows.\n\n## How do you shard a vector index?\n"), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), "--articles", str(arts), "--check", "--json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"topics", "questions", "problems"}
    assert all(set(t) == {"id", "title"} for t in data["topics"])
    first = data["questions"][0]
    assert set(first) == {"article", "line", "question", "entry", "topic", "suggestions"}
    assert (first["article"], first["line"], first["question"], first["entry"]) == ("one", 5, "What is model drift?", "what-is-model-drift")
    assert first["suggestions"][0]["entry"] == "how-do-you-detect-model-drift"
    assert 0 < first["suggestions"][0]["score"] <= 1
    assert [(p["line"], p["path"].endswith("two.md")) for p in data["problems"]] == [(9, True)]
