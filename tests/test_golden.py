"""Golden files: the sample articles always render to exactly these pages and data.

After an intended change to the output, regenerate with `UPDATE_GOLDEN=1 make test` and
review the diff of tests/golden/ like any other change.
"""
import dataclasses
import os
from pathlib import Path

import pytest

from handbook.pipeline import Paths, build
from handbook.render import Site

GOLDEN = Path(__file__).parent / "golden"
SITE = Site(edit_base="https://example.test/handbook/edit/main/")
RELEASE = Path(__file__).parent / "fixtures" / "release.yml"  # fixed dates: "new" and "due for review" do not move


def outputs(root: Path, samples: Path) -> dict[str, bytes]:
    # the glossary comes from the project's docs, not from the articles: left out here so
    # editing docs/includes/abbreviations.md does not change the golden files
    paths = dataclasses.replace(Paths.default(root, samples), abbreviations=None, release=RELEASE)
    result = build(paths, SITE, anki=False)
    assert result.ok, result.problems
    out = {f"docs/{k}": v.encode() for k, v in result.pages.items()}
    out.update({f"site/{k}": v for k, v in result.files.items()})
    return out


def test_sample_articles_render_to_the_golden_files(root: Path, samples: Path):
    produced = outputs(root, samples)
    if os.environ.get("UPDATE_GOLDEN"):
        for rel, data in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(produced) == sorted(expected)
    for rel in produced:
        assert produced[rel] == expected[rel], f"{rel} differs from tests/golden/{rel}"


def test_output_is_byte_identical_across_runs_and_uses_lf(root: Path, samples: Path):
    first, second = outputs(root, samples), outputs(root, samples)
    assert first == second
    assert all(b"\r" not in data for data in first.values())


def test_anki_deck_is_deterministic(root: Path, samples: Path):
    a = build(Paths.default(root, samples)).files["mlops-interview-handbook.apkg"]
    b = build(Paths.default(root, samples)).files["mlops-interview-handbook.apkg"]
    assert a[:2] == b"PK" and a == b


@pytest.mark.parametrize("key", ["id", "question", "topic", "answer", "sources"])
def test_questions_json_has_the_public_fields(root: Path, samples: Path, key):
    import json

    data = json.loads(outputs(root, samples)["site/questions.json"])
    assert data["topics"] and all({"id", "title"} <= set(t) for t in data["topics"])
    assert all(key in q for q in data["questions"])
    assert all({"article", "question", "line"} <= set(s) for q in data["questions"] for s in q["sources"])
