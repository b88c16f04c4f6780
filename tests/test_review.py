"""The review loop: --review lists open suggestions, --accept / --reject write a commented
merge / keep_apart into the overrides file (every other line kept), and a decided pair is no
longer open. CI shows suggestions as notices beside the errors."""
import subprocess
import sys
from pathlib import Path

from handbook.ledger import add_pair

from helpers import article

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_handbook.py"
LEDGER = """# The merge ledger.
merge:
  # Same question.
  - [a/x, b/y]

keep_apart: []  # nothing yet

topics:
  a/x: governance
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300)


def test_add_pair_appends_a_commented_item_and_keeps_every_other_line():
    text = add_pair(add_pair(LEDGER, "merge", ("c/z", "d/w"), "accepted: z is w"), "keep_apart", ("e/v", "f/u"), "rejected: v is not u")
    assert text == """# The merge ledger.
merge:
  # Same question.
  - [a/x, b/y]
  # accepted: z is w
  - [c/z, d/w]

keep_apart: # nothing yet
  # rejected: v is not u
  - [e/v, f/u]

topics:
  a/x: governance
"""
    assert add_pair("", "merge", ("a", "b"), "why") == "merge:\n  # why\n  - [a, b]\n"


def test_accept_and_reject_close_the_loop(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(body="## What is model drift?\n\nInputs or targets shift.\n\n## What is a feature store?\n\nShared features.\n"), encoding="utf-8")
    (arts / "two.md").write_text(article(body="## How do you notice that a model drifts?\n\n## Why adopt a feature store?\n\nReuse.\n"), encoding="utf-8")
    ledger = tmp_path / "overrides.yml"
    ledger.write_text("# ledger\nmerge: []\nkeep_apart: []\n", encoding="utf-8")
    common = ("--articles", str(arts), "--overrides", str(ledger))
    # the asked-only question merges nowhere yet: an error naming its closest entry
    check = run(*common, "--check")
    assert check.returncode == 1 and "two.md:5: question 'How do you notice that a model drifts?' has no answer" in check.stderr
    review = run(*common, "--review")
    assert "--accept two/how-do-you-notice-that-a-model-drifts what-is-model-drift" in review.stdout

    out = run(*common, "--accept", "two/how-do-you-notice-that-a-model-drifts", "what-is-model-drift")
    assert out.returncode == 0, out.stderr
    out = run(*common, "--reject", "two/why-adopt-a-feature-store", "what-is-a-feature-store")
    assert out.returncode == 0, out.stderr
    text = ledger.read_text(encoding="utf-8")
    assert text.startswith("# ledger\nmerge:\n  # accepted ")
    assert "  - [two/how-do-you-notice-that-a-model-drifts, one/what-is-model-drift]\n" in text
    assert "keep_apart:\n  # rejected " in text and "  - [two/why-adopt-a-feature-store, one/what-is-a-feature-store]" in text

    check = run(*common, "--check")
    assert check.returncode == 0, check.stderr
    assert "two.md:5: asked only; answered under 'What is model drift?'" in check.stdout
    review = run(*common, "--review").stdout
    assert "--accept two/how-do-you-notice-that-a-model-drifts what-is-model-drift" not in review
    assert "--accept two/why-adopt-a-feature-store what-is-a-feature-store" not in review
    # deciding twice writes nothing new
    assert "already in" in run(*common, "--accept", "two/how-do-you-notice-that-a-model-drifts", "what-is-model-drift").stdout


def test_unknown_ids_are_refused_without_writing(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(), encoding="utf-8")
    ledger = tmp_path / "overrides.yml"
    ledger.write_text("merge: []\n", encoding="utf-8")
    out = run("--articles", str(arts), "--overrides", str(ledger), "--accept", "one/nope", "what-is-x")
    assert out.returncode == 1 and "unknown question id 'one/nope'" in out.stderr
    assert ledger.read_text(encoding="utf-8") == "merge: []\n"


def test_ci_notices_show_suggestions_for_changed_articles(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(body="## What is model drift?\n\nInputs or targets shift.\n"), encoding="utf-8")
    (arts / "two.md").write_text(article(body="## How do you detect model drift?\n\nCompare windows.\n"), encoding="utf-8")
    out = run("--articles", str(arts), "--check", "--github", "--changed", "two")
    assert out.returncode == 0, out.stderr
    assert "::notice file=" in out.stdout and "two.md,line=5::'How do you detect model drift?' may ask what 'What is model drift?' asks" in out.stdout
