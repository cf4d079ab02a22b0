"""The Docker build context: the rendered Dockerfile plus what its COPY lines need.

Layout (the Dockerfile relies on it):
    Dockerfile
    kdimg/      in-image helpers (dbg launcher, manifest writer) and plan.json
    toolkit/dbg the dbg toolkit
    build-ca/   the --ca-cert file, or empty; only the Go stage copies it
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Optional

from kdimg import resources
from kdimg.plan import Plan
from kdimg.render import render_dockerfile

# Fixed mtimes and modes keep the build cache keyed on content only.
_EPOCH = 946684800  # 2000-01-01
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".pytest_cache")


def _normalise(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            executable = os.stat(path).st_mode & 0o100
            os.chmod(path, 0o755 if executable else 0o644)
            os.utime(path, (_EPOCH, _EPOCH))
        os.utime(dirpath, (_EPOCH, _EPOCH))


def write_context(plan: Plan, dest: Path, ca_cert: Optional[Path] = None) -> Path:
    """Write a complete build context for `plan` into the empty or new directory `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        from kdimg.errors import KdimgError

        raise KdimgError(f"{dest}: directory is not empty; give a new or empty directory")
    (dest / "Dockerfile").write_text(render_dockerfile(plan), encoding="utf-8")
    helpers = dest / "kdimg"
    shutil.copytree(resources.inimage_dir(), helpers, ignore=_SKIP)
    (helpers / "plan.json").write_text(json.dumps(plan.manifest_input(), indent=2) + "\n", encoding="utf-8")
    shutil.copytree(resources.toolkit_dir() / "dbg", dest / "toolkit" / "dbg", ignore=_SKIP)
    ca_dir = dest / "build-ca"
    ca_dir.mkdir()
    if ca_cert is not None:
        shutil.copyfile(ca_cert, ca_dir / "extra.crt")
    (dest / ".dockerignore").write_text("**/__pycache__\n", encoding="utf-8")
    _normalise(dest)
    return dest
