"""The exact source lines of one item of a block sequence, e.g. one container of `containers:`.

An item runs from its `-` line to the last line, comments included, indented past the `-` before
the next line that is not (blank lines inside it included, trailing ones not). A comment at the
`-` column or left of it is about what follows, and stays outside.
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def item_lines(lines: List[str], seq: Any, index: int) -> Optional[Tuple[int, int]]:
    """[start, end) line range of seq[index] in LINES, or None for a flow-style sequence."""
    if seq.fa.flow_style():
        return None
    start = seq.lc.item(index)[0]
    while start > 0 and not lines[start].lstrip(" ").startswith("-"):
        start -= 1  # `-` alone on its line, the mapping below it
    dash = indent(lines[start])
    end = start + 1
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if not line.strip():
            continue
        if indent(line) <= dash:
            break
        end = number + 1
    return start, end
