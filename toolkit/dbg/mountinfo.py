"""Pure parser for /proc/PID/mountinfo (see proc_pid_mountinfo(5)).

A line is::

    36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
    id parent maj:min root mount-point per-mount-options [optional...] - fstype source super-options

The kernel octal-escapes space, tab, newline and backslash in root, mount
point and source (``\\040 \\011 \\012 \\134``).  Text is expected decoded with
``surrogateescape`` so that non-UTF-8 bytes survive.  No I/O here.
"""
from __future__ import annotations

import re

from dbg.errors import DbgError

_OCTAL = re.compile(r"\\([0-3][0-7][0-7])")
_DEVICE = re.compile(r"^[0-9]+:[0-9]+$")
_KERNEL_ESCAPED = " \t\n\\"


class MountinfoError(DbgError):
    """A mountinfo line that cannot be parsed."""


def unescape(field: str) -> str:
    """Undo the kernel's octal escaping of one field."""
    if "\\" not in field:
        return field

    def repl(m: "re.Match[str]") -> str:
        n = int(m.group(1), 8)
        if n < 0x80:
            return chr(n)
        return bytes([n]).decode("utf-8", "surrogateescape")

    return _OCTAL.sub(repl, field)


def escape(path: str) -> str:
    """Escape ``path`` the way the kernel does in mountinfo (mangle_path)."""
    return "".join("\\%03o" % ord(c) if c in _KERNEL_ESCAPED else c for c in path)


class Mount:
    """One mountinfo line."""

    __slots__ = (
        "mount_id", "parent_id", "device", "root", "mount_point", "options",
        "optional", "fstype", "source", "super_options",
    )

    def __init__(self, mount_id: int, parent_id: int, device: str, root: str,
                 mount_point: str, options: "tuple[str, ...]", optional: "tuple[str, ...]",
                 fstype: str, source: str, super_options: "tuple[str, ...]") -> None:
        self.mount_id = mount_id
        self.parent_id = parent_id
        self.device = device
        self.root = root
        self.mount_point = mount_point
        self.options = options
        self.optional = optional
        self.fstype = fstype
        self.source = source
        self.super_options = super_options

    @property
    def read_only(self) -> bool:
        """Read-only as the per-mount option field says (not the super options)."""
        return "ro" in self.options

    def __repr__(self) -> str:
        return "Mount(%d %r on %r type %s)" % (self.mount_id, self.root, self.mount_point, self.fstype)


def parse_line(line: str) -> Mount:
    """Parse one mountinfo line; raise MountinfoError when malformed."""
    fields = line.rstrip("\n").split(" ")
    try:
        sep = fields.index("-", 6)
    except ValueError:
        raise MountinfoError("no ' - ' separator after the optional fields") from None
    if len(fields) < sep + 3:
        raise MountinfoError("missing filesystem type or source after ' - '")
    try:
        mount_id, parent_id = int(fields[0]), int(fields[1])
    except ValueError:
        raise MountinfoError("mount id and parent id must be numbers") from None
    if not _DEVICE.match(fields[2]):
        raise MountinfoError("bad major:minor field %r" % fields[2][:40])
    # root is usually a path, but nsfs shows e.g. "net:[4026532565]"
    root, mount_point = unescape(fields[3]), unescape(fields[4])
    if not mount_point.startswith("/"):
        raise MountinfoError("mount point must be an absolute path")
    return Mount(
        mount_id, parent_id, fields[2], root, mount_point,
        tuple(fields[5].split(",")), tuple(f for f in fields[6:sep] if f),
        fields[sep + 1], unescape(fields[sep + 2]),
        tuple(" ".join(fields[sep + 3:]).split(",")) if len(fields) > sep + 3 else (),
    )


def _parse(text: str, strict: bool) -> "tuple[list[Mount], list[str]]":
    mounts, problems = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            mounts.append(parse_line(line))
        except MountinfoError as exc:
            if strict:
                raise MountinfoError("mountinfo line %d: %s" % (number, exc)) from None
            problems.append("mountinfo line %d skipped: %s" % (number, exc))
    return mounts, problems


def parse_mountinfo(text: str) -> "list[Mount]":
    """Parse a whole mountinfo file; the first bad line raises MountinfoError."""
    return _parse(text, strict=True)[0]


def parse_mountinfo_lenient(text: str) -> "tuple[list[Mount], list[str]]":
    """Parse what can be parsed; return (mounts, one message per bad line)."""
    return _parse(text, strict=False)


def covers(mount_point: str, path: str) -> bool:
    """True when ``path`` is ``mount_point`` or below it."""
    return mount_point == "/" or path == mount_point or path.startswith(mount_point + "/")


def mount_for(path: str, mounts: "list[Mount]") -> "Mount | None":
    """The mount that holds ``path``: longest covering mount point, the later one on ties."""
    best = None
    for m in mounts:
        if covers(m.mount_point, path) and (best is None or len(m.mount_point) >= len(best.mount_point)):
            best = m
    return best


def shadowed_ids(mounts: "list[Mount]") -> "set[int]":
    """Ids of mounts hidden by a later mount on the same mount point."""
    top: "dict[str, int]" = {}
    hidden = set()
    for m in mounts:
        if m.mount_point in top:
            hidden.add(top[m.mount_point])
        top[m.mount_point] = m.mount_id
    return hidden
