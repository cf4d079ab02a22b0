"""dbg links PATH: resolve a symlink chain inside the target's root, hop by hop."""
from __future__ import annotations

from dbg.commands.common import open_target_root, target_report
from dbg.mountinfo import mount_for
from dbg.rootfs import normalize

_STATUS_TEXT = {
    "ok": "resolves",
    "missing": "does not exist",
    "dangling": "dangling link",
    "loop": "symlink loop",
    "error": "cannot resolve",
}


def resolve_report(proc, pid: int, path: str) -> dict:
    troot = open_target_root(proc, pid, path)
    mounts, _ = proc.mountinfo(pid)
    res = troot.resolve(path)
    warnings: "list[str]" = []
    start_mount = mount_for(normalize(path), mounts)
    current = start_mount.mount_point if start_mount else None
    hops = []
    for hop in res.hops:
        m = mount_for(hop["next"], mounts)
        mp = m.mount_point if m else None
        crosses = mp != current
        hops.append(dict(hop, mount_point=mp, crosses_mount=crosses))
        if hop["absolute"]:
            warnings.append("%s has an absolute target %s: it resolves inside the target's root, but "
                            "from another container it points into that container's files"
                            % (hop["link"], hop["target"]))
        if hop["climbs_above_root"]:
            warnings.append("%s -> %s climbs above / (the kernel clamps it at the target's root)"
                            % (hop["link"], hop["target"]))
        if crosses:
            warnings.append("%s -> %s crosses from mount %s into mount %s" % (hop["link"], hop["target"], current, mp))
        current = mp
    if res.status != "ok":
        warnings.append(res.error or _STATUS_TEXT[res.status])
    final_mount = mount_for(res.final, mounts)
    return {
        "pid": pid, "path": path, "status": res.status, "final": res.final, "hops": hops,
        "error": res.error, "escapes_root": res.clamped,
        "final_mount": final_mount.mount_point if final_mount else None, "warnings": warnings,
    }


def human(report: dict) -> str:
    from dbg.render import table, warnings_block

    out = "%s: %s -> %s\n" % (report["path"], _STATUS_TEXT[report["status"]], report["final"])
    if report["hops"]:
        rows = [[i, h["link"], h["target"], h["next"], h["mount_point"] if h["crosses_mount"] else ""]
                for i, h in enumerate(report["hops"], 1)]
        out += table(["HOP", "LINK", "POINTS TO", "NEXT", "NEW MOUNT"], rows)
    return out + warnings_block(report["warnings"])


def run(args, ctx) -> int:
    report = target_report(args, ctx, lambda pid: resolve_report(ctx.proc, pid, args.path), human)
    return 0 if report["status"] == "ok" else 1
