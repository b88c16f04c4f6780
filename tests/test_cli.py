"""The command line: exit codes, path:line errors, nothing half-written."""
import subprocess
import sys
from pathlib import Path

from helpers import article

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_handbook.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_check_reports_where_each_question_landed(samples: Path):
    out = run("--articles", str(samples), "--check")
    assert out.returncode == 0, out.stderr
    assert "beta-guide.md:8: merged into 'What is the difference between MLOps and DevOps?' [fundamentals] with alpha-list/" in out.stdout
    assert "gamma-notes.md:12: new question 'How do you secure a model registry?' [governance]" in out.stdout
    assert "ok: 3 articles, 9 questions, 7 after merging" in out.stdout


def test_bad_articles_list_every_problem_and_write_nothing(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "good.md").write_text(article(), encoding="utf-8")
    (arts / "no-front.md").write_text("## Q?\n\nA.\n", encoding="utf-8")
    # asked only, and merging nowhere: an error found after grouping, in the same run as the
    # script in the same article (parse and validation problems no longer hide each other)
    (arts / "empty-answer.md").write_text(article(body="## How do you shard a vector index?\n\n## Why?\n\n<script>x()</script>\n"), encoding="utf-8")
    (arts / "script.md").write_text(article(body="## Q?\n\n<script>x()</script>\n"), encoding="utf-8")
    (arts / "latin1.md").write_bytes(article().encode() + b"caf\xe9\n")
    out_dir = tmp_path / "out"
    out = run("--articles", str(arts), "--out", str(out_dir))
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert any(line.endswith("empty-answer.md:5: question 'How do you shard a vector index?' has no answer and merges into no answered entry: "
                             "write an answer, or merge it into an entry with --accept empty-answer/how-do-you-shard-a-vector-index ENTRY "
                             "(no similar entry)") for line in lines), lines
    assert any("empty-answer.md:9: raw HTML <script> is not allowed" in line for line in lines)
    assert any("no-front.md:1: missing YAML front matter" in line for line in lines)
    assert any("script.md:7: raw HTML <script> is not allowed" in line for line in lines)
    assert any("latin1.md:8: not valid UTF-8" in line for line in lines)
    assert "Traceback" not in out.stderr
    assert lines[-1] == "5 problem(s); nothing was written."
    assert not out_dir.exists()


def test_github_annotations(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "bad.md").write_text("no front matter\n", encoding="utf-8")
    out = run("--articles", str(arts), "--check", "--github")
    assert out.returncode == 1
    assert "::error file=" in out.stdout and "bad.md,line=1::missing YAML front matter" in out.stdout


def test_out_writes_pages_and_data_and_replaces_old_output(samples: Path, tmp_path: Path):
    out_dir = tmp_path / "out"
    (out_dir / "stale").mkdir(parents=True)
    out = run("--articles", str(samples), "--out", str(out_dir))
    assert out.returncode == 0, out.stderr
    assert (out_dir / "docs" / "topics" / "fundamentals.md").is_file()
    assert (out_dir / "site" / "questions.json").is_file()
    assert not (out_dir / "stale").exists()
    # the glossary is built by the engine too, from docs/includes/abbreviations.md
    glossary = (out_dir / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "## PSI { #psi }" in glossary and "Population Stability Index" in glossary


def test_explain_shows_reasons_and_near_misses(samples: Path):
    out = run("--articles", str(samples), "--check", "--explain")
    assert out.returncode == 0
    assert "comparison of the same things: devop, mlop" in out.stdout
    assert "Near misses" in out.stdout


def test_missing_articles_folder_is_a_clean_error(tmp_path: Path):
    out = run("--articles", str(tmp_path / "nope"), "--check")
    assert out.returncode == 1 and "articles folder not found" in out.stderr and "Traceback" not in out.stderr


def test_since_reports_only_the_articles_a_change_touches(tmp_path: Path, samples: Path):
    import shutil

    arts = tmp_path / "articles"
    shutil.copytree(samples, arts)
    git = ["git", "-c", "user.email=t@example.test", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=tmp_path, check=True)
    (arts / "delta-new.md").write_text(article(body="## What is a canary release?\n\nA small slice of traffic first.\n"), encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    out = run("--articles", str(arts), "--check", "--since", "HEAD")
    assert out.returncode == 0, out.stderr
    assert "delta-new.md:5: merged into 'What is a canary deployment?' [deployment] with beta-guide/what-is-a-canary-deployment" in out.stdout
    assert "alpha-list.md" not in out.stdout


def test_an_overrides_file_that_does_not_exist_is_an_error(samples: Path, tmp_path: Path):
    out = run("--articles", str(samples), "--check", "--overrides", str(tmp_path / "missing.yml"))
    assert out.returncode == 1 and "missing.yml:1: overrides file not found" in out.stderr


def test_a_near_miss_already_merged_by_an_override_is_not_reported(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.md").write_text(article(body="## How do you monitor model drift?\n\nCompare live inputs with training data.\n"), encoding="utf-8")
    (arts / "two.md").write_text(article(body="## How do you monitor model drift in production pipelines at scale with alerts?\n\n"
                                              "Alert on drift statistics per feature.\n"
                                              "## What is a feature store?\n\nA shared store of features.\n"
                                              "## What is model evaluation?\n\nMeasuring a model on held-out data.\n"), encoding="utf-8")
    before = run("--articles", str(arts), "--check")
    assert "near miss (0.54) with two/how-do-you-monitor-model-drift-in-production:" in before.stdout, before.stdout
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("merge:\n  - [one/how-do-you-monitor-model-drift, two/how-do-you-monitor-model-drift-in-production]\n",
                         encoding="utf-8")
    after = run("--articles", str(arts), "--check", "--overrides", str(overrides))
    assert after.returncode == 0, after.stderr + after.stdout
    assert "merged into" in after.stdout and "near miss" not in after.stdout, after.stdout
