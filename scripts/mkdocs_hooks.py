"""MkDocs adapter: run the handbook engine inside `mkdocs build` and `mkdocs serve`.

Pages are added in memory with `File.generated` (nothing is written into docs/, so `serve`
does not loop); the data exports are added as generated files at the site root. All the
work is done by `handbook.pipeline.build`, which knows nothing about MkDocs.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.pipeline import Paths, build  # noqa: E402
from handbook.render import Site  # noqa: E402
from handbook.sanitize import sanitize_html  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_state: dict = {}  # this build's engine result and edit-link base, shared by the events
# overrides/main.html puts this token in the Content-Security-Policy; on_post_page swaps in
# the hashes of the theme's inline scripts on that page.
# (matched with its directive, so page text repeating the token cannot take the hashes).
CSP_HASHES = "script-src 'self' __HANDBOOK_SCRIPT_HASHES__;"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


@event_priority(100)  # before mkdocs-macros reads config.extra
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    repo = (config.repo_url or "").rstrip("/")
    _state["edit_base"] = f"{repo}/edit/main/" if repo else ""
    # HANDBOOK_ARTICLES lets tests build the site from another folder of articles
    articles = Path(os.environ["HANDBOOK_ARTICLES"]) if os.environ.get("HANDBOOK_ARTICLES") else None
    result = build(Paths.default(ROOT, articles), Site(edit_base=_state["edit_base"]))
    if not result.ok:
        listing = "\n".join(str(p) for p in result.problems)
        raise PluginError(f"the handbook's articles have {len(result.problems)} problem(s):\n{listing}")
    _state["build"] = result
    topics = [t for t in result.data["topics"] if t["count"]]
    config.extra["handbook"] = {
        "topics": topics,
        "questions": len(result.entries),
        "source_questions": sum(len(a.questions) for a in result.articles),
        "articles": len(result.articles),
        "merged": sum(1 for e in result.entries if len(e.articles) > 1),
    }
    config.nav = [
        {"Home": "index.md"},
        {"Topics": [{t["title"]: f"topics/{t['id']}.md"} for t in topics]},
        {"Most asked": "most-asked.md"},
        {"Study": ["study.md", "whats-new.md", "review.md"]},
        {"By level": ["levels/junior.md", "levels/mid.md", "levels/senior.md", "tags.md"]},
        *([{"Glossary": "glossary.md"}] if "glossary.md" in result.pages else []),
        {"Sources": ["sources/index.md", *[f"sources/{a.slug}.md" for a in sorted(result.articles, key=lambda a: a.slug)]]},
        {"About": ["about.md", "performance.md", "contributing.md"]},
    ]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    result = _state["build"]
    for path, text in result.pages.items():
        files.append(File.generated(config, path, content=text))
    for path, data in result.files.items():
        files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # A source page's "edit this page" opens the article it was generated from; other
    # generated pages carry per-question edit links instead of a page-level one.
    src = page.file.src_uri
    if page.file.generated_by is not None:
        slug = src.removeprefix("sources/").removesuffix(".md")
        is_article = src.startswith("sources/") and slug != "index"
        page.edit_url = f"{_state['edit_base']}articles/{slug}.md" if is_article and _state["edit_base"] else None
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # Every page the engine generated holds contributed text: pass its HTML through the
    # allowlist (handbook/sanitize.py). The hand-written docs/ pages are the project's own.
    if page.file.generated_by is not None:
        return sanitize_html(html)
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return with_script_hashes(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return with_script_hashes(output)  # 404.html is rendered from a template, not a page


def with_script_hashes(output: str) -> str:
    """Fill the CSP placeholder with a sha256 source for each inline script of the theme.
    They differ per page (Material's bootstrap holds the page's relative base URL), so they
    are hashed page by page. Scripts inside the article are never hashed: content has none
    after sanitizing, and must not be able to add one."""
    if CSP_HASHES not in output:
        return output
    if _state.get("serving"):
        # `mkdocs serve` only: its live-reload script is injected inline with a timestamp,
        # after this hook, so it cannot be hashed. Published builds never take this branch.
        return output.replace(CSP_HASHES, "script-src 'self' 'unsafe-inline';", 1)
    article = ARTICLE.search(output)
    hashes: dict[str, None] = {}
    for match in INLINE_SCRIPT.finditer(output):
        attrs = match.group("attrs")
        if re.search(r"\ssrc\s*=", attrs) or "application/json" in attrs:
            continue  # external files come from 'self'; JSON data never runs
        if article and article.start() <= match.start() < article.end():
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode()
        hashes[f"'sha256-{digest}'"] = None
    return output.replace(CSP_HASHES, f"script-src 'self' {' '.join(hashes)};", 1)
