"""Carry an edit made on ruamel's rendering of a document back onto the document's own text.

ruamel.yaml keeps comments and key order but may still respace a line it re-emits (mixed
indentation, `key:   value`, `~`). The commands therefore render the document twice, before and
after the edit, and apply only the lines that differ between the two renderings to the original
text: every line the edit did not touch stays byte for byte as the user wrote it.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import List


def _opcodes(a: List[str], b: List[str]):
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def carry_over(original: List[str], baseline: List[str], edited: List[str]) -> List[str]:
    """`edited`, with the lines it shares with `baseline` taken from `original`.

    `baseline` is ruamel's rendering of `original`; `edited` its rendering after the change.
    """
    if original == baseline:
        return list(edited)
    to_original = _opcodes(original, baseline)
    out: List[str] = []
    for tag, b1, b2, e1, e2 in _opcodes(baseline, edited):
        if tag == "equal":
            out += _original_lines(to_original, original, baseline, b1, b2)
        else:
            out += edited[e1:e2]
    return out


def _original_lines(to_original, original, baseline, b1: int, b2: int) -> List[str]:
    """The original text of baseline[b1:b2], where the two can be matched line for line or block for block."""
    out: List[str] = []
    for tag, o1, o2, c1, c2 in to_original:
        if c1 == c2:  # lines only the original has (ruamel dropped them): keep them when inside
            if b1 <= c1 < b2 or c1 == b2 == len(baseline):
                out += original[o1:o2]
            continue
        start, end = max(b1, c1), min(b2, c2)
        if start >= end:
            continue
        if tag == "equal" or (tag == "replace" and o2 - o1 == c2 - c1):  # line for line (respaced lines)
            out += original[o1 + start - c1 : o1 + end - c1]
        elif tag == "replace" and (start, end) == (c1, c2):
            out += original[o1:o2]  # respaced by ruamel, untouched by the edit: the user's text
        else:
            out += baseline[start:end]
    return out
