"""Stage 5: put every entry in exactly one topic, from keyword rules in the topics config.

A keyword is matched on the same normalized, stemmed words grouping uses, so "monitoring",
"monitored" and "monitor" are one keyword, and multi-word keywords match as phrases. Words in
the question count three times as much as words in the answer; the highest score wins and
ties go to the topic listed first. Overrides pin a question's topic.
"""
from __future__ import annotations

import re

from .model import Entry, Topic
from .normalize import clean, rewrite, stem

QUESTION_WEIGHT = 3.0
ANSWER_WEIGHT = 1.0
ANSWER_CAP = 3  # one keyword repeated all over an answer should not outvote the question


def tokens(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", rewrite(clean(text)))]


def _count(needle: tuple[str, ...], hay: list[str]) -> int:
    n = len(needle)
    return sum(1 for i in range(len(hay) - n + 1) if tuple(hay[i : i + n]) == needle)


def topic_scores(entry: Entry, topics: list[Topic]) -> dict[str, float]:
    question = [t for q in entry.members for t in tokens(q.text)]
    question_texts = len(entry.members)
    answer = tokens(" ".join(c.point.text for c in entry.credits if c.point.kind != "code"))
    scores: dict[str, float] = {}
    for topic in topics:
        total = 0.0
        for keyword in topic.keywords:
            needle = tuple(tokens(keyword))
            if not needle:
                continue
            total += QUESTION_WEIGHT * _count(needle, question) / question_texts
            total += ANSWER_WEIGHT * min(_count(needle, answer), ANSWER_CAP)
        scores[topic.id] = round(total, 3)
    return scores


def assign(entries: list[Entry], topics: list[Topic], fallback: str, pinned: dict[str, str]) -> None:
    for entry in entries:
        pin = next((pinned[q.id] for q in entry.members if q.id in pinned), None)
        if pin:
            entry.topic = pin
            continue
        scores = topic_scores(entry, topics)
        best = max(topics, key=lambda t: scores[t.id])  # max keeps the first of equal scores
        entry.topic = best.id if scores[best.id] > 0 else fallback
