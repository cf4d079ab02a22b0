"""Where kdimg's data lives: images/ (templates, catalog, profiles) and toolkit/.

In a wheel they are shipped as package data (kdimg/_images, kdimg/_toolkit); in a
source checkout they are the repository's own images/ and toolkit/ directories.
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PACKAGE_DIR.parent.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    from kdimg.errors import KdimgError

    raise KdimgError(f"kdimg data directory not found (looked in {', '.join(map(str, candidates))})")


def images_dir() -> Path:
    """KDIMG_IMAGES_DIR points kdimg at another catalog/profiles/templates tree."""
    override = os.environ.get("KDIMG_IMAGES_DIR")
    if override:
        return _first_existing(Path(override))
    return _first_existing(_PACKAGE_DIR / "_images", _REPO_ROOT / "images")


def toolkit_dir() -> Path:
    """KDIMG_TOOLKIT_DIR points kdimg at another copy of the dbg toolkit."""
    override = os.environ.get("KDIMG_TOOLKIT_DIR")
    if override:
        return _first_existing(Path(override))
    return _first_existing(_PACKAGE_DIR / "_toolkit", _REPO_ROOT / "toolkit")


def templates_dir() -> Path:
    return images_dir() / "templates"


def profiles_dir() -> Path:
    return images_dir() / "profiles"


def inimage_dir() -> Path:
    """Helpers copied into every image (launcher, manifest writer)."""
    return images_dir() / "inimage"


def verification_dir() -> Path:
    """The pytest-testinfra checks run against built images."""
    return _PACKAGE_DIR / "verification"
