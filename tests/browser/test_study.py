"""Study mode, frequency order and diagrams, as a reader uses them in Chromium."""
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
TOPIC = "/topics/drift-monitoring/"


def progress(page) -> tuple[int, int]:
    text = page.locator(".hb-progress").text_content()
    match = re.fullmatch(r"(\d+) of (\d+) known", text.strip())
    assert match, text
    return int(match[1]), int(match[2])


def visible_questions(page) -> int:
    return page.eval_on_selector_all(".md-content article h2[id]", "hs => hs.filter(h => !h.hidden && h.nextElementSibling).length")


def test_every_question_has_two_marks_that_survive_a_reload(page, base_url):
    page.goto(base_url + TOPIC)
    questions = page.eval_on_selector_all("details.answer", "ds => ds.length")
    assert page.locator("button[data-study='known']").count() == questions
    assert page.locator("button[data-study='again']").count() == questions
    assert progress(page) == (0, questions)
    known = page.locator("button[data-study='known']")
    known.nth(0).click()
    known.nth(2).click()
    page.locator("button[data-study='again']").nth(1).click()
    assert progress(page) == (2, questions)
    assert known.nth(0).get_attribute("aria-pressed") == "true"
    page.reload()
    page.wait_for_selector(".hb-progress")
    assert progress(page) == (2, questions)
    assert page.locator("button[data-study='known'][aria-pressed='true']").count() == 2
    assert page.locator("button[data-study='again'][aria-pressed='true']").count() == 1
    # pressing a pressed mark clears it
    page.locator("button[data-study='known'][aria-pressed='true']").first.click()
    assert progress(page) == (1, questions)
    assert page.console_errors == [] and page.foreign_requests == []


def test_filters_show_all_unknown_or_marked_for_review(page, base_url):
    page.goto(base_url + TOPIC)
    total = visible_questions(page)
    page.locator("button[data-study='known']").nth(0).click()
    page.locator("button[data-study='again']").nth(1).click()
    page.get_by_role("button", name="Not yet known").click()
    assert visible_questions(page) == total - 1
    page.get_by_role("button", name="Marked for review").click()
    assert visible_questions(page) == 1
    assert page.get_by_role("button", name="Marked for review").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="All", exact=True).click()
    assert visible_questions(page) == total


def test_home_page_shows_progress_per_topic(page, base_url):
    page.goto(base_url + TOPIC)
    page.locator("button[data-study='known']").nth(0).click()
    page.goto(base_url + "/")
    item = page.locator(".hb-home-progress__item[data-topic='drift-monitoring']")
    item.wait_for()
    assert re.search(r"\b1 of \d+ known", item.text_content())
    assert re.search(r"\b0 of \d+ known", page.locator(".hb-home-progress__item[data-topic='cicd']").text_content())


def test_topic_page_is_ordered_by_how_many_lists_ask(page, base_url):
    page.goto(base_url + TOPIC)
    counts = [int(m) for m in re.findall(r"Asked in (\d+) of \d+ lists", page.locator(".md-content article").inner_text())]
    assert counts and counts == sorted(counts, reverse=True)
    assert len(counts) == page.locator("details.answer").count()


def test_flashcards_by_keyboard_with_again_cards_coming_back_sooner(page, base_url):
    page.goto(base_url + "/study/?topic=drift-monitoring")
    card = page.locator(".hb-card")
    card.wait_for()
    first = card.get_attribute("data-card")
    assert first and page.locator("#hb-card-answer").is_hidden()
    page.keyboard.press("Space")
    page.locator("#hb-card-answer details, #hb-card-answer p").first.wait_for()
    assert page.locator("#hb-card-answer").is_visible()
    page.keyboard.press("a")  # review again: back after a couple of cards
    seen = [card.get_attribute("data-card")]
    assert seen[0] != first
    page.keyboard.press("k")
    seen.append(card.get_attribute("data-card"))
    page.keyboard.press("ArrowRight")
    seen.append(card.get_attribute("data-card"))
    page.keyboard.press("k")
    seen.append(card.get_attribute("data-card"))
    assert first in seen, seen  # the "again" card came back within four cards
    state = page.evaluate("() => JSON.parse(localStorage.getItem('mlops-handbook-study'))")
    assert state["cards"][first]["mark"] == "again" and state["cards"][first]["box"] == 1
    assert sum(1 for c in state["cards"].values() if c.get("mark") == "known") == 2
    assert page.console_errors == [] and page.foreign_requests == []


