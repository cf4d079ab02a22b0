"""dbg inspect-mounts: classify the target's mounts and check what it can read."""
from __future__ import annotations

import stat as _stat

from dbg.atomicwriter import DATA_LINK, SUBPATH_WARNING, SYMLINK_WARNING, is_internal_name
from dbg.classify import ATOMIC_WRITER_KINDS, Probe, classify, is_subpath_file
from dbg.commands.common import (
    credentials, credentials_dict, file_type, root_access_problem, target_report, who,
)
from dbg.mountinfo import Mount, shadowed_ids
from dbg.permissions import can_read
from dbg.render import octal_mode
from dbg.rootfs import TargetRoot

NOT_LISTED = ("system", "rootfs")


def _probe(troot: TargetRoot, mp: str) -> "tuple[Probe | None, list[str], str | None]":
    """(probe, names in the directory, error)."""
    try:
        st = troot.lstat(mp)
    except OSError as exc:
        return None, [], "cannot stat %s: %s" % (mp, exc.strerror or exc)
    if not _stat.S_ISDIR(st.st_mode):
        return Probe(exists=True, is_file=_stat.S_ISREG(st.st_mode)), [], None
    try:
        names = sorted(troot.listdir(mp))
    except OSError as exc:
        return Probe(exists=True, is_dir=True), [], "cannot list %s: %s" % (mp, exc.strerror or exc)
    has_data = False
    if DATA_LINK in names:
        try:
            has_data = _stat.S_ISLNK(troot.lstat(mp.rstrip("/") + "/" + DATA_LINK).st_mode)
        except OSError:
            pass
    visible = frozenset(n for n in names if not is_internal_name(n))
    return Probe(exists=True, is_dir=True, has_data_link=has_data, names=visible), names, None


def entry_report(troot: TargetRoot, path: str, name: str, cred, trusted: str) -> dict:
    """One file: link facts, then the facts of what it resolves to inside the target's root."""
    res = troot.resolve(path, trusted=trusted)
    first = res.hops[0] if res.hops else None
    is_link = first is not None and first["link"] == path
    e = {"name": name, "is_symlink": is_link, "target": first["target"] if is_link else None,
         "resolved": res.final if is_link else None, "type": None, "mode": None, "uid": None,
         "gid": None, "size": None, "readable_by_target": None}
    if res.ok and res.lstat is not None:
        st = res.lstat
        e.update(type=file_type(st.st_mode), mode=octal_mode(st.st_mode), uid=st.st_uid, gid=st.st_gid,
                 size=st.st_size if _stat.S_ISREG(st.st_mode) else None)
        if cred is not None:
            e["readable_by_target"] = can_read(cred, st.st_mode, st.st_uid, st.st_gid)
    else:
        e["error"] = res.error
        e["status"] = res.status
    return e


def mount_report(m: Mount, troot: "TargetRoot | None", cred, status, shadowed: bool, max_entries: int) -> dict:
    warnings: "list[str]" = []
    probe, names, error = None, [], None
    if troot is not None and not shadowed and classify(m, None).kind not in NOT_LISTED:
        probe, names, error = _probe(troot, m.mount_point)
    c = classify(m, probe)
    subpath = c.subpath or is_subpath_file(c, probe)
    rep = {
        "mount_point": m.mount_point, "kind": c.kind, "fstype": m.fstype, "source": m.source,
        "root": m.root, "read_only": m.read_only, "subpath": subpath, "atomic_writer": c.atomic_writer,
        "entries": [], "warnings": warnings, "basis": c.basis, "mount_id": m.mount_id,
        "parent_id": m.parent_id, "device": m.device, "options": list(m.options),
        "shadowed": shadowed, "volume": c.volume, "pod_uid": c.pod_uid,
    }
    if error:
        warnings.append(error)
    if shadowed:
        warnings.append("hidden by a later mount on the same mount point")
    if subpath and c.kind in ATOMIC_WRITER_KINDS:
        warnings.append(SUBPATH_WARNING)
    if probe is None or c.kind in NOT_LISTED:
        return rep
    mp = m.mount_point
    if probe.is_dir:
        shown = [n for n in names if not (c.atomic_writer and is_internal_name(n))]
        if len(shown) > max_entries:
            warnings.append("only the first %d of %d entries listed (--max-entries)" % (max_entries, len(shown)))
            shown = shown[:max_entries]
        base = mp.rstrip("/")
        rep["entries"] = [entry_report(troot, base + "/" + n, n, cred, mp) for n in shown]
        if c.atomic_writer and any(e["is_symlink"] for e in rep["entries"]):
            warnings.append(SYMLINK_WARNING)
        _check_dir_access(troot, mp, cred, status, warnings)
    elif probe.exists:
        rep["entries"] = [entry_report(troot, mp, mp.rsplit("/", 1)[-1], cred, "/")]
    for e in rep["entries"]:
        if e["readable_by_target"] is False:
            warnings.append("permission denied for %s: %s is %s %s owned by %s:%s" % (
                who(status), e["name"], e["type"], e["mode"], e["uid"], e["gid"]))
        elif e.get("error"):
            warnings.append("%s: %s" % (e["name"], e["error"]))
    return rep


