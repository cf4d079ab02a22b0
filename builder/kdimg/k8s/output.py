"""Write a command's result: to stdout, or atomically to a file (all of it or nothing)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

from kdimg.k8s.errors import K8sError


def write(text: str, path: Optional[Path]) -> None:
    if path is None or str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise K8sError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise K8sError(f"{path}: cannot write: {exc.strerror or exc}") from None
