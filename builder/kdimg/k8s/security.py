"""Who a container runs as, from the pod's and the container's securityContext (container wins)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional

from kdimg.k8s import DEFAULT_IMAGE, NONROOT_IMAGE

_FIELDS = ("runAsUser", "runAsGroup", "runAsNonRoot")


@dataclass(frozen=True)
class Identity:
    run_as_user: Optional[int] = None
    run_as_group: Optional[int] = None
    run_as_non_root: Optional[bool] = None
    added_capabilities: List[str] = field(default_factory=list)

    @property
    def non_root(self) -> bool:
        """The kubelet will refuse to start it as root (runAsNonRoot) or it runs as a non-zero UID."""
        return bool(self.run_as_non_root) or bool(self.run_as_user)


def _context(holder: Any) -> dict:
    context = holder.get("securityContext") if isinstance(holder, dict) else None
    return context if isinstance(context, dict) else {}


def _merged(*contexts: dict) -> Identity:
    values = {}
    for context in contexts:
        values.update({k: context[k] for k in _FIELDS if context.get(k) is not None})
    return Identity(values.get("runAsUser"), values.get("runAsGroup"), values.get("runAsNonRoot"))


def pod_identity(pod_spec: Any) -> Identity:
    """What a container added to the pod inherits: the pod-level securityContext."""
    return _merged(_context(pod_spec))


def container_identity(pod_spec: Any, container: Any) -> Identity:
    """What CONTAINER runs as: its own securityContext over the pod's."""
    merged = _merged(_context(pod_spec), _context(container))
    capabilities = _context(container).get("capabilities") or {}
    added = [str(c) for c in capabilities.get("add") or []] if isinstance(capabilities, dict) else []
    return Identity(merged.run_as_user, merged.run_as_group, merged.run_as_non_root, added)


def own_user(container: Any) -> dict:
    """The container-level runAsUser/runAsGroup, which a sibling container does not inherit."""
    context = _context(container)
    return {k: context[k] for k in ("runAsUser", "runAsGroup") if context.get(k) is not None}


def default_image(pod_spec: Any, user: dict) -> str:
    """The debug image a container added to POD_SPEC with its own USER settings will be allowed to run.

    With runAsNonRoot and no runAsUser the kubelet checks the image's USER, which must be numeric
    and non-zero: the `-nonroot` variant's 65532 is.
    """
    identity = _merged(_context(pod_spec), user)
    return NONROOT_IMAGE if identity.run_as_non_root and not identity.run_as_user else DEFAULT_IMAGE
