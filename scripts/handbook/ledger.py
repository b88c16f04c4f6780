"""Record a reviewer's decision in config/overrides.yml, the merge ledger, by editing its text.

Round-tripping the file through a YAML dumper would drop its comments and reorder it, and the
comments are the ledger's memory (why two questions are one). So a decision is one commented
list item added at the end of the `merge:` or `keep_apart:` block, and every other line stays
as it was.
"""
from __future__ import annotations

import re


def add_pair(text: str, key: str, ids: tuple[str, str], comment: str) -> str:
    """`text` with `- [a, b]` and its comment appended to the top-level `key:` list."""
    item = [f"  # {line}" for line in comment.splitlines()] + [f"  - [{ids[0]}, {ids[1]}]"]
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None)
    if start is None:  # no such block yet: a new one at the end
        body = text.rstrip("\n")
        return (body + "\n\n" if body else "") + "\n".join([f"{key}:", *item]) + "\n"
    head = re.match(rf"({re.escape(key)}\s*:)\s*(.*)$", lines[start])
    rest = head.group(2)
    if rest and not rest.startswith("#"):
        empty = re.fullmatch(r"\[\s*\]\s*(#.*)?", rest)
        if empty:  # `key: []` becomes a block list, keeping its comment
            lines[start] = head.group(1) + (f" {empty.group(1)}" if empty.group(1) else "")
        else:
            raise ValueError(f"{key}: is written as a flow list; write it as a block list ('- [a, b]' lines) to add to it")
    end = start + 1  # after the block's last item: stop at the next top-level line
    last = start
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "-", "#")):
        if lines[end].strip() and not lines[end].startswith("#"):
            last = end
        end += 1
    return "\n".join(lines[: last + 1] + item + lines[last + 1:])
