"""Making arbitrary file names and values safe to print.

Names read from the kernel are bytes; dbg decodes them with ``surrogateescape``
so undecodable bytes survive as lone surrogates.  ``printable`` turns them into
``\\xNN`` and control characters (newline, tab, ...) into backslash escapes, so
every name fits on one line.  ``json_safe`` only does the first part, leaving
control characters to the JSON encoder.
"""
from __future__ import annotations

_CONTROL = {i: "\\x%02x" % i for i in range(32)}
_CONTROL.update({0x7F: "\\x7f", ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


def undecodable_to_escapes(s: str) -> str:
    """Replace surrogate-escaped bytes in ``s`` by ``\\xNN`` text."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        pass
    try:
        raw = s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return s.encode("utf-8", "backslashreplace").decode("ascii")
    return raw.decode("utf-8", "backslashreplace")


def printable(s: object) -> str:
    """One-line, encodable rendering of ``s`` for human output."""
    if not isinstance(s, str):
        s = str(s)
    if s.isprintable():
        return s
    return undecodable_to_escapes(s).translate(_CONTROL)


def json_safe(obj: object) -> object:
    """Copy of ``obj`` whose strings are valid Unicode (surrogates escaped)."""
    if isinstance(obj, str):
        return obj if obj.isprintable() else undecodable_to_escapes(obj)
    if isinstance(obj, dict):
        return {json_safe(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    return obj
