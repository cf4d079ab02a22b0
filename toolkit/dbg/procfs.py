"""All reads of /proc go through ProcFS, which maps OSErrors to DbgErrors.

The root is injectable (``ProcFS("/tmp/fake/proc")``; the CLI takes the hidden
``--proc-root`` option or ``DBG_PROC_ROOT``) so tests can use a fake tree.
The three primitives ``_read``, ``_readlink`` and ``_listdir`` are the only
places that touch the file system; tests replace them to inject errors.
"""
from __future__ import annotations

import errno
import os

from dbg.errors import AccessDenied, DbgError, ProcessGone
from dbg.text import printable

_GONE = (errno.ENOENT, errno.ESRCH)


def ptrace_hint(uid: "int | None") -> str:
    who = "running as uid %d" % uid if uid is not None else "running as the target's uid"
    return ("needs CAP_SYS_PTRACE or %s: e.g. `kubectl debug --profile=general` (adds SYS_PTRACE), "
            "`--custom` with securityContext.runAsUser, or docker --cap-add SYS_PTRACE" % who)


class ProcFS:
    def __init__(self, root: str = "/proc") -> None:
        self.root = root.rstrip("/") or "/"

    # -- primitives (the only I/O) ------------------------------------------------
    def _read(self, path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()

    def _readlink(self, path: str) -> str:
        return os.readlink(path)

    def _listdir(self, path: str) -> "list[str]":
        return os.listdir(path)

    # -- helpers ------------------------------------------------------------------
    def path(self, pid: "int | str", name: str = "") -> str:
        base = "%s/%s" % (self.root, pid)
        return base + "/" + name if name else base

    def alive(self, pid: "int | str") -> bool:
        return os.path.isdir(self.path(pid))

    def uid_of(self, pid: "int | str") -> "int | None":
        try:
            return self.status(pid).uid
        except DbgError:
            return None

    def access_hint(self, pid: "int | str") -> str:
        """What would give dbg access to the target's /proc entries."""
        from dbg import capabilities

        try:
            ours = self.status("self")
        except DbgError:
            ours = None
        if ours is not None and ours.cap_eff is not None and capabilities.has(ours.cap_eff, "CAP_SYS_PTRACE"):
            return ("dbg already has CAP_SYS_PTRACE: the target is probably in another user namespace "
                    "(hostUsers: false, kubernetes #117159) or an LSM (AppArmor/SELinux) denies it")
        return ptrace_hint(self.uid_of(pid))

    def fail(self, exc: OSError, pid: "int | str", name: str) -> DbgError:
        """The DbgError for an OSError met while reading ``/proc/PID/name``."""
        shown = printable("/proc/%s/%s" % (pid, name) if name else "/proc/%s" % pid)
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
            hint = self.access_hint(pid) if name != "status" else "needs CAP_SYS_PTRACE"
            return AccessDenied("cannot read %s: permission denied (%s)" % (shown, hint))
        if exc.errno in _GONE and pid != "self" and not self.alive(pid):
            return ProcessGone("process %s exited while dbg was reading it" % pid)
        if exc.errno == errno.ELOOP:
            return DbgError("cannot read %s: too many levels of symbolic links" % shown)
        return DbgError("cannot read %s: %s" % (shown, exc.strerror or exc))

    # -- per-process reads ----------------------------------------------------------
    def read_bytes(self, pid: "int | str", name: str, missing_ok: bool = False) -> "bytes | None":
        try:
            return self._read(self.path(pid, name))
        except OSError as exc:
            err = self.fail(exc, pid, name)
            if missing_ok and exc.errno in _GONE and not isinstance(err, ProcessGone):
                return None
            raise err from None

    def read_text(self, pid: "int | str", name: str, missing_ok: bool = False) -> "str | None":
        data = self.read_bytes(pid, name, missing_ok)
        return None if data is None else data.decode("utf-8", "surrogateescape")

    def readlink(self, pid: "int | str", name: str) -> str:
        try:
            return self._readlink(self.path(pid, name))
        except OSError as exc:
            raise self.fail(exc, pid, name) from None

    def listdir(self, pid: "int | str", name: str) -> "list[str]":
        try:
            return self._listdir(self.path(pid, name))
        except OSError as exc:
            raise self.fail(exc, pid, name) from None

    def status(self, pid: "int | str"):
        from dbg.status import parse_status

        return parse_status(self.read_text(pid, "status"))

    def stat(self, pid: "int | str"):
        from dbg.pidstat import parse_stat

        return parse_stat(self.read_text(pid, "stat"))

    def cmdline(self, pid: "int | str") -> "list[str]":
        from dbg.pidstat import parse_cmdline

        return parse_cmdline(self.read_bytes(pid, "cmdline"))

    def mountinfo(self, pid: "int | str"):
        """(mounts, problems): unparsable lines become problems, not errors."""
        from dbg.mountinfo import parse_mountinfo_lenient

        return parse_mountinfo_lenient(self.read_text(pid, "mountinfo"))

    def root_dir(self, pid: "int | str") -> str:
        """Host path of the target's root directory (``/proc/PID/root``)."""
        return self.path(pid, "root")

    # -- whole-system reads -------------------------------------------------------------
    def pids(self) -> "list[int]":
        try:
            names = self._listdir(self.root)
        except OSError as exc:
            raise DbgError("cannot list %s: %s" % (printable(self.root), exc.strerror or exc)) from None
        return sorted(int(n) for n in names if n.isdigit())

    def self_pid(self) -> "int | None":
        try:
            link = self._readlink(self.root + "/self")
        except OSError:
            return None
        return int(link) if link.isdigit() else None

    def read_system(self, name: str) -> "str | None":
        """A system-wide file such as ``stat`` or ``sys/kernel/yama/ptrace_scope``; None if unreadable."""
        try:
            return self._read(self.root + "/" + name).decode("utf-8", "surrogateescape")
        except OSError:
            return None
