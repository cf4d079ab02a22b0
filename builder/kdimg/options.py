"""Build options, checked before anything reaches a Dockerfile or the engine."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kdimg.distros import load_distros
from kdimg.errors import OptionError
from kdimg.schema import unknown

# Strict on purpose: these values are expanded inside RUN lines (as quoted build args)
# and used in sed expressions, so quotes, spaces, '#', '|', '&' and '\' are refused.
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%+-]*)?$")
_TIMEZONE = re.compile(r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+){0,2}$")
_IMAGE_REF = re.compile(
    r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
    r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$"
)
ZONEINFO = Path("/usr/share/zoneinfo")
NONROOT_UID = 65532


def check_distro(name: str) -> str:
    distros = load_distros()
    if name not in distros:
        raise OptionError(unknown("distro", name, distros, "--distro"))
    return name


def check_url(value: str, flag: str) -> str:
    if not _URL.match(value):
        raise OptionError(f"{flag}: {value!r} is not a plain http(s) URL (like http://mirror.example.com/debian)")
    return value.rstrip("/")


def check_goproxy(value: str) -> str:
    """GOPROXY syntax: URLs, 'direct' or 'off', separated by ',' or '|'."""
    for part in re.split(r"[,|]", value):
        if part not in ("direct", "off"):
            check_url(part, "--goproxy")
    return value


def check_timezone(value: str) -> str:
    if not _TIMEZONE.match(value):
        raise OptionError(f"--timezone: {value!r} is not a time zone name (like UTC or Asia/Shanghai)")
    if ZONEINFO.is_dir() and not (ZONEINFO / value).is_file():
        raise OptionError(f"--timezone: unknown time zone {value!r} (see {ZONEINFO}, e.g. UTC, Europe/Berlin, Asia/Shanghai)")
    return value


def check_tag(value: str) -> str:
    if not _IMAGE_REF.match(value) or len(value) > 255:
        raise OptionError(f"--tag: {value!r} is not a valid image reference (like org/k8s-debug:net)")
    return value


def check_ca_cert(path: Path) -> Path:
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        raise OptionError(f"--ca-cert: {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise OptionError(f"--ca-cert: {path}: cannot read a PEM file: {exc}") from None
    if "-----BEGIN CERTIFICATE-----" not in text:
        raise OptionError(f"--ca-cert: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
    return path


@dataclass(frozen=True)
class ImageOptions:
    """Options that change the image's content (and so the rendered Dockerfile)."""

    distro: str = "debian"
    nonroot: bool = False
    timezone: str = "UTC"

    def __post_init__(self):
        check_distro(self.distro)
        check_timezone(self.timezone)


@dataclass(frozen=True)
class BuildSettings:
    """Options of the build environment; they must never end up in the image."""

    mirror: Optional[str] = None
    goproxy: Optional[str] = None
    ca_cert: Optional[Path] = None
    no_cache: bool = False

    def __post_init__(self):
        if self.mirror is not None:
            object.__setattr__(self, "mirror", check_url(self.mirror, "--mirror"))
        if self.goproxy is not None:
            check_goproxy(self.goproxy)
        if self.ca_cert is not None:
            check_ca_cert(self.ca_cert)
