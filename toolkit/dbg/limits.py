"""Pure parser for /proc/PID/limits (fixed-width columns named in the header)."""
from __future__ import annotations


def parse_limits(text: str) -> "list[dict]":
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or "Soft Limit" not in lines[0]:
        return []
    head = lines[0]
    soft, hard, units = head.index("Soft Limit"), head.index("Hard Limit"), head.find("Units")
    out = []
    for line in lines[1:]:
        out.append({
            "name": line[:soft].strip(),
            "soft": line[soft:hard].strip(),
            "hard": (line[hard:units] if units > 0 else line[hard:]).strip(),
            "units": line[units:].strip() if units > 0 else "",
        })
    return out
