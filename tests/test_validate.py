"""Raw HTML policy: a contribution cannot run code on the published site."""
import pytest

from handbook.parse import parse_article
from handbook.validate import validate

from helpers import article


def problems(body: str) -> list[str]:
    parsed, found = parse_article(article(body=body).encode(), "articles/a.md", "a")
    assert found == []
    return [str(p) for p in validate([parsed])]


@pytest.mark.parametrize(
    "snippet, message",
    [
        ("<script>alert(1)</script>", "raw HTML <script> is not allowed"),
        ("<iframe src=x></iframe>", "raw HTML <iframe> is not allowed"),
        ("<object data=x></object>", "raw HTML <object> is not allowed"),
        ("<style>body{display:none}</style>", "raw HTML <style> is not allowed"),
        ("<img src=x onerror=alert(1)>", "event-handler attribute on"),
        ("![x](a.png){: onerror=\"alert(1)\" }", "event-handler attribute on"),
        ("[x](javascript:alert(1))", "only http:, https:, mailto:, relative and #anchor links are allowed"),
        ("[x](JaVaScRiPt&#58;alert(1))", "only http:, https:, mailto:, relative and #anchor links are allowed"),
        ("<a href=\"data:text/html;base64,xx\">x</a>", "only http:, https:, mailto:, relative and #anchor links are allowed"),
    ],
)
def test_dangerous_html_is_reported_with_its_line(snippet, message):
    out = problems(f"## Q?\n\nSafe first line.\n{snippet}\n")
    assert any(o.startswith("articles/a.md:8: ") and message in o for o in out), out


def test_html_in_code_is_fine():
    body = "## How does XSS look?\n\nLike `<script>alert(1)</script>` in a form field.\n\n```html\n<img src=x onerror=alert(1)>\n```\n"
    assert problems(body) == []


def test_prose_mentioning_on_is_not_an_event_handler():
    assert problems("## Q?\n\nTurn monitoring on = good habit; {level} braces are fine.\n") == []


def test_a_list_number_in_a_question_heading_is_reported():
    parsed, _ = parse_article(article(body="## Q12. What is a feature store?\n\nA store.\n\n## 3) Why MLOps?\n\nBecause.\n").encode(),
                              "articles/a.md", "a")
    found = [str(p) for p in validate([parsed])]
    assert any(p.endswith("question heading starts with a list number 'Q12.': drop it") for p in found), found
    assert any(p.endswith("question heading starts with a list number '3)': drop it") for p in found), found
    # a number that is part of the question is fine
    parsed, _ = parse_article(article(body="## What changed in MLflow 3?\n\nTracing.\n").encode(), "articles/a.md", "a")
    assert validate([parsed]) == []


def test_an_emoji_shortcode_is_reported_since_the_page_would_drop_it():
    out = problems("## Q?\n\nSafe first line.\nShip it :rocket: today, at 10:30:00.\n")
    assert out == ["articles/a.md:8: emoji shortcode :rocket: would not show (icons are inline SVG, which pages drop): type the character itself"]


def test_attribute_lists_are_reported_even_when_harmless():
    out = problems("## Q?\n\nSafe first line.\n\nA paragraph\n{: #anchor .note }\n")
    assert out == ["articles/a.md:10: attribute lists ({: ...}) are not allowed in articles: the page template sets ids and classes"]
