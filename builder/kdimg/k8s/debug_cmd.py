"""`kdimg k8s debug`: the `kubectl debug` command that will work for a pod, and what will not.

Facts used (REFERENCE.md): kubectl's profiles (general = SYS_PTRACE, netadmin = NET_ADMIN +
NET_RAW, baseline = no added capabilities, restricted = non-root without capabilities, sysadmin =
privileged); `--custom` takes a partial container spec; /proc/PID/root and ptrace need the
target's UID or CAP_SYS_PTRACE; a non-root process does not get the capabilities added in its
securityContext (Kubernetes sets no ambient capabilities); runAsNonRoot needs a numeric USER.
"""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from ruamel.yaml import YAML

from kdimg.k8s import DEFAULT_IMAGE, NONROOT_IMAGE, output
from kdimg.k8s.errors import K8sError
from kdimg.k8s.security import Identity, container_identity, pod_identity
from kdimg.k8s.workloads import Workload, listing

# purpose -> (profile, capabilities it adds, what the purpose is for)
PURPOSES: Dict[str, tuple] = {
    "net": ("netadmin", ["NET_ADMIN", "NET_RAW"], "tcpdump, ip, ss in the pod's network namespace"),
    "attach": ("general", ["SYS_PTRACE"], "strace/gdb and /proc/PID of the target's processes"),
    "fs": ("baseline", [], "the target's filesystem at /proc/PID/root"),
}
DEFAULT_PURPOSE = "attach"


@dataclass
class Request:
    pod: str
    image: Optional[str] = None
    target: Optional[str] = None
    workload: Optional[Workload] = None
    purpose: str = DEFAULT_PURPOSE
    namespace: Optional[str] = None
    uid: Optional[int] = None
    restricted: bool = False
    copy_to: Optional[str] = None
    share_processes: bool = False
    same_node: bool = False


@dataclass
class Plan:
    command: List[str]
    custom: Optional[dict] = None  # the --custom file's content; its path is filled in by the caller
    notes: List[str] = field(default_factory=list)

    def custom_text(self) -> str:
        yaml = YAML()
        yaml.default_flow_style = False
        out = io.StringIO()
        yaml.dump(self.custom, out)
        return out.getvalue()


def plan(req: Request) -> Plan:
    if req.purpose not in PURPOSES:
        raise K8sError(f"unknown purpose {req.purpose!r} ({listing('purposes', list(PURPOSES))})")
    if req.pod.startswith("node/"):
        return _node(req)
    return _pod(req)


def _base(req: Request, subject: str, image: str) -> List[str]:
    command = ["kubectl", "debug", subject]
    if req.namespace:
        command += ["-n", req.namespace]
    return command + ["-it", f"--image={image}"]


def _node(req: Request) -> Plan:
    if req.target or req.copy_to or req.workload is not None:
        raise K8sError("node/NAME debugging takes no --target, --copy-to or -f: it runs on the host, not in a pod")
    command = _base(req, req.pod, req.image or DEFAULT_IMAGE) + ["--profile=sysadmin"]
    return Plan(command, notes=[
        "the node's filesystem is at /host (`chroot /host` for the host's own tools); host network and PID namespaces are shared",
        "sysadmin is privileged: a namespace enforcing the baseline or restricted Pod Security Standard rejects the debug pod",
        f"delete the debug pod afterwards: kubectl get pods{' -n ' + req.namespace if req.namespace else ''} | grep node-debugger",
    ])


def _target(req: Request) -> Optional[str]:
    if req.workload is None:
        return req.target
    names = req.workload.container_names()
    if req.target is not None:
        if req.target not in names:
            raise K8sError(f"{req.workload.label} has no container {req.target!r} ({listing('containers', names)})")
        return req.target
    if len(names) == 1:
        return names[0]
    raise K8sError(f"{req.workload.label} has several containers; choose the target with --target ({listing('containers', names)})")


