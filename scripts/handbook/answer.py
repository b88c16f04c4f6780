"""Split an answer into points (paragraphs, list items, code blocks, tables) by section.

A paragraph that starts with a known bold label (`**Key points**`, `**Example:**`,
`**Follow-up:**`, `**Weak answer:**`, `**Correction:**`) opens that section; text before any
label is the short answer ("summary"). Merging works on these points.
"""
from __future__ import annotations

import re

from .model import SECTION_LABELS, Point, Problem

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])( +|$)")
TABLE = re.compile(r"^\s*\|")
HEADING = re.compile(r"^ {0,3}#{3,6} +(.*?)\s*#*\s*$")
_LABELS = {label.casefold(): key for key, label in SECTION_LABELS.items()}
LABEL = re.compile(r"^\*\*(?P<label>[A-Za-z -]+?)\s*[.:]?\*\*\s*[.:]?\s*(?P<rest>.*)$", re.S)


def split_points(answer: str, first_line: int, path: str) -> tuple[list[Point], list[Problem]]:
    """`first_line` is the article line of the answer's first line (for messages)."""
    lines = answer.split("\n")
    # answer was stripped of leading blank lines by the caller; keep numbering aligned
    points: list[Point] = []
    problems: list[Problem] = []
    section = "summary"
    for kind, start, block, ordered in _blocks(lines):
        line_no = first_line + start
        if kind == "para":
            label = LABEL.match(block)
            if label and label.group("label").strip().casefold() in _LABELS:
                section = _LABELS[label.group("label").strip().casefold()]
                block = label.group("rest").strip()
                if not block:
                    continue
        if kind == "heading":
            # a level-3+ heading inside an answer becomes a bold lead-in paragraph
            kind, block = "para", f"**{block}**"
        points.append(Point(kind=kind, text=block, section=section, line=line_no, ordered=ordered))
    return points, problems


def _blocks(lines: list[str]):
    """Yield (kind, start index, markdown, ordered) for each top-level block; `ordered` marks
    an item of a numbered list."""
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            start, marker = i, fence.group(1)
            i += 1
            while i < n and not (lines[i].lstrip().startswith(marker[0] * len(marker)) and not lines[i].strip().strip(marker[0])):
                i += 1
            i = min(i + 1, n)
            yield "code", start, "\n".join(lines[start:i]), False
            continue
        heading = HEADING.match(line)
        if heading:
            yield "heading", i, heading.group(1), False
            i += 1
            continue
        if TABLE.match(line):
            start = i
            while i < n and TABLE.match(lines[i]):
                i += 1
            yield "table", start, "\n".join(lines[start:i]), False
            continue
        item = ITEM.match(line)
        if item:
            start = i
            width = len(item.group(0)) if item.group(1).strip() == "" and item.group(1) else len(item.group(0))
            body = [line[width:]]
            i += 1
            while i < n:
                nxt = lines[i]
                if ITEM.match(nxt) and not nxt.startswith(" "):
                    break
                if not nxt.strip():
                    # a blank line ends the item unless indented content follows
                    if i + 1 < n and lines[i + 1].startswith(("  ", "\t")) and lines[i + 1].strip():
                        body.append("")
                        i += 1
                        continue
                    break
                if not nxt.startswith((" ", "\t")) and (FENCE.match(nxt) or TABLE.match(nxt) or HEADING.match(nxt)):
                    break
                body.append(_dedent(nxt, width))
                i += 1
            yield "item", start, "\n".join(body).rstrip(), item.group(0).strip()[:1].isdigit()
            continue
        start = i
        while i < n and lines[i].strip() and not FENCE.match(lines[i]) and not ITEM.match(lines[i]) and not HEADING.match(lines[i]) and not TABLE.match(lines[i]):
            i += 1
        if i == start:  # defensive: never loop forever on an unexpected line
            i += 1
        yield "para", start, "\n".join(lines[start:i]).strip(), False


def _dedent(line: str, width: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(stripped, width):] if stripped else line