def _check_dir_access(troot: TargetRoot, mp: str, cred, status, warnings: "list[str]") -> None:
    if cred is None:
        return
    try:
        st = troot.lstat(mp)
    except OSError:
        return
    if not can_read(cred, st.st_mode, st.st_uid, st.st_gid):
        warnings.append("%s cannot list or enter %s (%s owned by %d:%d)"
                        % (who(status), mp, octal_mode(st.st_mode), st.st_uid, st.st_gid))


def inspect(proc, pid: int, max_entries: int = 200) -> dict:
    """The inspect-mounts report for ``pid`` (also used by doctor)."""
    mounts, problems = proc.mountinfo(pid)
    warnings = list(problems)
    if not mounts:
        warnings.append("mountinfo of process %d is empty" % pid)
    cred, status = credentials(proc, pid)
    if cred is None:
        warnings.append("cannot read the target's UID/GIDs: readability not checked")
    troot = TargetRoot(proc.root_dir(pid))
    problem = root_access_problem(proc, pid, troot) if mounts else None
    if problem:
        warnings.append(problem + "; classified from mountinfo alone, no entries listed")
        troot = None
    hidden = shadowed_ids(mounts)
    reports = [mount_report(m, troot, cred, status, m.mount_id in hidden, max_entries) for m in mounts]
    return {"pid": pid, "mounts": reports, "warnings": warnings, "credentials": credentials_dict(cred, status)}


def _flags(r: dict) -> str:
    flags = [f for f, on in (("subpath", r["subpath"]), ("atomic-writer", r["atomic_writer"]),
                             ("shadowed", r["shadowed"])) if on]
    return ",".join(flags) or "-"


def human(report: dict, show_all: bool) -> str:
    from dbg.render import table, warnings_block

    shown = [r for r in report["mounts"] if show_all or r["kind"] not in NOT_LISTED]
    rows = [[r["mount_point"], r["kind"], r["fstype"], "ro" if r["read_only"] else "rw", _flags(r), r["basis"]]
            for r in shown]
    out = table(["MOUNT POINT", "KIND", "FSTYPE", "RO", "FLAGS", "BASIS"], rows)
    hidden = len(report["mounts"]) - len(shown)
    if hidden:
        out += "(%d system/rootfs mounts not shown; --all lists them)\n" % hidden
    for r in shown:
        if not r["entries"]:
            continue
        out += "\n%s (%s):\n" % (r["mount_point"], r["kind"])
        rows = []
        for e in r["entries"]:
            readable = {True: "yes", False: "NO", None: "?"}[e["readable_by_target"]]
            name = e["name"] + (" -> " + e["target"] if e["is_symlink"] else "")
            rows.append(["  " + (e["mode"] or "?"), e["uid"], e["gid"], e["type"] or e.get("status"),
                         readable, name])
        out += table(["  MODE", "UID", "GID", "TYPE", "READABLE", "NAME"], rows)
    notes = ["%s: %s" % (r["mount_point"], w) for r in report["mounts"] for w in r["warnings"]]
    notes += report["warnings"]
    if notes:
        out += "\n" + warnings_block(notes)
    return out


def run(args, ctx) -> int:
    if args.max_entries < 1:
        from dbg.errors import UsageError

        raise UsageError("--max-entries must be at least 1")
    target_report(args, ctx, lambda pid: inspect(ctx.proc, pid, args.max_entries), lambda r: human(r, args.all))
    return 0
