"""Can dbg ptrace or setns into the target?  Pure decisions over parsed status files.

ptrace attach (strace -p, gdb -p) is allowed when
  * Yama (/proc/sys/kernel/yama/ptrace_scope) permits it:
      0 classic: same UID or CAP_SYS_PTRACE;
      1 restricted: only descendants, unless CAP_SYS_PTRACE (the target is never
        a descendant of strace/gdb, so CAP_SYS_PTRACE is needed);
      2 admin-only: CAP_SYS_PTRACE;
      3 no attach at all, whatever the capabilities;
  * and the classic check passes: our real UID equals the target's real,
    effective and saved UID (same for GIDs), or we hold CAP_SYS_PTRACE.
setns into the target's namespaces (nsenter) needs CAP_SYS_ADMIN (and
CAP_SYS_CHROOT for the mount namespace); chroot needs CAP_SYS_CHROOT.
"""
from __future__ import annotations

from dbg import capabilities
from dbg.status import Status

PTRACE_REMEDY = ("add CAP_SYS_PTRACE: `kubectl debug --profile=general` (adds SYS_PTRACE) or "
                 "`--profile=sysadmin`; docker: --cap-add SYS_PTRACE")


def _has(st: Status, cap: str) -> bool:
    return st.cap_eff is not None and capabilities.has(st.cap_eff, cap)


def same_ids(ours: Status, target: Status) -> bool:
    if not ours.uids or not target.uids or not ours.gids or not target.gids:
        return False
    return (all(u == ours.uids[0] for u in target.uids[:3])
            and all(g == ours.gids[0] for g in target.gids[:3]))


def parse_scope(text: "str | None") -> "int | None":
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None


def ptrace_check(ours: Status, target: Status, scope: "int | None") -> dict:
    cap = _has(ours, "CAP_SYS_PTRACE")
    same = same_ids(ours, target)
    target_uid = target.uid
    reasons = []
    if scope == 3:
        ok = False
        reasons.append("kernel.yama.ptrace_scope=3: ptrace attach is disabled on this node until reboot")
        remedy = "no capability helps with ptrace_scope=3; use a node with a lower kernel.yama.ptrace_scope"
    elif scope in (1, 2):
        ok = cap
        if not cap:
            what = "only descendants may be traced" if scope == 1 else "only CAP_SYS_PTRACE may trace"
            reasons.append("kernel.yama.ptrace_scope=%d (%s) and dbg lacks CAP_SYS_PTRACE" % (scope, what))
        remedy = PTRACE_REMEDY
    else:
        ok = cap or same
        if not ok:
            reasons.append("dbg runs as uid %s, the target as uid %s, and dbg lacks CAP_SYS_PTRACE"
                           % (ours.uids[0] if ours.uids else "?", target_uid if target_uid is not None else "?"))
        remedy = PTRACE_REMEDY
        if target_uid is not None:
            remedy += "; or run as the target's uid: `kubectl debug --custom=FILE` with securityContext.runAsUser: %d" % target_uid
    return {"possible": ok, "scope": scope, "cap_sys_ptrace": cap, "same_uid": same, "reasons": reasons,
            "remedy": None if ok else remedy}


def setns_check(ours: Status) -> dict:
    admin, chroot = _has(ours, "CAP_SYS_ADMIN"), _has(ours, "CAP_SYS_CHROOT")
    ok = admin and chroot
    return {"possible": ok, "cap_sys_admin": admin, "cap_sys_chroot": chroot,
            "remedy": None if ok else "entering namespaces needs CAP_SYS_ADMIN (and SYS_CHROOT): "
            "`kubectl debug --profile=sysadmin`; docker: --cap-add SYS_ADMIN"}
