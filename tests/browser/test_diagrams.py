"""Diagrams in answers render offline with the self-hosted Mermaid, in light and dark mode."""
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def pages_with_diagrams(site_dir: Path) -> dict[str, int]:
    found = {}
    for html in sorted((site_dir / "topics").glob("*/index.html")):
        n = len(re.findall(r'<pre class="mermaid">', html.read_text(encoding="utf-8")))
        if n:
            found[f"/topics/{html.parent.name}/"] = n
    return found


def render(page, base_url: str, path: str, expected: int) -> int:
    page.goto(base_url + path)
    page.wait_for_function(
        "n => Number(document.documentElement.getAttribute('data-hb-diagrams') || 0)"
        "   + Number(document.documentElement.getAttribute('data-hb-diagram-errors') || 0) >= n",
        arg=expected, timeout=30000)
    assert page.evaluate("() => document.documentElement.getAttribute('data-hb-diagram-errors')") is None
    return page.locator(".md-content article div.mermaid").count()


def test_at_least_eight_diagrams_render_offline(page, base_url, site_dir):
    pages = pages_with_diagrams(site_dir)
    assert sum(pages.values()) >= 8, pages
    drawn = {path: render(page, base_url, path, n) for path, n in pages.items()}
    assert drawn == pages
    assert page.console_errors == [] and page.foreign_requests == []


def test_every_diagram_has_a_text_alternative(site_dir):
    for path in pages_with_diagrams(site_dir):
        html = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
        for block in re.findall(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, re.S):
            assert "accTitle:" in block and "accDescr:" in block, block[:80]


def test_mermaid_loads_only_on_pages_with_diagrams(page, base_url):
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if "mermaid.min.js" in r.url else None)
    page.goto(base_url + "/most-asked/")
    page.wait_for_timeout(500)
    assert scripts == []
    # instant navigation to a page with diagrams still uses the self-hosted copy
    page.locator(".md-nav a", has_text="Deployment strategies").first.click()
    page.wait_for_url("**/topics/deployment/")
    page.wait_for_function("() => Number(document.documentElement.getAttribute('data-hb-diagrams') || 0) >= 1", timeout=30000)
    assert len(scripts) == 1 and scripts[0].startswith(base_url)
    assert page.foreign_requests == [] and page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagrams_are_readable_in_both_schemes(browser, base_url, results_dir, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    pg = context.new_page()
    pg.goto(base_url + "/topics/drift-monitoring/")
    pg.wait_for_function("() => Number(document.documentElement.getAttribute('data-hb-diagrams') || 0) >= 2", timeout=30000)
    assert pg.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    diagram = pg.locator(".md-content article div.mermaid").first
    diagram.evaluate("d => d.closest('details').open = true")
    diagram.scroll_into_view_if_needed()
    pg.wait_for_timeout(300)
    box = diagram.bounding_box()
    assert box and box["height"] > 80 and box["width"] > 200
    diagram.screenshot(path=str(results_dir / f"diagram-{scheme}.png"))
    context.close()
