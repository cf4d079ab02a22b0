"""Keep comments where they were when content is added or removed around them.

ruamel.yaml stores the comment lines that follow a block with the last scalar inside it. Remove
that scalar, and the comment (often about the next section, e.g. `# volumes below`) goes too;
append after it, and the new content lands below the comment. `trailing_comment_kept` detaches
the comment before a change and attaches it after the last scalar of the changed block; `pop`
deletes a key but leaves the comment lines below it in front of the next key.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, Optional, Tuple

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


def _last_scalar(parent: Any, key: Any) -> Optional[Tuple[Any, Any, int]]:
    """(collection, key, comment slot) of the last scalar under parent[key], for block style only."""
    slot = 2 if isinstance(parent, CommentedMap) else 0
    value = parent[key]
    while isinstance(value, (CommentedMap, CommentedSeq)):
        if not len(value) or value.fa.flow_style():
            return None  # a flow collection's comments belong to the next key
        parent = value
        key = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        slot = 2 if isinstance(value, CommentedMap) else 0
        value = parent[key]
    return parent, key, slot


def _take(parent: Any, key: Any) -> Any:
    found = _last_scalar(parent, key)
    if found is None:
        return None
    node, last, slot = found
    entry = node.ca.items.get(last)
    if not entry or len(entry) <= slot or entry[slot] is None:
        return None
    token, entry[slot] = entry[slot], None
    return token


def _put(parent: Any, key: Any, token: Any) -> None:
    found = _last_scalar(parent, key)
    if found is None:
        return
    node, last, slot = found
    entry = node.ca.items.setdefault(last, [None, None, None, None])
    if entry[slot] is None:
        entry[slot] = token


def _has(parent: Any, key: Any) -> bool:
    if isinstance(parent, CommentedSeq):
        return isinstance(key, int) and 0 <= key < len(parent)
    return key in parent


@contextmanager
def trailing_comment_kept(parent: Any, key: Any, after: Any = None) -> Iterator[None]:
    """Move the comment after parent[key]'s block to after parent[AFTER] (default KEY) once the change is done.

    PARENT is a mapping (KEY a key) or a sequence (KEY an index).
    """
    token = _take(parent, key) if _has(parent, key) else None
    yield
    if token is None:
        return
    end = after if after is not None else key
    if _has(parent, end):
        _put(parent, end, token)
    elif _has(parent, key):
        _put(parent, key, token)


def pop(mapping: Any, key: str) -> None:
    """Delete KEY (if there); comment lines after its block stay, in front of the key that follows."""
    if key not in mapping:
        return
    keys = list(mapping)
    following = keys[keys.index(key) + 1] if keys[-1] != key else None
    token = _take(mapping, key) if following is not None else None
    del mapping[key]
    lines = token.value.split("\n", 1)[1] if token is not None and "\n" in token.value else ""
    if lines.strip():  # the first line was the end-of-line comment of the deleted block: gone with it
        entry = mapping.ca.items.setdefault(following, [None, None, None, None])
        entry[1] = [CommentToken(lines, CommentMark(0), None)] + (entry[1] or [])
