"""`kdimg k8s secret-copy`: serve a Secret/ConfigMap volume as regular files, for programs that
skip symlinks or walk into `..data` (see REFERENCE: AtomicWriter).

Adds an emptyDir `VOL-copy` (in memory for secret, projected and downwardAPI sources, like the
source itself), an init container `copy-VOL` running `dbg copy-secrets /kdimg/src/VOL /kdimg/dst`,
and points the app's mounts of VOL at the copy (same mountPath, readOnly, subPath). The copy is a
snapshot: it does not follow later updates of the Secret until the pod restarts.
"""
from __future__ import annotations

from typing import List, Optional

from kdimg.k8s.comments import trailing_comment_kept
from kdimg.k8s.edit import Target, fresh, insert_before
from kdimg.k8s.edit import command as command_list
from kdimg.k8s.errors import K8sError
from kdimg.k8s.security import default_image, own_user
from kdimg.k8s.workloads import Workload, names

SOURCES = ("secret", "configMap", "projected", "downwardAPI")
IN_MEMORY = ("secret", "projected", "downwardAPI")
SRC, DST = "/kdimg/src", "/kdimg/dst"
_LABEL_MAX = 63  # container and volume names are DNS labels


def names_for(volume: str):
    """(copy volume, init container) names for VOLUME."""
    copy, init = f"{volume}-copy", f"copy-{volume}"
    if len(copy) > _LABEL_MAX:
        raise K8sError(f"volume name {volume!r} is too long to derive {copy!r} (at most {_LABEL_MAX} characters)")
    return copy, init


def source_type(workload: Workload, volume: str) -> str:
    spec = workload.volume(volume)
    for kind in SOURCES:
        if kind in spec:
            return kind
    other = next((k for k in spec if k != "name"), "unknown")
    raise K8sError(f"{workload.label}: volume {volume!r} is of type {other}; secret-copy copies {', '.join(SOURCES)} volumes")


def _mounts(container, volume: str) -> List:
    return [m for m in container.get("volumeMounts") or [] if isinstance(m, dict) and m.get("name") == volume]


def _targets(workload: Workload, volume: str, copy: str, container: Optional[str]) -> List:
    mounting = [c for c in workload.containers() if isinstance(c, dict) and (_mounts(c, volume) or _mounts(c, copy))]
    if container is None:
        if not mounting:
            raise K8sError(f"{workload.label}: no container mounts volume {volume!r}")
        return mounting
    chosen = workload.container(container)
    if not any(c is chosen for c in mounting):
        raise K8sError(f"{workload.label}: container {container!r} does not mount volume {volume!r} (mounted by: {', '.join(names(mounting)) or 'none'})")
    return [chosen]


def init_container(workload: Workload, volume: str, copy: str, init: str, image: Optional[str], user: dict, mode: Optional[str]) -> dict:
    words = ["dbg", "copy-secrets", f"{SRC}/{volume}", DST]
    if mode:
        words += ["--mode", mode]
    container = {"name": init, "image": image or default_image(workload.pod_spec, user), "command": command_list(words)}
    if user:  # the copies belong to whoever copies them: the app's own user, so it can read them
        container["securityContext"] = user
    container["volumeMounts"] = [
        {"name": volume, "mountPath": f"{SRC}/{volume}", "readOnly": True},
        {"name": copy, "mountPath": DST},
    ]
    return fresh(container)


def apply(target: Target, volume: str, container: Optional[str], image: Optional[str], mode: Optional[str]) -> None:
    """Copy VOLUME for CONTAINER (default: every container mounting it). Running it twice changes nothing more."""
    workload = target.workload
    kind = source_type(workload, volume)
    copy, init = names_for(volume)
    targets = [str(c["name"]) for c in _targets(workload, volume, copy, container)]

    def change(workload: Workload) -> None:
        volumes = workload.pod_spec["volumes"]
        if copy not in names(volumes):
            empty = {"medium": "Memory"} if kind in IN_MEMORY else {}
            index = names(volumes).index(volume)
            with trailing_comment_kept(volumes, index, after=index + 1):
                volumes.insert(index + 1, fresh({"name": copy, "emptyDir": empty}))
        elif "emptyDir" not in workload.volume(copy):
            raise K8sError(f"{workload.label}: volume {copy!r} exists and is not an emptyDir; rename it first")
        apps = [workload.container(name) for name in targets]
        if init not in workload.container_names("initContainers"):
            if not isinstance(workload.pod_spec.get("initContainers"), list):
                insert_before(workload.pod_spec, "containers", "initContainers", fresh([]))
            workload.pod_spec["initContainers"].append(init_container(workload, volume, copy, init, image, own_user(apps[0]), mode))
        for app in apps:
            for mount in _mounts(app, volume):
                mount["name"] = copy

    target.edit(change)
