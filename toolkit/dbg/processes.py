"""The process table of the shared PID namespace, and which processes are our own.

"Our own container" (processes never picked as target):
  1. our own PID (``/proc/self``) and its ancestors (PPid chain);
  2. processes in our mount namespace (``/proc/PID/ns/mnt`` link equals ours) -
     the most reliable signal: every container has its own mount namespace;
  3. only when a mount namespace link cannot be read (no ptrace access to the
     other process): identical ``/proc/PID/cgroup`` content (world-readable;
     different containers live in different cgroups).
Processes that vanish mid-scan are skipped; unreadable entries leave fields None.
"""
from __future__ import annotations

from dbg.errors import DbgError, ProcessGone
from dbg.pidstat import is_pause


class ProcessInfo:
    __slots__ = ("pid", "ppid", "comm", "state", "argv", "uids", "starttime", "rss_pages",
                 "cgroup", "ours", "pause", "why_ours")

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.ppid: "int | None" = None
        self.comm: "str | None" = None
        self.state: "str | None" = None
        self.argv: "list[str]" = []
        self.uids: "tuple[int, ...]" = ()
        self.starttime: "int | None" = None
        self.rss_pages: "int | None" = None
        self.cgroup: "str | None" = None
        self.ours = False
        self.pause = False
        self.why_ours: "str | None" = None

    @property
    def command(self) -> str:
        return " ".join(self.argv) if self.argv else "[%s]" % (self.comm or "?")

    @property
    def kernel_thread(self) -> bool:
        return not self.argv and (self.pid == 2 or self.ppid == 2)

    @property
    def uid(self) -> "int | None":
        return self.uids[1] if len(self.uids) > 1 else None


def optional(fn, *args):
    """fn(*args), None when access is denied or the file is missing; ProcessGone propagates."""
    try:
        return fn(*args)
    except ProcessGone:
        raise
    except DbgError:
        return None


class OwnContainer:
    """Facts about dbg's own process used to tell our container apart."""

    def __init__(self, proc) -> None:
        self.self_pid = proc.self_pid()
        self.mnt_ns = optional(proc.readlink, "self", "ns/mnt")
        self.cgroup = optional(proc.read_text, "self", "cgroup")
        self.ancestors: "set[int]" = set()
        pid = self.self_pid
        while pid and pid not in self.ancestors and len(self.ancestors) < 4096:
            self.ancestors.add(pid)
            try:
                pid = proc.status(pid).ppid
            except DbgError:
                break

    def why_ours(self, proc, pid: int, cgroup: "str | None") -> "str | None":
        if pid == self.self_pid:
            return "dbg itself"
        if pid in self.ancestors:
            return "ancestor of dbg"
        mnt = None
        if self.mnt_ns is not None:
            try:
                mnt = optional(proc.readlink, pid, "ns/mnt")
            except ProcessGone:
                return None
        if mnt is not None and self.mnt_ns is not None:
            return "same mount namespace" if mnt == self.mnt_ns else None
        if cgroup is not None and self.cgroup and cgroup == self.cgroup:
            return "same cgroup"
        return None


def scan(proc, detail: bool = False) -> "list[ProcessInfo]":
    """All visible processes, sorted by PID (``detail`` adds uid, start time, RSS)."""
    own = OwnContainer(proc)
    out = []
    for pid in proc.pids():
        try:
            info = ProcessInfo(pid)
            st = optional(proc.stat, pid)
            if st is not None:
                info.comm, info.state, info.ppid = st.comm, st.state, st.ppid
                info.starttime, info.rss_pages = st.starttime, st.rss_pages
            if detail or st is None:
                status = optional(proc.status, pid)
                if status is not None:
                    info.uids = status.uids
                    info.comm = info.comm or status.name
                    info.ppid = info.ppid if info.ppid is not None else status.ppid
                    info.state = info.state or status.state
            info.argv = optional(proc.cmdline, pid) or []
            info.cgroup = optional(proc.read_text, pid, "cgroup")
            info.why_ours = own.why_ours(proc, pid, info.cgroup)
            info.ours = info.why_ours is not None
            info.pause = is_pause(info.comm, info.argv)
        except ProcessGone:
            continue
        out.append(info)
    return out
