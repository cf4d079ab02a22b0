"""Helpers shared by several commands."""
from __future__ import annotations

import stat as _stat

from dbg.errors import DbgError, ProcessGone

_TYPES = (
    (_stat.S_ISREG, "file"), (_stat.S_ISDIR, "dir"), (_stat.S_ISLNK, "symlink"),
    (_stat.S_ISSOCK, "socket"), (_stat.S_ISFIFO, "fifo"), (_stat.S_ISCHR, "char-device"),
    (_stat.S_ISBLK, "block-device"),
)


def file_type(mode: int) -> str:
    for test, name in _TYPES:
        if test(mode):
            return name
    return "unknown"


def credentials(proc, pid: int):
    """(Credentials, Status) of the target; (None, None) when status cannot be read."""
    from dbg.permissions import Credentials

    try:
        status = proc.status(pid)
    except ProcessGone:
        raise
    except DbgError:
        return None, None
    if not status.uids:
        return None, status
    return Credentials.from_status(status), status


def credentials_dict(cred, status) -> "dict | None":
    if status is None:
        return None
    from dbg.capabilities import decode

    return {
        "uid": status.uid, "fsuid": status.fsuid, "gid": status.gid, "groups": list(status.groups),
        "cap_eff": decode(status.cap_eff or 0) if status.cap_eff is not None else None,
    }


def who(status) -> str:
    if status is None or status.uid is None:
        return "the target"
    return "uid %d" % status.uid


def root_access_problem(proc, pid: int, troot) -> "str | None":
    """Why the target's files cannot be seen through /proc/PID/root, or None."""
    try:
        troot.listdir("/")
        return None
    except OSError as exc:
        err = proc.fail(exc, pid, "root")
        if isinstance(err, ProcessGone):
            raise err from None
        return str(err)



def read_target_file(proc, pid: int, path: str, limit: int = 1 << 20) -> "bytes | None":
    """Content of ``path`` in the target's root (links resolved inside it); None if missing."""
    from dbg.rootfs import TargetRoot

    troot = TargetRoot(proc.root_dir(pid))
    res = troot.resolve(path)
    if res.status in ("missing", "dangling"):
        return None
    if not res.ok:
        if res.errno in (13, 1):  # EACCES, EPERM
            raise proc.fail(PermissionError(res.errno, "Permission denied"), pid, "root" + path)
        raise DbgError("cannot read %s in the target: %s" % (path, res.error))
    try:
        with open(troot.host(res.final), "rb") as f:
            return f.read(limit)
    except OSError as exc:
        raise proc.fail(exc, pid, "root" + path) from None


def open_target_root(proc, pid: int, path: str):
    """TargetRoot of ``pid`` after checking ``path`` is absolute and the root is accessible."""
    from dbg.rootfs import TargetRoot

    if not path.startswith("/"):
        raise DbgError("PATH must be absolute inside the target, e.g. /etc/secret/key (got %r)" % path)
    troot = TargetRoot(proc.root_dir(pid))
    problem = root_access_problem(proc, pid, troot)
    if problem:
        raise DbgError(problem)
    return troot


def target_report(args, ctx, build, human) -> dict:
    """Select the target, build its report, print it as JSON or via ``human``; return the report."""
    target = ctx.target(args)
    report = build(target.pid)
    report["target"] = target.as_dict()
    if args.json:
        ctx.json(report)
    else:
        ctx.write(human(report))
    return report
