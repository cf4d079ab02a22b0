"""Check a workload against the Kubernetes object model before it is written.

Two layers: the cross references the API server checks and a schema cannot (container names set
and unique, every volumeMount naming a volume of the pod, mount paths unique per container), with
messages that name the field; then the object deserialized into the `kubernetes` client's model
of its kind, which checks required fields and types.
"""
from __future__ import annotations

from typing import Any, List

from kdimg.k8s.errors import K8sError
from kdimg.k8s.workloads import CONTAINER_LISTS, Kind, listing

# Quantities (cpu: 1, memory: 1.5) are numbers in YAML but strings in the client's models.
_QUANTITY_MAPS = {"limits", "requests", "overhead"}


def check(obj: Any, kind: Kind, label: str) -> None:
    """OBJ is plain data (manifest.to_plain). Raises K8sError naming the first problem."""
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("name"), str) or not metadata["name"]:
        raise K8sError(f"{label}: metadata.name must be a non-empty string")
    pod_spec = obj
    for key in kind.pod_spec_path:
        pod_spec = pod_spec.get(key) if isinstance(pod_spec, dict) else None
    if not isinstance(pod_spec, dict):
        raise K8sError(f"{label}: {kind.pod_spec_where} must be a mapping")
    claims = [t["metadata"]["name"] for t in (obj.get("spec") or {}).get("volumeClaimTemplates") or [] if _claim_name(t)]
    _check_pod_spec(pod_spec, f"{label}: {kind.pod_spec_where}", claims)
    _check_model(obj, kind, label)


def _claim_name(template: Any) -> bool:
    metadata = template.get("metadata") if isinstance(template, dict) else None
    return isinstance(metadata, dict) and isinstance(metadata.get("name"), str)


def _check_pod_spec(spec: dict, where: str, claims: List[str]) -> None:
    """CLAIMS: a StatefulSet's volumeClaimTemplates, which its containers mount like volumes."""
    volumes = _named_items(spec, "volumes", where, "volume") + claims
    seen: List[str] = []
    for section in CONTAINER_LISTS:
        for index, container in enumerate(spec.get(section) or []):
            at = f"{where}.{section}[{index}]"
            if not isinstance(container, dict):
                raise K8sError(f"{at} must be a mapping (a container), not {type(container).__name__}")
            name = container.get("name")
            if not isinstance(name, str) or not name:
                raise K8sError(f"{at}: a container needs a name")
            if name in seen:
                raise K8sError(f"{at}: container name {name!r} is used twice")
            seen.append(name)
            _check_mounts(container, f"{where}.{section}[{index}] ({name})", volumes)
    if not spec.get("containers"):
        raise K8sError(f"{where}.containers must list at least one container")


def _named_items(spec: dict, section: str, where: str, what: str) -> List[str]:
    found: List[str] = []
    items = spec.get(section) or []
    if not isinstance(items, list):
        raise K8sError(f"{where}.{section} must be a list")
    for index, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or not name:
            raise K8sError(f"{where}.{section}[{index}]: a {what} needs a name")
        if name in found:
            raise K8sError(f"{where}.{section}[{index}]: {what} name {name!r} is used twice")
        found.append(name)
    return found


def _check_mounts(container: dict, where: str, volumes: List[str]) -> None:
    mounts = container.get("volumeMounts") or []
    if not isinstance(mounts, list):
        raise K8sError(f"{where}: volumeMounts must be a list")
    paths: List[str] = []
    for index, mount in enumerate(mounts):
        if not isinstance(mount, dict) or not mount.get("name") or not mount.get("mountPath"):
            raise K8sError(f"{where}: volumeMounts[{index}] needs a name and a mountPath")
        if mount["name"] not in volumes:
            raise K8sError(f"{where}: volumeMount {mount['name']!r} names no volume of the pod ({listing('volumes', volumes)})")
        if mount["mountPath"] in paths:
            raise K8sError(f"{where}: mountPath {mount['mountPath']!r} is used twice")
        paths.append(mount["mountPath"])


def _quantities_as_strings(node: Any, parent: str = "") -> Any:
    if isinstance(node, dict):
        if parent in _QUANTITY_MAPS:
            return {k: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for k, v in node.items()}
        return {k: _quantities_as_strings(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_quantities_as_strings(v, parent) for v in node]
    if parent == "sizeLimit" and isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    return node


def _check_model(obj: Any, kind: Kind, label: str) -> None:
    from kubernetes.client import ApiClient  # slow import: only when something is written

    client = ApiClient()
    try:
        client._ApiClient__deserialize(_quantities_as_strings(obj), kind.model)
    except (ValueError, TypeError, AttributeError) as exc:
        raise K8sError(f"{label}: not a valid {kind.name}: {_describe(exc)}") from None


def _describe(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):  # pydantic (kubernetes client >= 35)
        first = errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        title = getattr(exc, "title", "")
        return f"{title}{'.' + where if where else ''}: {first.get('msg', 'invalid')}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
