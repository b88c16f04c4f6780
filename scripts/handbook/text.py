"""Small text helpers shared by several stages."""
from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# "Q12. ", "3) ", "Question 4: ": a source list's numbering in front of a question
LIST_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):]\s+", re.I)


def slugify(text: str, max_words: int = 8, max_length: int = 64) -> str:
    """A lowercase ASCII slug of at most `max_words` words, cut at a word boundary: short
    enough to read in a URL and to quote in config files."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(_NON_WORD.sub("-", ascii_text.lower()).strip("-").split("-")[:max_words])
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "question"


def unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3` ... whichever is free; records the choice in `taken`."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def word_count(markdown: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’./-]*", markdown))
