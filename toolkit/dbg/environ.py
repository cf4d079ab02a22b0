"""Parse /proc/PID/environ and decide which values to redact. Pure.

A value is redacted when its NAME looks secret: one of its parts (split on
``_ - .``) is, or ends with, a secret word (PASSWORD, PASSWD, PASS, PWD except
the shell's PWD/OLDPWD, SECRET, TOKEN, KEY, APIKEY, CREDENTIAL(S), AUTH,
AUTHORIZATION, PRIVATE, DSN, COOKIE, SALT, SIGNATURE, PASSPHRASE, JWT, BEARER,
OTP, WEBHOOK; certificates are public and not redacted) - or when its VALUE is a URL with a password
(``scheme://user:pass@host``): then only the password is redacted, as are
secret-looking query parameters (``?token=...``).  PEM private keys anywhere
are redacted too.
"""
from __future__ import annotations

import re

REDACTED = "<redacted>"
_SECRET_PARTS = frozenset((
    "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "SECRETS", "TOKEN", "TOKENS", "KEY", "KEYS",
    "APIKEY", "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "AUTHORIZATION", "PRIVATE", "DSN",
    "COOKIE", "SALT", "SIGNATURE", "PASSPHRASE", "JWT",
    "BEARER", "OTP", "WEBHOOK",
))
_SECRET_SUFFIXES = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "ACCESSKEY", "PRIVATEKEY")
_NOT_SECRET = frozenset(("PWD", "OLDPWD", "KEYTIMEOUT", "SSH_AUTH_SOCK", "XAUTHORITY", "GPG_TTY"))
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)(?P<pw>[^@\s/]*)(?P<at>@)")
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&](?:[A-Za-z0-9_.-]*(?:token|secret|password|passwd|pwd|key|signature|sig|auth|credential)"
    r"[A-Za-z0-9_.-]*)=)(?P<val>[^&#\s]*)", re.IGNORECASE)
_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_PEM_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def parse_environ(data: bytes) -> "list[tuple[str, str | None]]":
    """(name, value) pairs in order; value None for an entry without '='."""
    out = []
    for item in data.split(b"\0"):
        if not item:
            continue
        text = item.decode("utf-8", "surrogateescape")
        name, sep, value = text.partition("=")
        out.append((name, value if sep else None))
    return out


def is_secret_name(name: str) -> bool:
    upper = name.upper()
    if upper in _NOT_SECRET:
        return False
    for part in re.split(r"[_.\-]+", upper):
        if part in _SECRET_PARTS or (part and part.endswith(_SECRET_SUFFIXES)):
            return True
    return False


def redact(name: str, value: "str | None", show_secrets: bool = False) -> "tuple[str | None, bool]":
    """(value to show, whether anything was redacted)."""
    if value is None or value == "" or show_secrets:
        return value, False
    if _PEM_KEY.search(value):
        return REDACTED, True
    shown = _URL_PASSWORD.sub(lambda m: m.group("head") + (REDACTED if m.group("pw") else "") + m.group("at"), value)
    shown = _QUERY_SECRET.sub(lambda m: m.group("head") + (REDACTED if m.group("val") else ""), shown)
    if is_secret_name(name):
        # a URL whose password was found keeps its host; anything else is the secret itself
        if shown != value and _URL_START.match(value):
            return shown, True
        return REDACTED, True
    return shown, shown != value
