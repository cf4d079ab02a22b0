"""`kdimg k8s sidecar`: a `debug` container beside the app, seeing its processes and volumes.

Recorded in the object's annotation `kdimg.io/sidecar` as JSON, e.g.
`{"container": "debug", "target": "app"}` plus `"shareProcessNamespace": <old value>` when the
pod spec had one, so that `--remove` puts the manifest back as it was.
"""
from __future__ import annotations

from typing import Optional

from kdimg.k8s import KEEPALIVE, records
from kdimg.k8s.comments import trailing_comment_kept
from kdimg.k8s.edit import Target, command, fresh, insert_after
from kdimg.k8s.errors import K8sError
from kdimg.k8s.manifest import to_plain
from kdimg.k8s.security import default_image, own_user
from kdimg.k8s.workloads import Workload

RECORD = "sidecar"
NAME = "debug"
SPN = "shareProcessNamespace"


def _undo(workload: Workload) -> bool:
    record = records.get_json(workload.obj, RECORD, workload.label)
    if record is None:
        return False
    pod_spec = workload.pod_spec
    end = SPN if SPN not in record and SPN in pod_spec else "containers"
    with trailing_comment_kept(pod_spec, end, after="containers"):
        containers = workload.containers()
        for index, item in enumerate(containers):
            if isinstance(item, dict) and item.get("name") == record.get("container", NAME):
                del containers[index]
                break
        if SPN in record:
            pod_spec[SPN] = record[SPN]
        else:
            pod_spec.pop(SPN, None)
    records.drop(workload.obj, RECORD)
    return True


def debug_container(workload: Workload, app, image: Optional[str]) -> dict:
    """The sidecar: stays up, stdin+tty for `kubectl attach -it`, APP's mounts at APP's paths."""
    user = own_user(app)  # pod-level runAsUser is inherited anyway; the app's own is not
    container = {
        "name": NAME,
        "image": image or default_image(workload.pod_spec, user),
        "command": command(KEEPALIVE),
        "stdin": True,
        "tty": True,
    }
    if user:
        container["securityContext"] = fresh(user)
    mounts = to_plain(app.get("volumeMounts") or [])
    if mounts:
        container["volumeMounts"] = fresh(mounts)
    return fresh(container)


def add(target: Target, container: Optional[str], image: Optional[str]) -> None:
    """Add (or, with other options, replace) the sidecar. Running it twice changes nothing more."""

    def change(workload: Workload) -> None:
        _undo(workload)
        app = workload.container(container)
        if NAME in workload.container_names() + workload.container_names("initContainers"):
            raise K8sError(f"{workload.label} already has a container named {NAME!r} that kdimg did not add")
        record = {"container": NAME, "target": app["name"]}
        if SPN in workload.pod_spec:
            record[SPN] = to_plain(workload.pod_spec[SPN])
        after = None if SPN in workload.pod_spec else SPN
        with trailing_comment_kept(workload.pod_spec, "containers", after=after):
            workload.containers().append(debug_container(workload, app, image))
            insert_after(workload.pod_spec, "containers", SPN, True)
        records.put_json(workload.obj, RECORD, record)

    target.edit(change)


def remove(target: Target) -> None:
    """Undo `add` exactly, from its record."""

    def change(workload: Workload) -> None:
        if not _undo(workload):
            raise K8sError(f"{workload.label}: no {records.key(RECORD)} annotation, so no kdimg sidecar to remove")

    target.edit(change)
