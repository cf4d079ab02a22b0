"""The distros kdimg builds for (images/distros.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional

from kdimg import resources
from kdimg.schema import NAME, validate
from kdimg.yamlfile import load_yaml

FAMILIES = ("apt", "apk")
IMAGE_REF = r"^[a-z0-9][a-z0-9._/:-]{0,200}$"

SCHEMA = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": NAME},
    "additionalProperties": {
        "type": "object",
        "required": ["family", "base_image", "mirror_default", "go_builder"],
        "additionalProperties": False,
        "properties": {
            "family": {"enum": list(FAMILIES)},
            "base_image": {"type": "string", "pattern": IMAGE_REF},
            "mirror_default": {"type": "string", "pattern": r"^https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/-]*)?$"},
            "go_builder": {"type": "string", "pattern": IMAGE_REF},
            "go_builder_mirror_default": {"type": "string", "pattern": r"^https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._~/-]*)?$"},
            "bootstrap": {
                "type": "object",
                "required": ["suite", "image"],
                "additionalProperties": False,
                "properties": {
                    "suite": {"type": "string", "pattern": NAME},
                    "image": {"type": "string", "pattern": IMAGE_REF},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class Bootstrap:
    suite: str
    image: str


@dataclass(frozen=True)
class Distro:
    name: str
    family: str
    base_image: str
    mirror_default: str
    go_builder: str
    go_builder_mirror_default: Optional[str] = None
    bootstrap: Optional[Bootstrap] = None


@lru_cache(maxsize=None)
def load_distros() -> Dict[str, Distro]:
    path = resources.images_dir() / "distros.yaml"
    data = load_yaml(path)
    validate(data, SCHEMA, str(path))
    out = {}
    for name, entry in data.items():
        boot = entry.get("bootstrap")
        out[name] = Distro(
            name=name,
            family=entry["family"],
            base_image=entry["base_image"],
            mirror_default=entry["mirror_default"],
            go_builder=entry["go_builder"],
            go_builder_mirror_default=entry.get("go_builder_mirror_default"),
            bootstrap=Bootstrap(**boot) if boot else None,
        )
    return out
