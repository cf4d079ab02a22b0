"""Would the target's credentials get read/write access to a file? Pure.

Follows the kernel's generic_permission(): root-like access comes only from
capabilities (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH in the effective set),
otherwise exactly one class of mode bits applies: owner if the UID matches,
else group if any of the GIDs matches, else other.
"""
from __future__ import annotations

import stat as _stat

from dbg import capabilities
from dbg.status import Status

READ, WRITE, EXEC = 4, 2, 1


class Credentials:
    __slots__ = ("uids", "gids", "cap_eff")

    def __init__(self, uids: "set[int]", gids: "set[int]", cap_eff: "int | None") -> None:
        self.uids = uids
        self.gids = gids
        self.cap_eff = cap_eff or 0

    @classmethod
    def from_status(cls, st: Status) -> "Credentials":
        cap = st.cap_eff
        if cap is None and 0 in st.access_uids():
            cap = capabilities.full_mask()  # old kernels without CapEff: assume classic root
        return cls(st.access_uids(), st.access_gids(), cap)

    def describe(self) -> str:
        uid = ",".join(str(u) for u in sorted(self.uids)) or "?"
        gids = ",".join(str(g) for g in sorted(self.gids)) or "?"
        return "uid %s (gids %s)" % (uid, gids)


def _class_bits(cred: Credentials, mode: int, uid: int, gid: int) -> int:
    if uid in cred.uids:
        return (mode >> 6) & 7
    if gid in cred.gids:
        return (mode >> 3) & 7
    return mode & 7


def may_access(cred: Credentials, mode: int, uid: int, gid: int, want: int) -> bool:
    """``want`` is a mask of READ/WRITE/EXEC; directories need EXEC to be used."""
    is_dir = _stat.S_ISDIR(mode)
    if capabilities.has(cred.cap_eff, "CAP_DAC_OVERRIDE"):
        if not (want & EXEC) or is_dir or mode & 0o111:
            return True
    if capabilities.has(cred.cap_eff, "CAP_DAC_READ_SEARCH"):
        rest = want & ~READ
        if is_dir:
            rest &= ~EXEC
        if not rest:
            return True
    return _class_bits(cred, mode, uid, gid) & want == want


def can_read(cred: Credentials, mode: int, uid: int, gid: int) -> bool:
    """Read a file, or list and enter a directory."""
    want = READ | EXEC if _stat.S_ISDIR(mode) else READ
    return may_access(cred, mode, uid, gid, want)


def can_write(cred: Credentials, mode: int, uid: int, gid: int) -> bool:
    """Write a file, or create entries in a directory (mount flags are checked by the caller)."""
    want = WRITE | EXEC if _stat.S_ISDIR(mode) else WRITE
    return may_access(cred, mode, uid, gid, want)
