"""dbg attach: summary of the target; --shell, --strace or --gdb into it.

Before exec'ing anything, dbg checks what the action needs (ptrace access,
setns/chroot capabilities, the binary) and fails with the exact remedy instead
of letting strace/gdb fail with "Operation not permitted".
"""
from __future__ import annotations

import os
import shutil

from dbg.commands.common import credentials, root_access_problem
from dbg.errors import DbgError, UsageError
from dbg.privileges import ptrace_check, parse_scope, setns_check
from dbg.rootfs import TargetRoot

NAMESPACES = ("cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "user", "uts")
SHELLS = ("/bin/sh", "/bin/bash", "/bin/ash", "/busybox/sh", "/usr/bin/sh")


def _maybe(fn, *args):
    try:
        return fn(*args)
    except DbgError:
        return None


def summary(proc, pid: int) -> dict:
    from dbg.capabilities import decode
    from dbg.limits import parse_limits

    _, st = credentials(proc, pid)
    if st is None:
        raise DbgError("cannot read /proc/%d/status" % pid)
    ours = proc.status("self")
    warnings = []
    cwd = _maybe(proc.readlink, pid, "cwd")
    if cwd is None:
        warnings.append("cannot read the target's cwd/exe (needs ptrace read access)")
    namespaces = []
    for ns in NAMESPACES:
        theirs, mine = _maybe(proc.readlink, pid, "ns/" + ns), _maybe(proc.readlink, "self", "ns/" + ns)
        same = None if theirs is None or mine is None else theirs == mine
        if theirs is not None or mine is not None:
            namespaces.append({"name": ns, "target": theirs, "ours": mine, "same": same})
    caps = {}
    for key, attr in (("effective", "cap_eff"), ("permitted", "cap_prm"), ("bounding", "cap_bnd"),
                      ("inheritable", "cap_inh"), ("ambient", "cap_amb")):
        value = getattr(st, attr)
        caps[key] = None if value is None else decode(value)
    limits_text = _maybe(proc.read_text, pid, "limits")
    return {
        "pid": pid, "comm": st.name, "cmdline": _maybe(proc.cmdline, pid) or [], "cwd": cwd,
        "exe": _maybe(proc.readlink, pid, "exe"), "uids": list(st.uids), "gids": list(st.gids),
        "groups": list(st.groups), "capabilities": caps, "no_new_privs": st.no_new_privs,
        "seccomp": {0: "disabled", 1: "strict", 2: "filter"}.get(st.seccomp, st.seccomp),
        "limits": parse_limits(limits_text) if limits_text else [], "namespaces": namespaces,
        "ptrace": ptrace_check(ours, st, parse_scope(proc.read_system("sys/kernel/yama/ptrace_scope"))),
        "setns": setns_check(ours), "warnings": warnings,
    }


def _target_shell(troot: TargetRoot) -> "str | None":
    for sh in SHELLS:
        res = troot.resolve(sh)
        if res.ok and res.lstat is not None and res.lstat.st_mode & 0o111 and not os.path.isdir(troot.host(res.final)):
            return sh
    return None


def _nsenter_argv(nsenter: str, pid: int, shell: str) -> "list[str]":
    if os.path.realpath(nsenter).endswith("busybox"):  # busybox nsenter has no -a
        return [nsenter, "-t", str(pid), "-m", "-u", "-i", "-n", "-p", shell]
    return [nsenter, "-t", str(pid), "-a", shell]


def shell_plan(proc, pid: int, info: dict, environ: dict) -> "tuple[list[str], str | None, str]":
    """(argv, directory to chdir into or None, explanation)."""
    troot = TargetRoot(proc.root_dir(pid))
    problem = root_access_problem(proc, pid, troot)
    if problem:
        raise DbgError(problem)
    shell = _target_shell(troot)
    nsenter = shutil.which("nsenter", path=environ.get("PATH"))
    chroot = shutil.which("chroot", path=environ.get("PATH"))
    if shell and nsenter and info["setns"]["possible"]:
        return _nsenter_argv(nsenter, pid, shell), None, "nsenter into all of the target's namespaces, %s" % shell
    if shell and chroot and info["setns"]["cap_sys_chroot"]:
        return [chroot, troot.host("/"), shell], None, (
            "chroot into the target's root, %s (%s); namespaces other than the PID one stay dbg's own"
            % (shell, "no nsenter in this image" if not nsenter else info["setns"]["remedy"]))
    own = environ.get("SHELL") or shutil.which("sh", path=environ.get("PATH")) or "/bin/sh"
    why = "the target has no shell" if not shell else "cannot enter the target (%s)" % (
        info["setns"]["remedy"] if nsenter else "no nsenter/chroot usable")
    return [own], troot.host("/"), (
        "%s: starting this debug image's shell %s in %s (the target's files)" % (why, own, troot.host("/")))


def _tool_argv(tool: str, pid: int, info: dict, environ: dict, extra: "list[str]") -> "list[str]":
    path = shutil.which(tool, path=environ.get("PATH"))
    if path is None:
        raise DbgError("%s is not installed in this debug image (not found in PATH); use an image that "
                       "includes it (dbg tools lists what this one has)" % tool)
    p = info["ptrace"]
    if not p["possible"]:
        raise DbgError("%s -p %d would fail with 'Operation not permitted': %s; %s"
                       % (tool, pid, "; ".join(p["reasons"]), p["remedy"]))
    return [path, "-f", "-p", str(pid)] + extra if tool == "strace" else [path, "-p", str(pid)] + extra


def human(info: dict) -> str:
    from dbg.render import table, warnings_block

    caps = info["capabilities"]
    lines = [
        "pid %d %s" % (info["pid"], info["comm"] or "?"),
        "command: %s" % (" ".join(info["cmdline"]) or "-"),
        "cwd: %s   exe: %s" % (info["cwd"] or "?", info["exe"] or "?"),
        "uid (real eff saved fs): %s   gid: %s   groups: %s" % (
            " ".join(map(str, info["uids"])), " ".join(map(str, info["gids"])), " ".join(map(str, info["groups"])) or "-"),
        "no_new_privs: %s   seccomp: %s" % (info["no_new_privs"], info["seccomp"]),
    ]
    for key in ("effective", "permitted", "bounding", "ambient"):
        if caps[key] is not None:
            lines.append("caps %s: %s" % (key, " ".join(c[4:] for c in caps[key]) or "-"))
    out = "\n".join(lines) + "\n"
    if info["namespaces"]:
        out += "\nnamespaces:\n" + table(["NAME", "SAME AS DBG", "TARGET"], [
            [n["name"], {True: "yes", False: "no", None: "?"}[n["same"]], n["target"] or "?"]
            for n in info["namespaces"]])
    if info["limits"]:
        out += "\nlimits:\n" + table(["LIMIT", "SOFT", "HARD", "UNITS"], [
            [lim["name"], lim["soft"], lim["hard"], lim["units"]] for lim in info["limits"]])
    p, s = info["ptrace"], info["setns"]
    out += "\nptrace (strace/gdb): %s\nsetns (nsenter): %s\n" % (
        "possible" if p["possible"] else "NOT possible: " + "; ".join(p["reasons"]),
        "possible" if s["possible"] else "NOT possible")
    notes = list(info["warnings"])
    for check in (p, s):
        if check["remedy"]:
            notes.append(check["remedy"])
    return out + warnings_block(notes, "hint")


def run(args, ctx) -> int:
    if args.args and not (args.shell or args.strace or args.gdb):
        raise UsageError("extra arguments need --shell, --strace or --gdb")
    target = ctx.target(args)
    info = summary(ctx.proc, target.pid)
    info["target"] = target.as_dict()
    if not (args.shell or args.strace or args.gdb):
        if args.json:
            ctx.json(info)
        else:
            ctx.write(human(info))
        return 0
    chdir = None
    if args.shell:
        argv, chdir, why = shell_plan(ctx.proc, target.pid, info, ctx.environ)
        argv += args.args
    else:
        argv = _tool_argv("strace" if args.strace else "gdb", target.pid, info, ctx.environ, args.args)
        why = "attaching with %s" % os.path.basename(argv[0])
    if args.dry_run:
        if args.json:
            ctx.json({"argv": argv, "cwd": chdir, "explanation": why, "target": target.as_dict()})
        else:
            import shlex

            ctx.write(("cd %s && " % shlex.quote(chdir) if chdir else "") + " ".join(shlex.quote(a) for a in argv) + "\n")
            ctx.note(why)
        return 0
    ctx.note(why)
    ctx.flush_notes()
    for stream in (ctx.out, ctx.err):
        stream.flush()
    try:
        if chdir:
            os.chdir(chdir)
        ctx.execvp(argv[0], argv)
    except OSError as exc:
        raise DbgError("cannot run %s: %s" % (argv[0], exc.strerror or exc)) from None
    return 0  # only reached when execvp is replaced (tests)
