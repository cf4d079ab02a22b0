"""Pure parser for /proc/PID/status: identity, credentials and capabilities."""
from __future__ import annotations


class Status:
    """The fields of /proc/PID/status that dbg uses (missing ones stay None/empty)."""

    __slots__ = ("name", "state", "pid", "ppid", "uids", "gids", "groups", "cap_inh", "cap_prm",
                 "cap_eff", "cap_bnd", "cap_amb", "no_new_privs", "seccomp", "vmrss_kb", "raw")

    def __init__(self) -> None:
        self.name: "str | None" = None
        self.state: "str | None" = None
        self.pid: "int | None" = None
        self.ppid: "int | None" = None
        self.uids: "tuple[int, ...]" = ()   # real, effective, saved, fs
        self.gids: "tuple[int, ...]" = ()
        self.groups: "tuple[int, ...]" = ()
        self.cap_inh = self.cap_prm = self.cap_eff = self.cap_bnd = self.cap_amb = None  # type: int | None
        self.no_new_privs: "int | None" = None
        self.seccomp: "int | None" = None
        self.vmrss_kb: "int | None" = None
        self.raw: "dict[str, str]" = {}

    @property
    def uid(self) -> "int | None":
        """Effective UID."""
        return self.uids[1] if len(self.uids) > 1 else (self.uids[0] if self.uids else None)

    @property
    def fsuid(self) -> "int | None":
        return self.uids[3] if len(self.uids) > 3 else self.uid

    @property
    def gid(self) -> "int | None":
        return self.gids[1] if len(self.gids) > 1 else (self.gids[0] if self.gids else None)

    @property
    def fsgid(self) -> "int | None":
        return self.gids[3] if len(self.gids) > 3 else self.gid

    def access_uids(self) -> "set[int]":
        """UIDs the kernel may check file access against (effective and fs UID)."""
        return {u for u in (self.uid, self.fsuid) if u is not None}

    def access_gids(self) -> "set[int]":
        """Effective and fs GID plus all supplementary groups."""
        return {g for g in (self.gid, self.fsgid) if g is not None} | set(self.groups)


def _ints(value: str) -> "tuple[int, ...]":
    out = []
    for part in value.split():
        try:
            out.append(int(part))
        except ValueError:
            pass
    return tuple(out)


def _hex(value: str) -> "int | None":
    try:
        return int(value.strip(), 16)
    except ValueError:
        return None


def _int(value: str) -> "int | None":
    try:
        return int(value.split()[0])
    except (ValueError, IndexError):
        return None


_CAPS = {"CapInh": "cap_inh", "CapPrm": "cap_prm", "CapEff": "cap_eff", "CapBnd": "cap_bnd", "CapAmb": "cap_amb"}


def parse_status(text: str) -> Status:
    st = Status()
    for line in text.split("\n"):
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.strip()
        st.raw[key] = value
        if key == "Name":
            st.name = value
        elif key == "State":
            st.state = value[:1] or None
        elif key == "Pid":
            st.pid = _int(value)
        elif key == "PPid":
            st.ppid = _int(value)
        elif key == "Uid":
            st.uids = _ints(value)
        elif key == "Gid":
            st.gids = _ints(value)
        elif key == "Groups":
            st.groups = _ints(value)
        elif key in _CAPS:
            setattr(st, _CAPS[key], _hex(value))
        elif key == "NoNewPrivs":
            st.no_new_privs = _int(value)
        elif key == "Seccomp":
            st.seccomp = _int(value)
        elif key == "VmRSS":
            st.vmrss_kb = _int(value)
    return st
