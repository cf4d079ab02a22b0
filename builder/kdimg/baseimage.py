"""Base images: use what the engine has, pull what it can, bootstrap Debian when it can't.

`kdimg base bootstrap` builds a slim Debian root filesystem from Debian's packages with
mmdebstrap (docs, man pages and locales excluded, like debian:*-slim) and imports it
into the engine: air-gapped engines get a base image without any container registry.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from kdimg.distros import Distro, load_distros
from kdimg.engine import Engine
from kdimg.errors import BaseImageError

# What debian:*-slim leaves out (debuerreotype's slimification), as dpkg path filters.
SLIM_DPKG_FILTERS = [
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
    "path-include=/usr/share/locale/locale.alias",
    "path-exclude=/usr/share/lintian/*",
    "path-exclude=/usr/share/linda/*",
    "path-exclude=/usr/share/groff/*",
]
MERGED_USR_HOOKS = "/usr/share/mmdebstrap/hooks/merged-usr"
DEBIAN_SOURCES = """Types: deb
URIs: {mirror}
Suites: {suite} {suite}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: {suite}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""


@dataclass(frozen=True)
class BaseChoice:
    requested: str
    used: str
    how: str  # "local", "pulled", "bootstrap", "bootstrapped"


def _bootstrap_distro_for(ref: str) -> Optional[Distro]:
    for distro in load_distros().values():
        if distro.bootstrap and ref in (distro.base_image, distro.go_builder):
            return distro
    return None


def mmdebstrap_command(suite: str, mirror: str, target: str, default_mirror: str) -> list:
    """Download from `mirror`; the image's own sources name `default_mirror` (no build leftovers)."""
    cmd = ["mmdebstrap", "--variant=minbase", "--mode=root", "--format=tar", "--aptopt=Acquire::Languages \"none\""]
    cmd += [f"--dpkgopt={rule}" for rule in SLIM_DPKG_FILTERS]
    if Path(MERGED_USR_HOOKS).is_dir():  # merged /usr without the usrmerge package (and its perl)
        cmd.append(f"--hook-dir={MERGED_USR_HOOKS}")
    sources = DEBIAN_SOURCES.format(mirror=default_mirror, suite=suite)
    cmd += [
        "--customize-hook=rm -f \"$1/etc/apt/sources.list\"",
        f"--customize-hook=printf '%s' '{sources}' > \"$1/etc/apt/sources.list.d/debian.sources\"",
        "--customize-hook=rm -rf \"$1/var/lib/apt/lists\"/* \"$1/var/cache/apt\"/*.bin \"$1/var/log\"/*.log",
    ]
    cmd += [suite, target, mirror]
    return cmd


def bootstrap(engine: Engine, distro: Distro, suite: Optional[str], mirror: Optional[str], log: Callable[[str], None], image: Optional[str] = None) -> str:
    """Build the distro's base with mmdebstrap and import it as `image` (default: the
    distro's bootstrap image, which `build` falls back to); return the reference."""
    if distro.bootstrap is None:
        bootstrappable = [d.name for d in load_distros().values() if d.bootstrap]
        raise BaseImageError(f"kdimg can bootstrap only {', '.join(bootstrappable)} bases, not {distro.name}")
    if shutil.which("mmdebstrap") is None:
        raise BaseImageError("mmdebstrap is not installed (apt-get install mmdebstrap), so no base can be bootstrapped")
    suite = suite or distro.bootstrap.suite
    mirror = (mirror or distro.mirror_default).rstrip("/")
    if image is None:
        image = distro.bootstrap.image if suite == distro.bootstrap.suite else f"{distro.bootstrap.image.rsplit(':', 1)[0]}:{distro.name}-{suite}"
    with tempfile.TemporaryDirectory(prefix="kdimg-base-") as tmp:
        tarball = str(Path(tmp) / "rootfs.tar")
        log(f"bootstrapping {distro.name} {suite} from {mirror} with mmdebstrap")
        proc = subprocess.run(mmdebstrap_command(suite, mirror, tarball, distro.mirror_default), capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise BaseImageError(f"mmdebstrap failed (exit {proc.returncode}): {last}")
        engine.import_tarball(tarball, image, changes=['CMD ["bash"]', "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])
    log(f"imported {image}")
    return image


def resolve_base(engine: Engine, ref: str, log: Callable[[str], None], mirror: Optional[str] = None) -> BaseChoice:
    """Find an image to use for `ref`: local, pulled, or the bootstrapped Debian base."""
    if engine.has_image(ref):
        return BaseChoice(ref, ref, "local")
    reason = engine.try_pull(ref)
    if reason is None:
        return BaseChoice(ref, ref, "pulled")
    distro = _bootstrap_distro_for(ref)
    if distro is None:
        raise BaseImageError(f"base image {ref} is not available locally and cannot be pulled ({reason})")
    boot = distro.bootstrap.image
    if engine.has_image(boot):
        log(f"{ref} cannot be pulled ({reason}); using the bootstrapped base {boot}")
        return BaseChoice(ref, boot, "bootstrap")
    log(f"{ref} cannot be pulled ({reason}); bootstrapping {boot} from Debian's packages")
    return BaseChoice(ref, bootstrap(engine, distro, None, mirror, log), "bootstrapped")
