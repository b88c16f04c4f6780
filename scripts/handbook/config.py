"""Read the project configuration: topic definitions and merge overrides.

Both files are optional on disk for the overrides (no overrides is normal) and have clear
`path:line: message` errors. Overrides are checked against the parsed questions, so a typo in
a question id is reported instead of silently doing nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .group import Overrides
from .model import Problem, Topic
from .parse import refused_yaml

TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    return 1


def _load(path: Path, shown: str) -> tuple[object, str, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, "", [Problem(shown, 1, "not valid UTF-8")]
    try:
        # overrides.yml is edited by pull requests too: no aliases (an alias bomb), no tags
        refused = refused_yaml(text)
        if refused:
            return None, text, [Problem(shown, line + 1, message.replace("in front matter", "in config")) for line, message in refused]
        return yaml.safe_load(text), text, []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, text, [Problem(shown, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(err, 'problem', err)}")]
    except (ValueError, OverflowError, RecursionError) as err:
        return None, text, [Problem(shown, 1, f"not valid YAML: {err}")]


def load_topics(path: Path, shown: str) -> tuple[list[Topic], str, list[Problem]]:
    data, text, problems = _load(path, shown)
    if problems:
        return [], "", problems
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list) or not data["topics"]:
        return [], "", [Problem(shown, 1, "topics config needs a non-empty 'topics:' list")]
    topics: list[Topic] = []
    seen: set[str] = set()
    for item in data["topics"]:
        tid = str(item.get("id", "")) if isinstance(item, dict) else ""
        line = _line_of(text, f"id: {tid}") if tid else 1
        if not isinstance(item, dict) or not TOPIC_ID.match(tid):
            problems.append(Problem(shown, line, "each topic needs an 'id' made of lowercase letters, digits and hyphens"))
            continue
        if tid in seen:
            problems.append(Problem(shown, line, f"duplicate topic id {tid!r}"))
        seen.add(tid)
        keywords = item.get("keywords") or []
        if not item.get("title") or not isinstance(keywords, list):
            problems.append(Problem(shown, line, f"topic {tid!r} needs a 'title' and a 'keywords' list"))
            continue
        topics.append(Topic(id=tid, title=str(item["title"]), description=str(item.get("description", "")).strip(), keywords=tuple(map(str, keywords)), icon=str(item.get("icon", ""))))
    fallback = str(data.get("fallback", topics[0].id if topics else ""))
    if topics and fallback not in seen:
        problems.append(Problem(shown, _line_of(text, "fallback"), f"fallback topic {fallback!r} is not defined"))
    return topics, fallback, problems


def load_overrides(path: Path, shown: str, question_ids: set[str], topic_ids: set[str],
                   asked_only: set[str] = frozenset()) -> tuple[Overrides, list[Problem]]:
    """`asked_only`: ids of questions with no answer, which cannot name their entry."""
    if not path.exists():
        return Overrides(), [Problem(shown, 1, "overrides file not found")]
    data, text, problems = _load(path, shown)
    if problems:
        return Overrides(), problems
    data = data or {}
    if not isinstance(data, dict):
        return Overrides(), [Problem(shown, 1, "overrides must be a mapping with merge, keep_apart, canonical, topics")]
    for key in sorted(set(data) - {"merge", "keep_apart", "canonical", "topics"}):
        problems.append(Problem(shown, _line_of(text, f"{key}:"), f"unknown overrides key {key!r}"))

    def known(qid: object) -> bool:
        if isinstance(qid, str) and qid in question_ids:
            return True
        problems.append(Problem(shown, _line_of(text, str(qid)), f"unknown question id {qid!r}: ids look like '<article slug>/<question slug>' (see --explain)"))
        return False

    def groups(key: str) -> tuple[tuple[str, ...], ...]:
        out = []
        for ids in data.get(key) or []:
            if not isinstance(ids, list) or len(ids) < 2:
                problems.append(Problem(shown, _line_of(text, str(ids)), f"each {key} entry is a list of two or more question ids"))
                continue
            good = [q for q in ids if known(q)]
            if len(good) == len(ids):
                out.append(tuple(good))
        return tuple(out)

    merge, apart = groups("merge"), groups("keep_apart")
    canonical = {q: q for q in data.get("canonical") or [] if known(q)}
    for q in sorted(set(canonical) & asked_only):
        problems.append(Problem(shown, _line_of(text, q), f"canonical {q} has no answer of its own, so it cannot name its entry"))
        del canonical[q]
    topics = {}
    for qid, tid in (data.get("topics") or {}).items():
        if known(qid):
            if tid not in topic_ids:
                problems.append(Problem(shown, _line_of(text, str(qid)), f"unknown topic {tid!r} for {qid}"))
            else:
                topics[qid] = tid
    return Overrides(merge=merge, keep_apart=apart, canonical=canonical, topics=topics), problems
