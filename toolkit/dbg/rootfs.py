"""The target's file system, seen through /proc/PID/root, with symlinks resolved inside it.

Going through ``/proc/PID/root`` enters the target's root and mounts, but the
kernel resolves an *absolute* symlink met on the way against the caller's own
root (the debug container!).  ``TargetRoot.resolve`` therefore walks paths
component by component, re-rooting absolute link targets at the target's root,
clamping ``..`` at ``/`` (as the kernel does for the target) and detecting
loops with a visited set and the kernel's limit of 40 links.

The primitives ``lstat``, ``readlink``, ``listdir``, ``statvfs`` are the only
I/O; tests replace them to inject errors.
"""
from __future__ import annotations

import errno
import os
import stat as _stat

MAX_HOPS = 40  # the kernel's MAXSYMLINKS


def split(path: str) -> "list[str]":
    return [p for p in path.split("/") if p and p != "."]


def lexical_join(base_dir: str, target: str) -> "tuple[str, bool]":
    """Where link text ``target`` in ``base_dir`` points, lexically; (path, climbed above /)."""
    parts = [] if target.startswith("/") else split(base_dir)
    clamped = False
    for p in split(target):
        if p == "..":
            if parts:
                parts.pop()
            else:
                clamped = True
        else:
            parts.append(p)
    return "/" + "/".join(parts), clamped


def normalize(path: str) -> str:
    return lexical_join("/", path)[0]


def parent(path: str) -> str:
    return path.rsplit("/", 1)[0] or "/"


class Resolution:
    """Outcome of resolving a path inside the target's root."""

    __slots__ = ("path", "final", "status", "hops", "error", "errno", "clamped", "lstat")

    def __init__(self, path: str) -> None:
        self.path = path
        self.final = path
        self.status = "ok"  # ok | missing | dangling | loop | error
        self.hops: "list[dict]" = []
        self.error: "str | None" = None
        self.errno: "int | None" = None
        self.clamped = False  # a ``..`` tried to climb above the target's /
        self.lstat: "os.stat_result | None" = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class TargetRoot:
    def __init__(self, host_root: str) -> None:
        self.host_root = host_root.rstrip("/")

    def host(self, path: str) -> str:
        """Host path for target path ``path`` (absolute, normalized)."""
        return self.host_root + path if path != "/" else self.host_root + "/"

    # -- primitives --------------------------------------------------------------------
    def lstat(self, path: str) -> os.stat_result:
        return os.lstat(self.host(path))

    def readlink(self, path: str) -> str:
        return os.readlink(self.host(path))

    def listdir(self, path: str) -> "list[str]":
        return os.listdir(self.host(path))

    def statvfs(self, path: str):
        return os.statvfs(self.host(path))

    # -- resolution ------------------------------------------------------------------------
    def resolve(self, path: str, follow_last: bool = True, trusted: "str | None" = None) -> Resolution:
        """Resolve ``path`` (absolute in the target) hop by hop.

        ``trusted`` is an already-canonical directory prefix of ``path`` (e.g. a
        mount point from mountinfo) whose components need no checking.
        """
        res = Resolution(path)
        path = "/" + path.lstrip("/") if not path.startswith("/") else path
        done: "list[str]" = []
        parts = split(path)
        if trusted and trusted != "/" and (path == trusted or path.startswith(trusted + "/")):
            done = split(trusted)
            parts = split(path[len(trusted):])
        seen = set()
        last = None
        while parts:
            c = parts.pop(0)
            if c == "..":
                if done:
                    done.pop()
                else:
                    res.clamped = True
                last = None
                continue
            cand = "/" + "/".join(done + [c])
            try:
                st = self.lstat(cand)
            except OSError as exc:
                res.final = "/".join([cand] + parts)
                res.errno = exc.errno
                if exc.errno == errno.ENOENT:
                    res.status = "dangling" if res.hops else "missing"
                    res.error = "%s does not exist" % cand
                else:
                    res.status = "error"
                    res.error = "%s: %s" % (cand, exc.strerror or exc)
                return res
            if _stat.S_ISLNK(st.st_mode) and (parts or follow_last):
                key = (cand, tuple(parts))
                if key in seen or len(res.hops) >= MAX_HOPS:
                    res.status, res.final = "loop", cand
                    res.error = "symbolic link loop at %s (ELOOP)" % cand
                    res.errno = errno.ELOOP
                    return res
                seen.add(key)
                try:
                    target = self.readlink(cand)
                except OSError as exc:
                    res.status, res.final, res.errno = "error", cand, exc.errno
                    res.error = "%s: %s" % (cand, exc.strerror or exc)
                    return res
                nxt, clamped = lexical_join(parent(cand), target)
                res.hops.append({"link": cand, "target": target, "next": nxt, "absolute": target.startswith("/"),
                                 "climbs_above_root": clamped})
                if target.startswith("/"):
                    done = []
                parts = split(target) + parts
                last = None
                continue
            if parts and not _stat.S_ISDIR(st.st_mode):
                res.status, res.final, res.errno = "error", cand, errno.ENOTDIR
                res.error = "%s is not a directory" % cand
                return res
            done.append(c)
            last = st
        res.final = "/" + "/".join(done)
        if res.hops and any(h["climbs_above_root"] for h in res.hops):
            res.clamped = True
        if last is None:
            try:
                last = self.lstat(res.final)
            except OSError as exc:
                res.status, res.errno = "error", exc.errno
                res.error = "%s: %s" % (res.final, exc.strerror or exc)
                return res
        res.lstat = last
        return res
