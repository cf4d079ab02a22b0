"""A build plan: what one image holds, derived from a profile, a distro and options."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from kdimg import __version__
from kdimg.catalog import Tool, load_catalog
from kdimg.distros import Distro, load_distros
from kdimg.errors import ProfileError
from kdimg.options import NONROOT_UID, ImageOptions
from kdimg.profiles import Profile

# What the dbg toolkit itself needs, per package family.
TOOLKIT_PACKAGES = {"apt": ("python3",), "apk": ("python3",)}


@dataclass(frozen=True)
class Plan:
    profile: Profile
    distro: Distro
    options: ImageOptions
    tools: Tuple[Tool, ...]
    packages: Tuple[str, ...]
    extra_packages: Tuple[str, ...]

    @property
    def family(self) -> str:
        return self.distro.family

    @property
    def go_tools(self) -> Tuple[Tool, ...]:
        return tuple(t for t in self.tools if t.go is not None)

    @property
    def user(self) -> str:
        return str(NONROOT_UID) if self.options.nonroot else "0"

    @property
    def default_tag(self) -> str:
        suffix = "-nonroot" if self.options.nonroot else ""
        return f"kdimg/debug:{self.profile.name}-{self.distro.name}{suffix}"

    def manifest_input(self) -> Dict:
        """What the in-image manifest writer needs: each tool and where it came from."""
        tools: List[Dict] = []
        for tool in self.tools:
            if tool.go is not None:
                tools.append({"name": tool.name, "source": "go", "package": tool.go.package, "version": tool.go.version})
            else:
                tools.append({"name": tool.name, "source": self.family, "packages": list(tool.packages_for(self.distro))})
        for pkg in self.extra_packages:
            tools.append({"name": pkg, "source": self.family, "packages": [pkg], "extra": True})
        return {
            "kdimg_version": __version__,
            "profile": self.profile.name,
            "distro": self.distro.name,
            "family": self.family,
            "nonroot": self.options.nonroot,
            "user": self.user,
            "timezone": self.options.timezone,
            "tools": tools,
        }


def make_plan(profile: Profile, options: ImageOptions) -> Plan:
    distro = load_distros()[options.distro]
    if not profile.supports(distro.name):
        raise ProfileError(f"profile '{profile.name}' does not support distro '{distro.name}' (it supports: {', '.join(profile.distros)})")
    catalog = load_catalog()
    tools = tuple(catalog[name] for name in profile.tools)
    packages = set(TOOLKIT_PACKAGES[distro.family])
    for tool in tools:
        packages.update(tool.packages_for(distro))
    extra = tuple(p for p in profile.extra_packages.get(distro.family, ()) if p not in packages)
    if "tzdata" not in packages and options.timezone != "UTC":
        packages.add("tzdata")
    return Plan(
        profile=profile,
        distro=distro,
        options=options,
        tools=tools,
        packages=tuple(sorted(packages)),
        extra_packages=tuple(sorted(set(extra))),
    )