def _pod(req: Request) -> Plan:
    if req.workload is not None and req.workload.kind.name == "Pod" and req.workload.name != req.pod:
        raise K8sError(f"the YAML describes pod {req.workload.name!r}, not {req.pod!r}")
    target = _target(req)
    profile, capabilities, use = PURPOSES[req.purpose]
    notes: List[str] = []
    spec = req.workload.pod_spec if req.workload is not None else {}
    pod = pod_identity(spec)
    ident = container_identity(spec, req.workload.container(target)) if req.workload is not None and target else Identity()
    if req.purpose == "fs" and ident.added_capabilities:
        profile, capabilities = "general", ["SYS_PTRACE"]  # a target with extra capabilities: same UID is not enough
        notes.append(f"{target} adds capabilities {', '.join(ident.added_capabilities)}: reading its /proc/PID/root needs SYS_PTRACE, so the general profile")
    if req.restricted:
        profile, capabilities = "restricted", []
        if req.purpose == "net":
            notes.append("will not work: packet capture needs NET_RAW, which the restricted Pod Security Standard forbids; use --copy-to in a namespace that allows it, or debug the node")

    uid = _uid(req, ident, pod)
    custom = None
    if uid is not None:
        context: dict = {"runAsUser": uid}
        if uid and uid == ident.run_as_user and ident.run_as_group is not None:
            context["runAsGroup"] = ident.run_as_group
        context["runAsNonRoot"] = uid != 0
        if capabilities:
            context["capabilities"] = {"add": list(capabilities)}
        custom = {"securityContext": context}
    image = req.image or (NONROOT_IMAGE if _needs_numeric_user(req, pod, ident, uid) else DEFAULT_IMAGE)
    notes += _identity_notes(req, target, ident, pod, uid, capabilities, image)

    command = _base(req, req.pod, image)
    if req.copy_to:
        command.append(f"--copy-to={req.copy_to}")
        if req.share_processes:
            command.append("--share-processes")
        if req.same_node:
            command.append("--same-node")
    elif target:
        command.append(f"--target={target}")
    else:
        notes.append("no --target: the debug container will not see the app's processes (no /proc/PID/root); pass --target or -f POD_YAML")
    command.append(f"--profile={profile}")
    notes.append(f"--purpose {req.purpose}: {use}")
    if capabilities and not req.restricted:
        notes.append(f"a namespace enforcing the baseline or restricted Pod Security Standard rejects the added {', '.join(capabilities)}; there use --restricted")
    if spec.get("hostUsers") is False:
        notes.append("will not work: with hostUsers: false (user namespaces) /proc/PID/root of the target is denied (kubernetes #117159)")
    if spec.get("shareProcessNamespace") and not req.copy_to:
        notes.append("the pod shares one process namespace: PID 1 is /pause, find the app's PID with `ps`")
    elif target and not req.copy_to:
        notes.append(f"{target}'s filesystem is at /proc/1/root inside the debug container")
    return Plan(command, custom, notes)


def _uid(req: Request, ident: Identity, pod: Identity) -> Optional[int]:
    """The UID the debug container must run as, when the pod would not give it that UID by itself."""
    if req.uid is not None:
        return req.uid
    if req.purpose == "net" and not req.restricted:
        return 0 if pod.non_root else None  # NET_RAW is only effective for root
    if ident.run_as_user is not None and (ident.non_root or pod.non_root):
        return int(ident.run_as_user)
    return None


def _needs_numeric_user(req: Request, pod: Identity, ident: Identity, uid: Optional[int]) -> bool:
    if uid is not None:
        return False  # the kubelet checks runAsUser, not the image's USER
    return bool(pod.run_as_non_root or req.restricted or (ident.run_as_non_root and ident.run_as_user is None))


def _identity_notes(req, target, ident: Identity, pod: Identity, uid, capabilities, image) -> List[str]:
    notes: List[str] = []
    if uid:
        notes.append(f"runs as uid {uid} like {target or 'the target'}, so /proc/PID/root and /proc/PID/environ of its processes are readable")
        if capabilities:
            notes.append(f"will not work: {', '.join(capabilities)} added for non-root uid {uid} is not effective (no ambient capabilities); processes of other UIDs stay closed")
        if req.purpose == "attach":
            notes.append("strace/gdb as the same uid need kernel.yama.ptrace_scope 0 (cat /proc/sys/kernel/yama/ptrace_scope); otherwise use --uid 0 where the namespace allows root")
    elif uid == 0:
        notes.append("runs as root although the pod sets runAsNonRoot/runAsUser: a namespace enforcing the restricted Pod Security Standard rejects it")
    if ident.run_as_non_root and ident.run_as_user is None and uid is None and target:
        notes.append(f"{target}'s UID comes from its image and is unknown here: if it is not 65532, pass --uid UID (kubectl exec POD -c {target} -- id -u)")
    if uid is None and (pod.run_as_non_root or req.restricted) and image == DEFAULT_IMAGE:
        notes.append(f"will not work: runAsNonRoot needs an image with a numeric non-root USER; use {NONROOT_IMAGE}")
    return notes


def write_custom(plan_: Plan, path: Optional[str]) -> str:
    """Write the --custom file (to PATH or a new temporary file), add it to the command, return its path."""
    text = plan_.custom_text()
    if path is None:
        fd, path = tempfile.mkstemp(prefix="kdimg-debug-", suffix=".yaml")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        output.write(text, Path(path))
    plan_.command.append(f"--custom={path}")
    return path
