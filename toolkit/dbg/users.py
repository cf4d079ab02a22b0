"""UID -> name from an /etc/passwd text. Pure."""
from __future__ import annotations


def parse_passwd(text: str) -> "dict[int, str]":
    names: "dict[int, str]" = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        parts = line.split(":")
        if len(parts) >= 3:
            try:
                names.setdefault(int(parts[2]), parts[0])
            except ValueError:
                continue
    return names
