"""dbg inspect-volume PATH: walk a directory of the target (symlinks not followed)."""
from __future__ import annotations

import stat as _stat

from dbg.classify import classify
from dbg.commands.common import credentials, credentials_dict, file_type, open_target_root, target_report, who
from dbg.errors import DbgError, UsageError
from dbg.mountinfo import mount_for
from dbg.permissions import can_read, can_write
from dbg.render import octal_mode
from dbg.rootfs import TargetRoot


def _statvfs(troot: TargetRoot, path: str) -> "dict | None":
    try:
        sv = troot.statvfs(path)
    except OSError:
        return None
    return {"size_bytes": sv.f_blocks * sv.f_frsize, "free_bytes": sv.f_bavail * sv.f_frsize,
            "inodes": sv.f_files, "free_inodes": sv.f_favail}


def walk(troot: TargetRoot, top: str, max_entries: int) -> "tuple[list[tuple[str, object]], list[str], bool]":
    """Breadth-first (path, stat) pairs below ``top``; stays on top's device; (entries, warnings, truncated)."""
    entries, warnings = [], []
    try:
        top_dev = troot.lstat(top).st_dev
    except OSError as exc:
        raise DbgError("cannot stat %s in the target: %s" % (top, exc.strerror or exc)) from None
    from collections import deque

    queue = deque([top])
    while queue:
        d = queue.popleft()
        try:
            names = sorted(troot.listdir(d))
        except OSError as exc:
            warnings.append("cannot list %s: %s" % (d, exc.strerror or exc))
            continue
        for n in names:
            if len(entries) >= max_entries:
                return entries, warnings, True
            p = d.rstrip("/") + "/" + n
            try:
                st = troot.lstat(p)
            except OSError as exc:
                warnings.append("cannot stat %s: %s" % (p, exc.strerror or exc))
                continue
            entries.append((p, st))
            if _stat.S_ISDIR(st.st_mode):
                if st.st_dev == top_dev:
                    queue.append(p)
                else:
                    warnings.append("%s is another mount: not descended (inspect it separately)" % p)
    return entries, warnings, False


def inspect(proc, pid: int, path: str, max_entries: int) -> dict:
    troot = open_target_root(proc, pid, path)
    res = troot.resolve(path)
    if not res.ok:
        raise DbgError("%s: %s" % (path, res.error))
    top = res.final
    if not _stat.S_ISDIR(res.lstat.st_mode):
        raise DbgError("%s is not a directory in the target (%s)" % (path, file_type(res.lstat.st_mode)))
    mounts, _ = proc.mountinfo(pid)
    cred, status = credentials(proc, pid)
    entries, warnings, truncated = walk(troot, top, max_entries)
    out = []
    denied = 0
    for p, st in entries:
        m = mount_for(p, mounts)
        ro = bool(m and m.read_only)
        e = {"path": p, "type": file_type(st.st_mode), "size": st.st_size, "mode": octal_mode(st.st_mode),
             "uid": st.st_uid, "gid": st.st_gid, "target": None, "readable": None, "writable": None}
        if _stat.S_ISLNK(st.st_mode):
            try:
                e["target"] = troot.readlink(p)
            except OSError as exc:
                e["target_error"] = exc.strerror
        elif cred is not None:
            e["readable"] = can_read(cred, st.st_mode, st.st_uid, st.st_gid)
            e["writable"] = (not ro) and can_write(cred, st.st_mode, st.st_uid, st.st_gid)
            denied += not e["readable"]
        out.append(e)
    if truncated:
        warnings.append("walk stopped after %d entries (--max-entries)" % max_entries)
    if denied:
        warnings.append("%d entries are not readable by %s" % (denied, who(status)))
    m = mount_for(top, mounts)
    mount = None
    if m is not None:
        c = classify(m, None)
        mount = {"mount_point": m.mount_point, "fstype": m.fstype, "read_only": m.read_only, "kind": c.kind}
        if m.read_only:
            warnings.append("%s is on a read-only mount (%s): nothing is writable" % (top, m.mount_point))
    top_st = res.lstat
    top_info = {"mode": octal_mode(top_st.st_mode), "uid": top_st.st_uid, "gid": top_st.st_gid,
                "readable": None, "writable": None}
    if cred is not None:
        top_info["readable"] = can_read(cred, top_st.st_mode, top_st.st_uid, top_st.st_gid)
        top_info["writable"] = not (m and m.read_only) and can_write(cred, top_st.st_mode, top_st.st_uid, top_st.st_gid)
    return {
        "pid": pid, "path": path, "resolved": top, "directory": top_info, "mount": mount,
        "statvfs": _statvfs(troot, top), "entries": out, "count": len(out), "truncated": truncated,
        "total_size": sum(e["size"] for e in out if e["type"] == "file"),
        "credentials": credentials_dict(cred, status), "warnings": warnings,
    }


def _yn(v) -> str:
    return {True: "yes", False: "no", None: "-"}[v]


def human(report: dict) -> str:
    from dbg.render import human_size, table, warnings_block

    d = report["directory"]
    out = report["resolved"]
    if report["mount"]:
        mt = report["mount"]
        out += "  on %s (%s, %s, %s)" % (mt["mount_point"], mt["kind"], mt["fstype"], "ro" if mt["read_only"] else "rw")
    out += "\ndirectory %s %s:%s  readable: %s  writable: %s\n" % (
        d["mode"], d["uid"], d["gid"], _yn(d["readable"]), _yn(d["writable"]))
    sv = report["statvfs"]
    if sv:
        out += "free: %s of %s, inodes free: %d of %d\n" % (
            human_size(sv["free_bytes"]), human_size(sv["size_bytes"]), sv["free_inodes"], sv["inodes"])
    out += "%d entries, %s in files\n\n" % (report["count"], human_size(report["total_size"]))
    base = report["resolved"].rstrip("/") + "/"
    rows = [[e["mode"], e["uid"], e["gid"], human_size(e["size"]), e["type"], _yn(e["readable"]), _yn(e["writable"]),
             e["path"][len(base):] + (" -> " + e["target"] if e["target"] else "")] for e in report["entries"]]
    return out + table(["MODE", "UID", "GID", "SIZE", "TYPE", "R", "W", "PATH"], rows) + warnings_block(report["warnings"])


def run(args, ctx) -> int:
    if args.max_entries < 1:
        raise UsageError("--max-entries must be at least 1")
    target_report(args, ctx, lambda pid: inspect(ctx.proc, pid, args.path, args.max_entries), human)
    return 0
