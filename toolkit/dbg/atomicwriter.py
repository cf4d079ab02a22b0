"""What the kubelet's AtomicWriter leaves in a Secret/ConfigMap/projected volume.

Layout (kubernetes pkg/volume/util/atomic_writer.go)::

    ..2024_01_01_00_00_00.123456789/   real files (suffix: os.MkdirTemp random)
    ..data -> ..2024_01_01_00_00_00.123456789
    key    -> ..data/key               one relative link per top-level name
    foo    -> ..data/foo               nested key foo/bar is reached through foo

Pure helpers only (names and paths in, answers out).
"""
from __future__ import annotations

import re

DATA_LINK = "..data"
# ..YYYY_MM_DD_HH_MM_SS.<random digits> as a path component
TIMESTAMP_DIR = re.compile(r"(?:^|/)\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+(?=/|$)")

SYMLINK_WARNING = (
    "entries are symlinks into ..data/: programs that skip symlinks (e.g. the go-ethereum "
    "keystore) will not see them, and directory walks can pick up the ..<timestamp> copies "
    "(coredns, telegraf); copy dereferenced files with `dbg copy-secrets` in an init container"
)
SUBPATH_WARNING = (
    "subPath mount: it never receives Secret/ConfigMap updates (the kubelet swaps ..data, "
    "the bind mount keeps the old file), and restarts can fail once the old dir is removed "
    "(kubernetes #68211); mount the whole volume instead"
)


def is_internal_name(name: str) -> bool:
    """``..data``, ``..data_tmp`` and ``..<timestamp>``: AtomicWriter bookkeeping, not payload."""
    return name.startswith("..")


def visible_names(names: "list[str]") -> "list[str]":
    return sorted(n for n in names if not is_internal_name(n))


def in_timestamp_dir(path: str) -> bool:
    """True when ``path`` goes through a ``..<timestamp>`` directory (a subPath into a volume)."""
    return TIMESTAMP_DIR.search(path) is not None
