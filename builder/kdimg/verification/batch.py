"""Run many check commands in one container exec, and read their results back."""
from __future__ import annotations

import shlex

SEP_FIELD = "\x1f"
SEP_RECORD = "\x1e"


def batch_script(checks: "dict[str, str]") -> str:
    """One shell script running every check; records: name, exit code, last output lines."""
    lines = [
        "kdimg_check() {",
        "  out=$(sh -c \"$2\" 2>&1 </dev/null); rc=$?",
        f"  printf '%s{SEP_FIELD}%s{SEP_FIELD}%s{SEP_RECORD}' \"$1\" \"$rc\" \"$(printf '%s' \"$out\" | tail -n 3)\"",
        "}",
    ]
    lines += [f"kdimg_check {shlex.quote(name)} {shlex.quote(cmd)}" for name, cmd in checks.items()]
    return "\n".join(lines)


def parse_batch(output: str) -> "dict[str, tuple[int, str]]":
    results = {}
    for record in output.split(SEP_RECORD):
        parts = record.split(SEP_FIELD)
        if len(parts) == 3:
            results[parts[0].lstrip("\n")] = (int(parts[1]), parts[2])
    return results
