"""dbg net: the target's sockets (its network namespace) and resolv.conf."""
from __future__ import annotations

import sys

from dbg.commands.common import read_target_file, target_report
from dbg.errors import AccessDenied, DbgError, ProcessGone
from dbg.sockets import format_endpoint, parse_inet, parse_unix, socket_inode

INET_FILES = ("tcp", "tcp6", "udp", "udp6")


def socket_owners(proc, inodes: "set[int]") -> "tuple[dict[int, list[dict]], int]":
    """inode -> [{pid, comm}] from /proc/*/fd links; also how many processes' fds were unreadable."""
    owners: "dict[int, list[dict]]" = {}
    denied = 0
    for pid in proc.pids():
        try:
            fds = proc.listdir(pid, "fd")
        except AccessDenied:
            denied += 1
            continue
        except DbgError:  # exited, or a kernel thread race
            continue
        comm = None
        for fd in fds:
            try:
                inode = socket_inode(proc.readlink(pid, "fd/" + fd))
            except DbgError:  # fd closed meanwhile, or the process exited
                continue
            if inode in inodes:
                if comm is None:
                    st = None
                    try:
                        st = proc.stat(pid)
                    except DbgError:
                        pass
                    comm = st.comm if st else "?"
                entry = {"pid": pid, "comm": comm}
                if entry not in owners.setdefault(inode, []):
                    owners[inode].append(entry)
    return owners, denied


def collect(proc, pid: int) -> dict:
    from dbg.resolvconf import check, parse_resolv_conf

    warnings = []
    sockets, unix = [], []
    for name in INET_FILES:
        text = proc.read_text(pid, "net/" + name, missing_ok=True)
        if text is None:
            continue
        sockets += parse_inet(text, name, sys.byteorder)
    text = proc.read_text(pid, "net/unix", missing_ok=True)
    if text is not None:
        unix = parse_unix(text)
    owners, denied = socket_owners(proc, {s["inode"] for s in sockets + unix if s["inode"]})
    for s in sockets + unix:
        s["processes"] = owners.get(s["inode"], [])
    if denied:
        warnings.append("cannot read the fds of %d process(es): their sockets show no process "
                        "(needs CAP_SYS_PTRACE or the same uid)" % denied)
    resolv = None
    try:
        raw = read_target_file(proc, pid, "/etc/resolv.conf")
        data = raw.decode("utf-8", "replace") if raw is not None else None
    except ProcessGone:
        raise
    except DbgError as exc:
        warnings.append(str(exc))
        data = None
    if data is not None:
        resolv = parse_resolv_conf(data)
        resolv["warnings"] = check(resolv)
    else:
        warnings.append("the target has no /etc/resolv.conf (or it cannot be read)")
    return {"pid": pid, "sockets": sockets, "unix": unix, "resolv_conf": resolv, "warnings": warnings}


def _procs(s: dict) -> str:
    return ",".join("%d/%s" % (p["pid"], p["comm"]) for p in s["processes"]) or "-"


def human(report: dict) -> str:
    from dbg.render import table, warnings_block

    out = ""
    listen = [s for s in report["sockets"] if s["listening"]]
    other = [s for s in report["sockets"] if not s["listening"]]
    out += "Listening:\n" + table(["PROTO", "LOCAL", "PROCESS"], [
        [s["proto"], format_endpoint(s["local_address"], s["local_port"]), _procs(s)] for s in listen])
    out += "\nConnections:\n" + table(["PROTO", "LOCAL", "REMOTE", "STATE", "PROCESS"], [
        [s["proto"], format_endpoint(s["local_address"], s["local_port"]),
         format_endpoint(s["remote_address"], s["remote_port"]), s["state"], _procs(s)] for s in other])
    unix = [u for u in report["unix"] if u["listening"] or u["path"]]
    out += "\nUnix sockets (listening or named):\n" + table(["TYPE", "STATE", "PATH", "PROCESS"], [
        [u["type"], u["state"], u["path"] or "-", _procs(u)] for u in unix])
    notes = list(report["warnings"])
    rc = report["resolv_conf"]
    if rc is not None:
        opts = " ".join(k if v is True else "%s:%s" % (k, v) for k, v in rc["options"].items())
        out += "\nresolv.conf: nameserver %s; search %s; options %s\n" % (
            " ".join(rc["nameservers"]) or "-", " ".join(rc["search"]) or "-", opts or "-")
        notes += ["resolv.conf: " + w for w in rc["warnings"]]
    if notes:
        out += "\n" + warnings_block(notes)
    return out


def run(args, ctx) -> int:
    target_report(args, ctx, lambda pid: collect(ctx.proc, pid), human)
    return 0
