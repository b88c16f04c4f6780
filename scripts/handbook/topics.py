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
ANSWER_SHARE = 2.0  # the answer only breaks ties and places questions with no keyword
ANSWER_CAP = 4  # one keyword repeated all over an answer should not outvote the question


def tokens(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", rewrite(clean(text)))]


def _count(needle: tuple[str, ...], hay: list[str]) -> int:
    n = len(needle)
    return sum(1 for i in range(len(hay) - n + 1) if tuple(hay[i : i + n]) == needle)


def _keyword(keyword: str) -> tuple[tuple[str, ...], float]:
    """'canary' or 'canary*2': the stemmed phrase and its weight."""
    text, _, weight = keyword.partition("*")
    return tuple(tokens(text)), float(weight or 1)


def topic_scores(entry: Entry, topics: list[Topic]) -> dict[str, float]:
    """Question hits weigh QUESTION_WEIGHT each (averaged over the entry's wordings); the
    answer adds at most ANSWER_SHARE in total, split by each topic's share of answer hits,
    so a long answer can break a tie but not outvote the question."""
    question = [[t for t in tokens(q.text)] for q in entry.members]
    # the short answer and key points say what the entry is about; examples wander
    answer = tokens(" ".join(c.point.text for c in entry.credits if c.point.kind != "code" and c.point.section in ("summary", "key-points")))
    asked: dict[str, float] = {}
    said: dict[str, float] = {}
    for topic in topics:
        q_hits = a_hits = 0.0
        for keyword in topic.keywords:
            needle, weight = _keyword(keyword)
            if not needle:
                continue
            q_hits += weight * sum(_count(needle, words) for words in question) / len(question)
            a_hits += weight * min(_count(needle, answer), ANSWER_CAP)
        asked[topic.id], said[topic.id] = q_hits, a_hits
    total_said = sum(said.values()) or 1.0
    return {t.id: round(QUESTION_WEIGHT * asked[t.id] + ANSWER_SHARE * said[t.id] / total_said, 3) for t in topics}


def assign(entries: list[Entry], topics: list[Topic], fallback: str, pinned: dict[str, str]) -> None:
    for entry in entries:
        pin = next((pinned[q.id] for q in entry.members if q.id in pinned), None)
        if pin:
            entry.topic = pin
            continue
        scores = topic_scores(entry, topics)
        best = max(topics, key=lambda t: scores[t.id])  # max keeps the first of equal scores
        entry.topic = best.id if scores[best.id] > 0 else fallback
