"""Human tables and stable JSON output."""
from __future__ import annotations

from dbg.text import json_safe, printable


def table(headers: "list[str]", rows: "list[list[object]]") -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    cells = [[printable(h) for h in headers]]
    cells += [["" if c is None else printable(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for r in cells:
        parts = [c.ljust(w) for c, w in zip(r[:-1], widths[:-1])] + [r[-1]]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def dump_json(obj: object, pretty: bool = False) -> str:
    """JSON text, ASCII only.  Compact (the fast C encoder) unless ``pretty``.

    Undecodable bytes of names (lone surrogates) become ``\\xNN`` text; the
    slower copying pass runs only when the fast dump shows a surrogate.
    """
    import json

    indent = 2 if pretty else None
    text = json.dumps(obj, indent=indent)
    if "\\ud" in text:
        text = json.dumps(json_safe(obj), indent=indent)
    return text + "\n"


def warnings_block(warnings: "list[str]", label: str = "warning") -> str:
    return "".join("%s: %s\n" % (label, printable(w)) for w in warnings)


def octal_mode(mode: "int | None") -> "str | None":
    return None if mode is None else "%04o" % (mode & 0o7777)


def human_size(n: "int | None") -> str:
    if n is None:
        return "?"
    size = float(n)
    for unit in ("B", "K", "M", "G", "T"):
        if size < 1024 or unit == "T":
            return ("%d%s" % (size, unit)) if unit == "B" else ("%.1f%s" % (size, unit))
        size /= 1024
    return str(n)
