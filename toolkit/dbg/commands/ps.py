"""dbg ps: the process tree of the shared PID namespace, with container ids."""
from __future__ import annotations

import os

from dbg.cgroup import container_of


def _sysconf(name: str, default: int) -> int:
    try:
        value = os.sysconf(name)
        return value if value > 0 else default
    except (ValueError, OSError, AttributeError):
        return default


def _user_names(path: str) -> "dict[int, str]":
    from dbg.users import parse_passwd

    try:
        with open(path, "rb") as f:
            return parse_passwd(f.read().decode("utf-8", "replace"))
    except OSError:
        return {}


def _tree_order(procs) -> "list[tuple[object, int]]":
    """(process, depth) in tree order: children after their parent, by PID."""
    by_pid = {p.pid: p for p in procs}
    children: "dict[int, list]" = {}
    roots = []
    for p in procs:
        if p.ppid in by_pid and p.ppid != p.pid:
            children.setdefault(p.ppid, []).append(p)
        else:
            roots.append(p)
    out, seen = [], set()
    stack = [(p, 0) for p in reversed(roots)]
    while stack:
        p, depth = stack.pop()
        if p.pid in seen:
            continue
        seen.add(p.pid)
        out.append((p, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(p.pid, [])))
    out.extend((p, 0) for p in procs if p.pid not in seen)  # parent cycles (should not happen)
    return out


def collect(ctx) -> dict:
    from datetime import datetime, timezone

    from dbg.pidstat import parse_btime
    from dbg.processes import scan

    procs = scan(ctx.proc, detail=True)
    btime = parse_btime(ctx.proc.read_system("stat") or "")
    hz = _sysconf("SC_CLK_TCK", 100)
    page = _sysconf("SC_PAGE_SIZE", 4096)
    names = _user_names(ctx.passwd_path)
    rows = []
    for p, depth in _tree_order(procs):
        started = None
        if btime is not None and p.starttime is not None:
            started = datetime.fromtimestamp(btime + p.starttime / hz, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        ref = container_of(p.cgroup) if p.cgroup else None
        rows.append({
            "pid": p.pid, "ppid": p.ppid, "uid": p.uid, "user": names.get(p.uid) if p.uid is not None else None,
            "state": p.state, "rss_bytes": p.rss_pages * page if p.rss_pages is not None else None,
            "start_time": started, "comm": p.comm, "cmdline": p.argv, "depth": depth,
            "container": ref.as_dict() if ref else None, "ours": p.ours, "pause": p.pause,
        })
    return {"processes": rows, "warnings": [] if btime is not None else ["no btime in /proc/stat: start times unknown"]}


def run(args, ctx) -> int:
    report = collect(ctx)
    if args.json:
        ctx.json(report)
        return 0
    from dbg.render import human_size, table, warnings_block

    rows = []
    for r in report["processes"]:
        mark = "dbg" if r["ours"] else ("pause" if r["pause"] else "")
        cid = r["container"]["id"][:12] if r["container"] else "-"
        user = r["user"] or ("?" if r["uid"] is None else str(r["uid"]))
        cmd = " ".join(r["cmdline"]) if r["cmdline"] else "[%s]" % (r["comm"] or "?")
        rows.append([r["pid"], r["ppid"], user, r["state"], human_size(r["rss_bytes"]) if r["rss_bytes"] is not None else "-",
                     r["start_time"] or "-", cid, mark, "  " * r["depth"] + cmd])
    text = table(["PID", "PPID", "USER", "S", "RSS", "START", "CONTAINER", "MARK", "COMMAND"], rows)
    try:
        if ctx.out.isatty():  # one screen line per process on a terminal
            import shutil

            width = shutil.get_terminal_size().columns
            text = "".join(line[:width] + "\n" for line in text.splitlines())
    except (AttributeError, ValueError):
        pass
    ctx.write(text)
    ctx.write(warnings_block(report["warnings"]))
    return 0
