"""dbg env: the target's environment, secret-looking values redacted."""
from __future__ import annotations

from dbg.commands.common import target_report
from dbg.environ import parse_environ, redact


def collect(proc, pid: int, show_secrets: bool) -> dict:
    pairs = parse_environ(proc.read_bytes(pid, "environ"))
    env, warnings = [], []
    for name, value in pairs:
        shown, redacted = redact(name, value, show_secrets)
        env.append({"name": name, "value": shown, "redacted": redacted})
        if value is None:
            warnings.append("entry %r has no '=' (not a NAME=value pair)" % name)
    if not pairs:
        warnings.append("empty environment (a kernel thread, a zombie, or a process that cleared it)")
    return {"pid": pid, "env": env, "redacted": sum(e["redacted"] for e in env), "warnings": warnings}


def human(report: dict) -> str:
    from dbg.render import table, warnings_block

    out = table(["NAME", "VALUE"], [[e["name"], "" if e["value"] is None else e["value"]] for e in report["env"]])
    if report["redacted"]:
        out += "(%d values redacted; --show-secrets shows them)\n" % report["redacted"]
    return out + warnings_block(report["warnings"])


def run(args, ctx) -> int:
    target_report(args, ctx, lambda pid: collect(ctx.proc, pid, args.show_secrets), human)
    return 0
