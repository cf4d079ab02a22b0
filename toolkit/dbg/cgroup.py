"""Container id from /proc/PID/cgroup (cgroup v1 and v2, cgroupfs and systemd drivers). Pure.

Recognised forms (id: 64 hex digits)::

    0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope
    0::/system.slice/docker-<id>.scope          (docker, systemd driver)
    12:memory:/kubepods/burstable/pod<uid>/<id> (cgroupfs driver, v1)
    11:cpu:/docker/<id>                         (docker, cgroupfs driver)
    0::/../crio-<id>.scope                      (seen from inside a cgroup namespace)
    0::/                                        (root of our own cgroup namespace: no id)
"""
from __future__ import annotations

import re

_SCOPE = re.compile(r"(?:^|/)(?P<rt>cri-containerd|docker|crio|libpod)-(?P<id>[0-9a-f]{64})\.scope(?:/|$)")
_DOCKER = re.compile(r"/docker/(?P<id>[0-9a-f]{64})(?:/|$)")
_KUBEPODS = re.compile(r"/pod[0-9a-f_-]{36}/(?P<id>[0-9a-f]{64})(?:/|$)")
_BARE = re.compile(r"/(?P<id>[0-9a-f]{64})(?:/|$)")
_POD_UID = re.compile(r"pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})")
_RUNTIME = {"cri-containerd": "containerd", "docker": "docker", "crio": "cri-o", "libpod": "podman"}


class ContainerRef:
    __slots__ = ("runtime", "id", "pod_uid")

    def __init__(self, runtime: str, id: str, pod_uid: "str | None") -> None:
        self.runtime = runtime
        self.id = id
        self.pod_uid = pod_uid

    def as_dict(self) -> dict:
        return {"runtime": self.runtime, "id": self.id, "pod_uid": self.pod_uid}


def _paths(text: str) -> "list[str]":
    out = []
    for line in text.split("\n"):
        parts = line.split(":", 2)
        if len(parts) == 3:
            out.append(parts[2])
    return out


def container_of(cgroup_text: str) -> "ContainerRef | None":
    """The container a process belongs to, or None when the cgroup names none."""
    paths = _paths(cgroup_text)
    # prefer the unified (v2) line and the scope form, then the cgroupfs forms
    for pattern, runtime in ((_SCOPE, None), (_DOCKER, "docker"), (_KUBEPODS, "cri"), (_BARE, "unknown")):
        for path in paths:
            m = pattern.search(path)
            if m:
                rt = _RUNTIME[m.group("rt")] if runtime is None else runtime
                pod = _POD_UID.search(path)
                return ContainerRef(rt, m.group("id"), pod.group(1).replace("_", "-") if pod else None)
    return None
