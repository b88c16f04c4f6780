"""Plain data shared by every stage. No behaviour beyond small derived properties."""
from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("junior", "mid", "senior")

# Labelled parts of an answer, in the order a merged answer shows them.
SECTIONS = ("summary", "key-points", "example", "follow-up", "weak-answer", "correction")
SECTION_LABELS = {
    "key-points": "Key points",
    "example": "Example",
    "follow-up": "Follow-up",
    "weak-answer": "Weak answer",
    "correction": "Correction",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Point:
    """One block of an answer: a paragraph, a list item, a code block or a table."""

    kind: str  # "para" | "item" | "code" | "table"
    text: str  # Markdown of the block, list marker removed for items
    section: str  # one of SECTIONS
    line: int  # line in the article where the block starts
    ordered: bool = False  # an item of a numbered list: the merged answer keeps the numbers


@dataclass(frozen=True)
class Source:
    name: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    license: str = ""


@dataclass(frozen=True)
class Question:
    """A level-2 heading of an article and the answer below it."""

    id: str  # "<article slug>/<question slug>", unique across the handbook
    article: str  # article slug
    text: str  # the heading as written (attributes removed)
    line: int  # line of the heading
    level: str
    answer: str  # the answer's Markdown, as written ("" for a question asked only)
    points: tuple[Point, ...] = ()

    @property
    def asked_only(self) -> bool:
        """No answer of its own: it may only join an entry that another question answers."""
        return not any(ch.isalnum() for ch in self.answer)


@dataclass(frozen=True)
class Article:
    slug: str
    path: str  # as given to the engine, for messages and edit links
    title: str
    source: Source
    level: str
    added: str  # ISO date or "" - orders articles so that older ones name merged questions
    intro: str
    questions: tuple[Question, ...] = ()
    reviewed: str = ""  # ISO date the answers were last checked, or "" (then `added` stands in)
    intro_line: int = 0  # line where the introduction starts (0: no introduction)

    @property
    def label(self) -> str:
        """Short credit used next to merged answer points."""
        name = self.source.name
        if name and name.lower() != "publisher unknown":
            return name
        return self.title


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    keywords: tuple[str, ...]
    icon: str = ""


@dataclass(frozen=True)
class Credit:
    """A merged answer point and every question whose answer said it."""

    point: Point
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Absorbed:
    """A point left out of the merged answer because a kept point says the same."""

    point: Point
    question_id: str
    kept_by: str  # question id whose point was kept
    similarity: float
    reason: str = "repeats"  # "repeats" a kept point, "restates" the kept answer, or "over budget"


@dataclass(eq=False)  # entries are compared by identity: each is one merged question
class Entry:
    """One merged question: a group of source questions that ask the same thing."""

    id: str
    canonical: Question
    members: tuple[Question, ...]  # canonical first, then handbook order
    credits: list[Credit] = field(default_factory=list)
    absorbed: list[Absorbed] = field(default_factory=list)
    topic: str = ""
    level: str = "mid"
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # ids of other entries on the same subject (see related.py)
    lead_id: str = ""  # the question whose answer leads the merged answer ("" : the canonical one)

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for q in self.members:
            seen.setdefault(q.article, None)
        return tuple(seen)

    @property
    def also_asked_as(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for q in self.members[1:]:
            if q.text.casefold() != self.canonical.text.casefold():
                seen.setdefault(q.text, None)
        return tuple(t for t in seen if t.casefold() != self.canonical.text.casefold())
