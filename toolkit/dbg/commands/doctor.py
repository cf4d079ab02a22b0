"""dbg doctor: run the checks on the target and print findings, most serious first.

Severities: error (the app is likely broken by it, e.g. a secret it cannot
read), warning (a trap, e.g. a subPath Secret that never updates, ndots:5),
info (worth knowing).  Exit status 1 when there is any error-level finding,
else 0.  A check that cannot run becomes a warning, never a crash.
"""
from __future__ import annotations

from dbg.errors import DbgError, ProcessGone

SEVERITIES = ("error", "warning", "info")
PERMISSION_HINT = ("make the file readable for the app: defaultMode (e.g. 0440) together with "
                   "securityContext.fsGroup, or runAsUser/runAsGroup matching the owner")


def _finding(severity: str, check: str, message: str, hint: "str | None" = None) -> dict:
    return {"severity": severity, "check": check, "message": message, "hint": hint}


def check_mounts(proc, pid: int) -> "list[dict]":
    from dbg.atomicwriter import SUBPATH_WARNING, SYMLINK_WARNING
    from dbg.commands.inspect_mounts import inspect

    report = inspect(proc, pid)
    out = [_finding("warning", "mounts", w) for w in report["warnings"]]
    for m in report["mounts"]:
        mp = m["mount_point"]
        for w in m["warnings"]:
            if w == SUBPATH_WARNING:
                out.append(_finding("warning", "subpath", "%s (%s): %s" % (mp, m["kind"], w)))
            elif w == SYMLINK_WARNING:
                out.append(_finding("info", "symlinks", "%s (%s): %s" % (mp, m["kind"], w)))
            elif w.startswith("permission denied") or "cannot list or enter" in w:
                out.append(_finding("error", "permissions", "%s: %s" % (mp, w), PERMISSION_HINT))
            elif not m["shadowed"]:
                out.append(_finding("info", "mounts", "%s: %s" % (mp, w)))
    return out


def check_resolv_conf(proc, pid: int) -> "list[dict]":
    from dbg.commands.common import read_target_file
    from dbg.resolvconf import check, parse_resolv_conf

    data = read_target_file(proc, pid, "/etc/resolv.conf")
    if data is None:
        return [_finding("warning", "dns", "the target has no /etc/resolv.conf")]
    return [_finding("warning", "dns", "resolv.conf: " + w) for w in check(parse_resolv_conf(data.decode("utf-8", "replace")))]


def check_attach(proc, pid: int) -> "list[dict]":
    from dbg.commands.attach import summary

    info = summary(proc, pid)
    out = []
    if not info["ptrace"]["possible"]:
        out.append(_finding("info", "attach", "strace/gdb cannot attach: " + "; ".join(info["ptrace"]["reasons"]),
                            info["ptrace"]["remedy"]))
    if not info["setns"]["possible"]:
        out.append(_finding("info", "attach", "nsenter into the target is not possible (dbg lacks CAP_SYS_ADMIN)",
                            info["setns"]["remedy"]))
    if info["uids"] and info["uids"][1] == 0:
        out.append(_finding("info", "identity", "the target runs as root (uid 0)",
                            "runAsNonRoot: true with a numeric runAsUser hardens it"))
    return out


def check_env(proc, pid: int) -> "list[dict]":
    from dbg.commands.env import collect

    report = collect(proc, pid, show_secrets=False)
    names = [e["name"] for e in report["env"] if e["redacted"]]
    if not names:
        return []
    return [_finding("info", "env", "%d secret-looking environment variable(s): %s" % (len(names), ", ".join(names[:10])),
                     "environment variables leak into /proc, crash dumps and child processes; prefer mounted files")]


CHECKS = (("mounts", check_mounts), ("dns", check_resolv_conf), ("attach", check_attach), ("env", check_env))


def diagnose(proc, pid: int) -> "list[dict]":
    findings = []
    for name, check in CHECKS:
        try:
            findings += check(proc, pid)
        except ProcessGone:
            raise
        except DbgError as exc:
            findings.append(_finding("warning", name, "check could not run: %s" % exc))
    findings.sort(key=lambda f: SEVERITIES.index(f["severity"]))
    return findings


def run(args, ctx) -> int:
    target = ctx.target(args)
    findings = diagnose(ctx.proc, target.pid)
    counts = {s: sum(f["severity"] == s for f in findings) for s in SEVERITIES}
    if args.json:
        ctx.json({"pid": target.pid, "target": target.as_dict(), "findings": findings, "counts": counts})
    elif not findings:
        ctx.write("no findings\n")
    else:
        from dbg.text import printable

        for f in findings:
            ctx.write("%-7s %-11s %s\n" % (f["severity"].upper(), f["check"], printable(f["message"])))
            if f["hint"]:
                ctx.write("        hint: %s\n" % printable(f["hint"]))
        ctx.write("%d error(s), %d warning(s), %d info\n" % (counts["error"], counts["warning"], counts["info"]))
    return 1 if counts["error"] else 0
