"""The tool catalog (images/catalog.yaml): what each tool is and how to get it."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Optional, Tuple

from kdimg import resources
from kdimg.distros import FAMILIES, Distro, load_distros
from kdimg.errors import DefinitionError
from kdimg.schema import NAME, PACKAGE_NAME, validate
from kdimg.yamlfile import load_yaml

_PACKAGES = {
    "oneOf": [
        {"type": "string", "pattern": PACKAGE_NAME},
        {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": PACKAGE_NAME}},
    ]
}

SCHEMA = {
    "type": "object",
    "required": ["tools"],
    "additionalProperties": False,
    "properties": {
        "tools": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": NAME},
            "additionalProperties": {
                "type": "object",
                "required": ["description", "check"],
                "additionalProperties": False,
                "properties": {
                    "description": {"type": "string"},
                    "check": {"type": "string", "minLength": 1},
                    "packages": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": list(FAMILIES),
                        "properties": {family: _PACKAGES for family in FAMILIES},
                    },
                    "overrides": {"type": "object", "additionalProperties": _PACKAGES},
                    "go": {
                        "type": "object",
                        "required": ["package", "version"],
                        "additionalProperties": False,
                        "properties": {
                            "package": {"type": "string", "pattern": r"^[a-z0-9.-]+(/[A-Za-z0-9._~-]+)+$"},
                            "version": {"type": "string", "pattern": r"^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$"},
                            "ldflags": {"type": "string", "pattern": r"^(-X [A-Za-z0-9_./-]+=[A-Za-z0-9._+-]+)( -X [A-Za-z0-9_./-]+=[A-Za-z0-9._+-]+)*$"},
                        },
                    },
                },
                "oneOf": [{"required": ["packages"]}, {"required": ["go"]}],
            },
        }
    },
}


@dataclass(frozen=True)
class GoSource:
    package: str
    version: str
    ldflags: str = ""

    @property
    def binary(self) -> str:
        return self.package.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    check: str
    packages: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    overrides: Dict[str, Tuple[str, ...]] = field(default_factory=dict)
    go: Optional[GoSource] = None

    def packages_for(self, distro: Distro) -> Tuple[str, ...]:
        """Packages that provide this tool on `distro` (empty for Go-built tools)."""
        if self.go is not None:
            return ()
        return self.overrides.get(distro.name, self.packages[distro.family])


def _as_tuple(value) -> Tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache(maxsize=None)
def load_catalog() -> Dict[str, Tool]:
    path = resources.images_dir() / "catalog.yaml"
    data = load_yaml(path)
    validate(data, SCHEMA, str(path))
    distros = load_distros()
    tools = {}
    for name, entry in data["tools"].items():
        overrides = {d: _as_tuple(p) for d, p in entry.get("overrides", {}).items()}
        for distro_name in overrides:
            if distro_name not in distros:
                raise DefinitionError(f"{path}: tool '{name}' overrides unknown distro '{distro_name}' (valid: {', '.join(sorted(distros))})")
        tools[name] = Tool(
            name=name,
            description=entry["description"],
            check=entry["check"],
            packages={fam: _as_tuple(p) for fam, p in entry.get("packages", {}).items()},
            overrides=overrides,
            go=GoSource(**entry["go"]) if "go" in entry else None,
        )
    return tools
