"""The real `mkdocs build --strict`, on the sample articles and on the handbook itself."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(site_dir: Path, articles: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if articles is not None:
        env["HANDBOOK_ARTICLES"] = str(articles)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sample-site")
    out = mkdocs_build(site, ROOT / "tests" / "fixtures" / "articles")
    assert out.returncode == 0, out.stderr
    return site


def test_generated_pages_and_exports_are_served(sample_site: Path):
    for rel in ("index.html", "topics/fundamentals/index.html", "sources/alpha-list/index.html", "most-asked/index.html",
                "glossary/index.html", "questions.json", "questions.csv", "mlops-interview-handbook.apkg"):
        assert (sample_site / rel).is_file(), rel
    data = json.loads((sample_site / "questions.json").read_text(encoding="utf-8"))
    assert len(data["questions"]) == 7


def test_search_splits_question_punctuation_off_words(sample_site: Path):
    """Material's search appends * to each query word, so "registry*" also matched a title's
    rare token "registry?" and outranked the question that is about model registries. Every
    title and text token must be a bare word."""
    index = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = {t for doc in index["docs"] for t in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])) if t}
    assert any(t.lower() == "mlops" for t in tokens)
    assert not [t for t in tokens if t[-1] in "?;"]


def test_related_questions_link_below_the_answer_and_stay_out_of_search(sample_site: Path):
    html = (sample_site / "topics" / "drift-monitoring" / "index.html").read_text(encoding="utf-8")
    lines = re.findall(r'<p class="hb-related" data-search-exclude(?:="")?>(.*?)</p>', html, re.S)
    assert lines, "a related line under the answer"
    assert any('#how-do-you-handle-model-drift-in-production">How do you handle model drift in production?</a>' in line for line in lines)
    index = (sample_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Related:" not in index


def test_question_is_a_heading_with_its_answer_collapsed_below(sample_site: Path):
    html = (sample_site / "topics" / "fundamentals" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<h2 id="what-is-mlops">.*?</h2>\s*(.*?)<details class="answer">', html, re.S)
    assert match, "the answer must be a closed <details> right after the question heading"
    assert "<details class=\"answer\" open" not in html
    assert 'href="#what-is-mlops"' in html  # in the table of contents


def test_template_syntax_in_answers_renders_literally(sample_site: Path):
    html = (sample_site / "topics" / "cicd" / "index.html").read_text(encoding="utf-8")
    assert "secrets.DEPLOY_TOKEN" in html
    assert "{{ secrets.X }}" in html and "{% raw %}" in html


def test_home_page_lists_topics_with_counts_through_macros(sample_site: Path):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="topics/fundamentals/">.*?fundamentals</a></td>\s*<td>2</td>', html)
    assert "{{" not in html and "{%" not in html


def test_edit_link_of_a_source_page_opens_its_article(sample_site: Path):
    html = (sample_site / "sources" / "beta-guide" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/articles/beta-guide\.md"[^>]*title="Edit this page"', html)


def test_no_third_party_requests_in_built_html(sample_site: Path):
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        srcs = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert [s for s in srcs if "127.0.0.1" not in s] == [], (page, srcs)
        assert 'data-md-component="source"' not in text  # would fetch repository facts from the GitHub API


def test_bad_article_fails_the_build_with_path_and_line(tmp_path: Path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "broken.md").write_text("---\ntitle: x\n---\n\n## Q?\n\n<iframe src=x></iframe>\n", encoding="utf-8")
    site = tmp_path / "site"
    out = mkdocs_build(site, arts)
    assert out.returncode != 0
    assert "broken.md:7: raw HTML <iframe> is not allowed" in out.stderr
    assert not (site / "index.html").exists()


def test_the_handbook_itself_builds_strictly(tmp_path: Path):
    out = mkdocs_build(tmp_path / "site")
    assert out.returncode == 0, out.stderr
    assert "WARNING" not in out.stderr


def test_level_pages_and_tags_index(sample_site: Path):
    junior = (sample_site / "levels" / "junior" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../topics/fundamentals/#what-is-mlops"' in junior
    assert "What is model drift?" not in junior  # that one is marked {level=mid}
    tags = (sample_site / "tags" / "index.html").read_text(encoding="utf-8")
    assert "junior" in tags and 'href="../topics/fundamentals/"' in tags


def copy_project(dest: Path) -> Path:
    import shutil

    for name in ("mkdocs.yml", "docs", "overrides", "scripts", "config", "articles", "CONTRIBUTING.md"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def build_copy(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("HANDBOOK_ARTICLES", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_an_undefined_macro_variable_fails_the_build(tmp_path: Path):
    project = copy_project(tmp_path)
    (project / "docs" / "about.md").write_text("---\nrender_macros: true\n---\n\n# About\n\n{{ handbook.no_such_thing }}\n", encoding="utf-8")
    out = build_copy(project)
    assert out.returncode != 0
    assert "no_such_thing" in out.stderr


def test_answers_stay_literal_even_if_macros_render_every_page(tmp_path: Path):
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("render_by_default: false", "render_by_default: true")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "articles" / "zz-templates.md").write_text(
        "---\ntitle: Templates\n---\n\n## How do you pass a secret to a GitHub Actions job?\n\n"
        "Reference it as {{ secrets.DEPLOY_TOKEN }} in the workflow; Jinja's {% raw %} is not needed.\n", encoding="utf-8")
    # docs/ pages opt out explicitly here, as the handbook's generated pages always do
    for page in (project / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        if "render_macros: true" not in text and text.startswith("---\n"):
            page.write_text(text.replace("---\n", "---\nrender_macros: false\n", 1), encoding="utf-8")
    out = build_copy(project)
    assert out.returncode == 0, out.stderr
    html = "".join(p.read_text(encoding="utf-8") for p in (project / "site" / "topics").rglob("*.html"))
    assert "{{ secrets.DEPLOY_TOKEN }}" in html and "{% raw %}" in html


def test_every_page_carries_the_csp_with_a_hash_for_each_theme_script(sample_site: Path):
    import base64
    import hashlib

    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert policy and "__HANDBOOK" not in html, page
        assert "default-src 'self'; script-src 'self' 'sha256-" in policy.group(1), page
        assert "object-src 'none'; base-uri 'self'; form-action 'none'" in policy.group(1)
        assert html.index("Content-Security-Policy") < html.index("<script")  # before any script runs
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            if "src=" not in attrs and "application/json" not in attrs:
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in policy.group(1), (page, body[:60])
