"""The glossary: one file of Markdown abbreviations is both the hover text on every page
(pymdownx.snippets appends it) and, through this module, a searchable glossary page."""
from __future__ import annotations

import re

ABBR = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<text>.+?)\s*$")


def read_abbreviations(text: str) -> list[tuple[str, str]]:
    out = [(m.group("term"), m.group("text")) for m in map(ABBR.match, text.splitlines()) if m]
    return sorted(out, key=lambda item: item[0].casefold())


def glossary_page(items: list[tuple[str, str]]) -> str:
    lines = ["---", 'title: "Glossary"', "render_macros: false", "---", "", "# Glossary", "",
             "Acronyms and terms used across the handbook. Hover over an acronym on any page to see its meaning.", ""]
    for term, text in items:
        lines += [f"## {term} {{ #{re.sub(r'[^a-z0-9]+', '-', term.lower()).strip('-')} }}", "", text, ""]
    return "\n".join(lines)