def test_flashcards_walk_the_whole_handbook(page, base_url):
    page.goto(base_url + "/study/")
    page.locator(".hb-card").wait_for()
    topics = set()
    for _ in range(6):
        topics.add(page.locator(".hb-card__topic-name").text_content().split(" · ")[0])
        page.keyboard.press("ArrowRight")
    assert page.locator(".hb-card__topic").input_value() == ""
    assert len(topics) >= 2


def test_export_import_round_trip_and_reset(page, base_url, tmp_path):
    page.goto(base_url + TOPIC)
    page.locator("button[data-study='known']").nth(0).click()
    page.locator("button[data-study='again']").nth(3).click()
    page.goto(base_url + "/study/")
    page.get_by_role("button", name="Export progress").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert sorted(c["mark"] for c in exported["cards"].values()) == ["again", "known"]
    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Reset progress").click()
    assert page.evaluate("() => Object.keys(JSON.parse(localStorage.getItem('mlops-handbook-study')).cards).length") == 0
    page.locator(".hb-progress-tools input[type=file]").set_input_files(str(saved))
    page.wait_for_function("() => /Imported/.test(document.querySelector('.hb-progress-tools__message').textContent)")
    restored = page.evaluate("() => JSON.parse(localStorage.getItem('mlops-handbook-study'))")
    assert restored["cards"] == exported["cards"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"cards": {"x": {"mark": "maybe"}}}', encoding="utf-8")
    page.locator(".hb-progress-tools input[type=file]").set_input_files(str(bad))
    page.wait_for_function("() => /nothing changed/.test(document.querySelector('.hb-progress-tools__message').textContent)")
    assert page.evaluate("() => JSON.parse(localStorage.getItem('mlops-handbook-study'))")["cards"] == exported["cards"]
    page.goto(base_url + TOPIC)
    assert progress(page)[0] == 1
    assert page.console_errors == [] and page.foreign_requests == []


def test_marks_work_after_instant_navigation(page, base_url):
    page.goto(base_url + "/")
    page.locator("article a", has_text="Deployment strategies").first.click()
    page.wait_for_url("**/topics/deployment/")
    page.wait_for_selector(".hb-progress")
    page.locator("button[data-study='known']").first.click()
    assert progress(page)[0] == 1
    assert page.locator(".hb-studybar").count() == 1
    assert page.console_errors == []


def test_printing_hides_every_study_control(page, base_url):
    page.goto(base_url + TOPIC)
    page.wait_for_selector(".hb-studybar")
    page.emulate_media(media="print")
    for selector in (".hb-study", ".hb-studybar", ".hb-toolbar"):
        assert page.locator(selector).first.is_hidden(), selector
    page.goto(base_url + "/study/")
    page.locator(".hb-card").wait_for(state="attached")
    assert page.locator(".hb-flashcards").is_hidden() and page.locator(".hb-progress-tools").is_hidden()


@pytest.mark.parametrize("path", ["/", TOPIC, "/study/", "/whats-new/", "/review/"])
def test_study_pages_have_no_serious_accessibility_violations(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_timeout(300)
    if path == "/study/":
        page.locator(".hb-card").wait_for()
        page.keyboard.press("Space")
        page.wait_for_timeout(300)
    # evaluated, not injected as a <script>: the site's Content-Security-Policy blocks inline script tags
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length, target: v.nodes[0].target}))")
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    assert page.console_errors == [] and page.foreign_requests == []


def test_no_inline_scripts_styles_or_handlers(site_dir: Path):
    """The site runs under `script-src 'self'`, and a sanitizer strips style and on* attributes."""
    offenders = []
    for name in ("index.html", "study/index.html", "topics/drift-monitoring/index.html"):
        html = (site_dir / name).read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        if re.search(r"<script(?![^>]*\bsrc=)", article) or re.search(r"\s(on[a-z]+|style)=", article):
            offenders.append(name)
    assert offenders == []
