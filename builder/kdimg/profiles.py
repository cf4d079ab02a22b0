"""Profiles: named sets of tools (images/profiles/*.yaml or a user's YAML file).

A profile may `extends` others, drop inherited tools with `exclude`, add
`extra_packages` per package family, and restrict itself to some `distros`.
Everything is checked up front; every problem is a ProfileError naming the bad
value and the valid choices.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from kdimg import resources
from kdimg.catalog import load_catalog
from kdimg.distros import FAMILIES, load_distros
from kdimg.errors import ProfileError
from kdimg.schema import NAME, PACKAGE_NAME, choices, unknown, validate
from kdimg.yamlfile import load_yaml

_NAMES = {"type": "array", "items": {"type": "string"}}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "extends": {"oneOf": [{"type": "string"}, _NAMES]},
        "tools": _NAMES,
        "exclude": _NAMES,
        "distros": _NAMES,
        "extra_packages": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                family: {"type": "array", "items": {"type": "string", "pattern": PACKAGE_NAME}}
                for family in FAMILIES
            },
        },
    },
}


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    tools: Tuple[str, ...]
    extra_packages: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    distros: Tuple[str, ...] = ()
    source: Optional[Path] = None

    def supports(self, distro: str) -> bool:
        return not self.distros or distro in self.distros


def builtin_profiles() -> List[str]:
    return sorted(p.stem for p in resources.profiles_dir().glob("*.yaml"))


def _is_path(ref: str) -> bool:
    return "/" in ref or ref.endswith((".yaml", ".yml"))


def _locate(ref: str, relative_to: Optional[Path]) -> Path:
    if _is_path(ref):
        path = Path(ref).expanduser()
        if not path.is_absolute() and relative_to is not None:
            path = relative_to.parent / path
        return path
    if ref not in builtin_profiles():
        raise ProfileError(unknown("profile", ref, builtin_profiles(), "the profile list" if relative_to is None else str(relative_to)))
    return resources.profiles_dir() / f"{ref}.yaml"


def _profile_name(path: Path) -> str:
    """A profile is named by its file's stem; the name reaches labels and tags."""
    if not re.match(NAME, path.stem):
        raise ProfileError(f"{path}: a profile file name must be lowercase letters, digits, '.', '_' or '-' before .yaml")
    return path.stem


def load_profile(ref: str) -> Profile:
    """Load, resolve and validate the profile named `ref` (a built-in name or a YAML path)."""
    return _resolve(ref, None, ())


def _resolve(ref: str, parent: Optional[Path], chain: Tuple[Path, ...]) -> Profile:
    path = _locate(ref, parent)
    where = str(path) if _is_path(ref) else f"profile '{ref}'"
    if path.resolve() in chain:
        cycle = " -> ".join(p.stem for p in chain + (path.resolve(),))
        raise ProfileError(f"profile cycle: {cycle}")
    data = load_yaml(path, ProfileError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: expected a mapping of profile keys, got {type(data).__name__}")
    validate(data, SCHEMA, where, ProfileError)

    catalog = load_catalog()
    distros = load_distros()
    for key in ("tools", "exclude"):
        for tool in data.get(key, []):
            if tool not in catalog:
                raise ProfileError(unknown("tool", tool, catalog, where))
    for distro in data.get("distros", []):
        if distro not in distros:
            raise ProfileError(unknown("distro", distro, distros, where))

    parents = data.get("extends", [])
    if isinstance(parents, str):
        parents = [parents]
    tools: List[str] = []
    extra: Dict[str, List[str]] = {family: [] for family in FAMILIES}
    supported: Optional[set] = None
    for parent_ref in parents:
        inherited = _resolve(parent_ref, path, chain + (path.resolve(),))
        _extend(tools, inherited.tools)
        for family, pkgs in inherited.extra_packages.items():
            _extend(extra[family], pkgs)
        if inherited.distros:
            supported = set(inherited.distros) if supported is None else supported & set(inherited.distros)
    _extend(tools, data.get("tools", []))
    for family, pkgs in data.get("extra_packages", {}).items():
        _extend(extra[family], pkgs)
    excluded = set(data.get("exclude", []))
    tools = [t for t in tools if t not in excluded]
    if "distros" in data:
        own = set(data["distros"])
        supported = own if supported is None else supported & own
    if not tools and not any(extra.values()):
        raise ProfileError(f"{where}: the profile has no tools (add 'tools:' or 'extends:'; tools: {choices(catalog)})")
    return Profile(
        name=_profile_name(path),
        description=data.get("description", ""),
        tools=tuple(tools),
        extra_packages={family: tuple(p) for family, p in extra.items() if p},
        distros=tuple(sorted(supported)) if supported is not None else (),
        source=path,
    )


def _extend(target: List[str], items) -> None:
    for item in items:
        if item not in target:
            target.append(item)
