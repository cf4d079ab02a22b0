"""Choosing the target process: ``--pid N``, ``--target NAME`` or automatic.

Automatic: the lowest PID that is neither a pause process (comm ``pause`` or
argv[0] ``/pause``), a kernel thread, nor in dbg's own container (see
dbg.processes).
``--target NAME``: processes (outside our container) whose comm equals NAME
win; otherwise those whose command line contains NAME.  No match or several
matches is an error that lists the candidates.  ``--pid self`` looks at dbg's
own process (useful in init containers).
"""
from __future__ import annotations

from dbg.errors import DbgError, UsageError
from dbg.text import printable


class Target:
    __slots__ = ("pid", "comm", "argv", "how", "reason")

    def __init__(self, pid: int, comm: "str | None", argv: "list[str]", how: str, reason: str) -> None:
        self.pid = pid
        self.comm = comm
        self.argv = argv
        self.how = how
        self.reason = reason

    def as_dict(self) -> dict:
        return {"pid": self.pid, "comm": self.comm, "cmdline": self.argv, "selected_by": self.how,
                "reason": self.reason}

    def describe(self) -> str:
        return "target: pid %d %s (%s)" % (self.pid, printable(self.comm or "?"), self.reason)


def _listing(procs) -> str:
    items = []
    for p in procs[:20]:
        cmd = printable(p.command)
        items.append("%d %s%s" % (p.pid, cmd[:60], " [pause]" if p.pause else ""))
    more = " ..." if len(procs) > 20 else ""
    return "; ".join(items) + more if items else "none"


def parse_pid(value: "str | int | None") -> "int | str | None":
    if value is None or value == "self":
        return value
    try:
        pid = int(value)
    except (TypeError, ValueError):
        raise UsageError("--pid must be a process id or 'self', not %r" % printable(value)) from None
    if pid <= 0:
        raise UsageError("--pid must be a positive process id, not %d" % pid)
    return pid


def select_target(proc, pid: "int | str | None" = None, name: "str | None" = None) -> Target:
    from dbg.processes import scan

    pid = parse_pid(pid)
    if pid == "self":
        me = proc.self_pid()
        if me is None:
            raise DbgError("cannot tell dbg's own PID (no %s/self)" % printable(proc.root))
        return _explicit(proc, me, "pid", "--pid self: dbg's own process")
    if pid is not None:
        return _explicit(proc, pid, "pid", "--pid %d" % pid)
    procs = scan(proc)
    others = [p for p in procs if not p.ours]
    if name is not None:
        if not name:
            raise UsageError("--target needs a non-empty name")
        exact = [p for p in others if p.comm == name]
        matches = exact or [p for p in others if name in " ".join(p.argv)]
        if not matches:
            raise DbgError("no process matches --target %s; candidates: %s"
                           % (printable(name), _listing(others)))
        if len(matches) > 1:
            raise DbgError("--target %s matches %d processes, pick one with --pid: %s"
                           % (printable(name), len(matches), _listing(matches)))
        p = matches[0]
        how = "comm" if exact else "command line"
        return Target(p.pid, p.comm, p.argv, "name", "--target %s matched its %s" % (printable(name), how))
    for p in others:
        if not p.pause and not p.kernel_thread:
            return Target(p.pid, p.comm, p.argv, "auto",
                          "lowest PID outside dbg's container that is not pause; use --pid/--target to change")
    raise DbgError(
        "no target process visible outside dbg's own container (seen: %s); share the target's PID "
        "namespace (kubectl debug --target=CONTAINER, shareProcessNamespace: true, docker run "
        "--pid=container:NAME) or pass --pid" % _listing(procs))


def _explicit(proc, pid: int, how: str, reason: str) -> Target:
    if not proc.alive(pid):
        raise DbgError("no process with PID %d (is the PID namespace shared?)" % pid)
    from dbg.processes import optional

    st = optional(proc.stat, pid)
    argv = optional(proc.cmdline, pid) or []
    return Target(pid, st.comm if st else None, argv, how, reason)
