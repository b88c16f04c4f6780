"""Stage 5: put every entry in exactly one topic, from keyword rules in the topics config.

A keyword is matched on the same normalized, stemmed words grouping uses, so "monitoring",
"monitored" and "monitor" are one keyword, and multi-word keywords match as phrases. Words in
the question decide; the answer adds a bounded share that breaks ties. The highest score wins;
on a tie a specific topic beats the fallback, then the topic listed first wins. Overrides pin
a question's topic.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .model import Entry, Topic
from .normalize import clean, rewrite, stem

QUESTION_WEIGHT = 3.0
ANSWER_SHARE = 2.0  # the answer only breaks ties and places questions with no keyword
ANSWER_CAP = 4  # one keyword repeated all over an answer should not outvote the question


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in re.findall(r"[a-z0-9]+", rewrite(clean(text, asides=True), context=False)))


def ngrams(words: tuple[str, ...], longest: int) -> Counter:
    """Counts of every phrase of 1..longest words, so each keyword lookup is O(1)."""
    return Counter(words[i : i + n] for n in range(1, longest + 1) for i in range(len(words) - n + 1))


@lru_cache(maxsize=256)
def compiled(topics: tuple[Topic, ...]) -> tuple[dict[tuple[str, ...], list[tuple[str, float]]], int]:
    """Stemmed phrase -> [(topic id, weight)] for every keyword ('canary*2' weighs 2), and
    the longest phrase length."""
    rules: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for topic in topics:
        for keyword in topic.keywords:
            text, _, weight = keyword.partition("*")
            needle = tokens(text)
            known = rules.setdefault(needle, []) if needle else []
            # "pipeline" and "pipelines" stem alike: count a phrase once per topic
            if needle and all(tid != topic.id for tid, _ in known):
                known.append((topic.id, float(weight or 1)))
    return rules, max((len(n) for n in rules), default=1)


def _hits(counts: Counter, rules: dict, cap: float | None = None) -> dict[str, float]:
    out: dict[str, float] = {}
    for phrase, n in counts.items():
        for topic_id, weight in rules.get(phrase, ()):
            out[topic_id] = out.get(topic_id, 0.0) + weight * (min(n, cap) if cap else n)
    return out


def topic_scores(entry: Entry, topics: list[Topic]) -> dict[str, float]:
    """Question hits weigh QUESTION_WEIGHT each (averaged over the entry's wordings); the
    answer adds at most ANSWER_SHARE in total, split by each topic's share of answer hits,
    so a long answer can break a tie but not outvote the question."""
    rules, longest = compiled(tuple(topics))
    asked: dict[str, float] = {}
    for q in entry.members:
        for topic_id, value in _hits(ngrams(tokens(q.text), longest), rules).items():
            asked[topic_id] = asked.get(topic_id, 0.0) + value / len(entry.members)
    # the short answer and key points say what the entry is about; examples wander
    text = " ".join(c.point.text for c in entry.credits if c.point.kind != "code" and c.point.section in ("summary", "key-points"))
    said = _hits(ngrams(tokens(text), longest), rules, ANSWER_CAP)
    total_said = sum(said.values()) or 1.0
    return {t.id: round(QUESTION_WEIGHT * asked.get(t.id, 0.0) + ANSWER_SHARE * said.get(t.id, 0.0) / total_said, 3) for t in topics}


def assign(entries: list[Entry], topics: list[Topic], fallback: str, pinned: dict[str, str]) -> None:
    for entry in entries:
        pin = next((pinned[q.id] for q in entry.members if q.id in pinned), None)
        if pin:
            entry.topic = pin
            continue
        scores = topic_scores(entry, topics)
        # highest score; on a tie the specific topic beats the catch-all, then config order wins
        best = max(topics, key=lambda t: (scores[t.id], t.id != fallback))
        entry.topic = best.id if scores[best.id] > 0 else fallback
