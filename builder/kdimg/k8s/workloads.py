"""Workload kinds: where each keeps its pod spec, and access to containers and volumes in it."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from kdimg.k8s.errors import K8sError


@dataclass(frozen=True)
class Kind:
    name: str
    api_version: str
    pod_spec_path: Tuple[str, ...]
    model: str  # the kubernetes client's model class

    @property
    def pod_spec_where(self) -> str:
        return ".".join(self.pod_spec_path)


_TEMPLATE = ("spec", "template", "spec")
KINDS: Dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("Pod", "v1", ("spec",), "V1Pod"),
        Kind("Deployment", "apps/v1", _TEMPLATE, "V1Deployment"),
        Kind("StatefulSet", "apps/v1", _TEMPLATE, "V1StatefulSet"),
        Kind("DaemonSet", "apps/v1", _TEMPLATE, "V1DaemonSet"),
        Kind("ReplicaSet", "apps/v1", _TEMPLATE, "V1ReplicaSet"),
        Kind("Job", "batch/v1", _TEMPLATE, "V1Job"),
        Kind("CronJob", "batch/v1", ("spec", "jobTemplate", "spec", "template", "spec"), "V1CronJob"),
    )
}
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def kind_of(obj: Any, where: str) -> Optional[Kind]:
    """The workload kind of a Kubernetes object, or None for other kinds (they pass through)."""
    kind = obj.get("kind")
    if not isinstance(kind, str) or not kind:
        raise K8sError(f"{where} has no kind: it is not a Kubernetes object")
    spec = KINDS.get(kind)
    if spec is None:
        close = difflib.get_close_matches(kind, list(KINDS), n=1, cutoff=0.6)
        if close or kind.lower() in {k.lower() for k in KINDS}:
            hint = close[0] if close else next(k for k in KINDS if k.lower() == kind.lower())
            raise K8sError(f"{where}: unknown kind {kind!r} (did you mean {hint}?)")
        return None
    api_version = obj.get("apiVersion")
    if api_version != spec.api_version:
        raise K8sError(f"{where}: a {kind} needs apiVersion {spec.api_version}, not {api_version!r}")
    return spec


def names(items: Any) -> List[str]:
    return [str(item.get("name")) for item in items or [] if isinstance(item, dict)]


def listing(label: str, values: List[str]) -> str:
    return f"{label}: {', '.join(values)}" if values else f"no {label}"


class Workload:
    """A workload object (round-trip YAML data) and the pod spec inside it."""

    def __init__(self, obj: Any, kind: Kind):
        self.obj = obj
        self.kind = kind
        metadata = obj.get("metadata")
        self.name = str(metadata.get("name")) if isinstance(metadata, dict) else ""
        self.label = f"{kind.name}/{self.name}"
        self.pod_spec = self._pod_spec()

    def _pod_spec(self) -> Any:
        node = self.obj
        for depth, key in enumerate(self.kind.pod_spec_path):
            node = node.get(key) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                where = ".".join(self.kind.pod_spec_path[: depth + 1])
                raise K8sError(f"{self.label} has no {where} mapping (a {self.kind.name} keeps its pod spec at {self.kind.pod_spec_where})")
        return node

    def containers(self, section: str = "containers") -> Any:
        items = self.pod_spec.get(section)
        if items is None and section != "containers":
            return []
        if not isinstance(items, list) or not items:
            raise K8sError(f"{self.label}: {self.kind.pod_spec_where}.{section} must be a non-empty list of containers")
        return items

    def container_names(self, section: str = "containers") -> List[str]:
        return names(self.containers(section))

    def container(self, name: Optional[str]) -> Any:
        """The app container named NAME; without a name, the only one (or a clear error)."""
        items = self.containers()
        if name is None:
            if len(items) == 1:
                return items[0]
            raise K8sError(f"{self.label} has several containers; choose one with --container ({listing('containers', self.container_names())})")
        for item in items:
            if isinstance(item, dict) and item.get("name") == name:
                return item
        raise K8sError(f"{self.label} has no container {name!r} ({listing('containers', self.container_names())})")

    def volumes(self) -> Any:
        return self.pod_spec.get("volumes") or []

    def volume(self, name: str) -> Any:
        for item in self.volumes():
            if isinstance(item, dict) and item.get("name") == name:
                return item
        raise K8sError(f"{self.label} has no volume {name!r} ({listing('volumes', names(self.volumes()))})")
