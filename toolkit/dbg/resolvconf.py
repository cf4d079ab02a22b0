"""Pure parser and checks for resolv.conf (glibc semantics)."""
from __future__ import annotations

MAXNS = 3  # glibc uses the first three nameservers


def parse_resolv_conf(text: str) -> dict:
    conf = {"nameservers": [], "search": [], "options": {}}
    for line in text.split("\n"):
        line = line.split("#", 1)[0].split(";", 1)[0].strip()
        if not line:
            continue
        key, _, rest = line.partition(" ")
        words = rest.split()
        if key == "nameserver" and words:
            conf["nameservers"].append(words[0])
        elif key in ("search", "domain"):
            conf["search"] = words  # the last search/domain line wins
        elif key == "options":
            for w in words:
                name, sep, value = w.partition(":")
                conf["options"][name] = value if sep else True
    return conf


def ndots(conf: dict) -> int:
    try:
        return min(int(conf["options"].get("ndots", 1)), 15)
    except (TypeError, ValueError):
        return 1


def check(conf: dict) -> "list[str]":
    warnings = []
    if not conf["nameservers"]:
        warnings.append("no nameserver line: glibc falls back to 127.0.0.1, so lookups fail unless a local resolver runs")
    elif len(conf["nameservers"]) > MAXNS:
        warnings.append("%d nameservers: only the first %d are used" % (len(conf["nameservers"]), MAXNS))
    n, search = ndots(conf), conf["search"]
    if n >= 2 and search:
        warnings.append(
            "ndots:%d with %d search domain(s): a name with fewer than %d dots (e.g. api.example.com) is first "
            "tried with each search domain, %d failed queries (x2 for A and AAAA) before the real one; use a "
            "fully qualified name with a trailing dot (api.example.com.) or lower ndots in the pod's dnsConfig"
            % (n, len(search), n, len(search)))
    if len(search) > 6:
        warnings.append("%d search domains: glibc before 2.26 ignores all after the sixth" % len(search))
    return warnings
