"""Classify a mount of the target into one kind.  Pure: no I/O.

Kinds: secret, configmap, projected, downward-api, service-account, empty-dir,
host-path, persistent, etc-hosts, resolv-conf, hostname, termination-log,
rootfs, system, other.

Evidence, strongest first:
1. mount point ``/`` -> rootfs; the kubelet's per-container files (/etc/hosts,
   /etc/resolv.conf, /etc/hostname, /dev/termination-log) by mount point or by
   their kubelet path (``pods/<uid>/etc-hosts``, ``pods/<uid>/containers/<c>/<id>``).
2. Kernel filesystems (proc, sysfs, cgroup, devpts, mqueue, ...) and anything
   under /proc, /sys, /dev -> system.
3. Kubelet volume paths in the root field:
   ``pods/<uid>/volumes/kubernetes.io~<plugin>/<volume>[/sub/path]`` gives the
   kind from the plugin (csi and other plugins -> persistent); ``kube-api-access-*``
   projected volumes and the service-account mount point -> service-account.
   ``pods/<uid>/volume-subpaths/...`` is a subPath whose plugin is unknown.
4. Without kubelet paths (tmpfs volumes show root ``/``; plain Docker binds):
   service-account mount point; an AtomicWriter dir (``..data`` symlink, or a
   root through ``..<timestamp>/``) is ``secret`` when tmpfs-backed (projected
   and downwardAPI volumes look the same) or ``configmap`` when disk-backed,
   ``service-account`` when it holds token+ca.crt+namespace; other tmpfs ->
   empty-dir; network filesystems and Docker named volumes -> persistent; a bind
   of a host sub-path -> host-path; a whole block-device filesystem -> persistent.
The ``basis`` string says which evidence decided.
"""
from __future__ import annotations

import re

from dbg.atomicwriter import in_timestamp_dir
from dbg.mountinfo import Mount

KINDS = (
    "secret", "configmap", "projected", "downward-api", "service-account", "empty-dir",
    "host-path", "persistent", "etc-hosts", "resolv-conf", "hostname", "termination-log",
    "rootfs", "system", "other",
)
ATOMIC_WRITER_KINDS = frozenset(("secret", "configmap", "projected", "downward-api", "service-account"))
VOLUME_KINDS = ATOMIC_WRITER_KINDS | {"empty-dir", "persistent"}
SERVICE_ACCOUNT_MOUNTS = frozenset((
    "/var/run/secrets/kubernetes.io/serviceaccount",
    "/run/secrets/kubernetes.io/serviceaccount",
))
SERVICE_ACCOUNT_FILES = frozenset(("token", "ca.crt", "namespace"))
SYSTEM_FSTYPES = frozenset((
    "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs",
    "securityfs", "pstore", "bpf", "hugetlbfs", "configfs", "fusectl", "binfmt_misc",
    "autofs", "nsfs", "devtmpfs", "selinuxfs", "efivarfs", "rpc_pipefs",
))
SYSTEM_PREFIXES = ("/proc", "/sys", "/dev")
NETWORK_FSTYPES = frozenset((
    "nfs", "nfs4", "cifs", "smb3", "ceph", "glusterfs", "9p", "virtiofs", "lustre", "gcsfuse",
))
MEMORY_FSTYPES = frozenset(("tmpfs", "ramfs"))
_SPECIAL_FILES = {
    "/etc/hosts": "etc-hosts",
    "/etc/resolv.conf": "resolv-conf",
    "/etc/hostname": "hostname",
    "/dev/termination-log": "termination-log",
}
_PLUGIN_KIND = {
    "kubernetes.io~secret": "secret",
    "kubernetes.io~configmap": "configmap",
    "kubernetes.io~projected": "projected",
    "kubernetes.io~downward-api": "downward-api",
    "kubernetes.io~empty-dir": "empty-dir",
    "kubernetes.io~host-path": "host-path",
}
_KUBELET_VOLUME = re.compile(r"/pods/(?P<uid>[^/]+)/volumes/(?P<plugin>[^/]*~[^/]+)/(?P<vol>[^/]+)(?P<rest>/.*)?$")
_KUBELET_SUBPATH = re.compile(r"/pods/(?P<uid>[^/]+)/volume-subpaths/(?P<vol>[^/]+)/(?P<ctr>[^/]+)/\d+(?P<rest>/.*)?$")
_KUBELET_POD_FILE = re.compile(r"/pods/[^/]+/(?:(?P<hosts>etc-hosts)|containers/[^/]+/[^/]+)$")
_DOCKER_VOLUME = re.compile(r"/volumes/[^/]+/_data(?:/|$)")


class Probe:
    """What the mount point holds, as seen through /proc/PID/root (filled by the caller)."""

    __slots__ = ("exists", "is_dir", "is_file", "has_data_link", "names")

    def __init__(self, exists: bool = False, is_dir: bool = False, is_file: bool = False,
                 has_data_link: bool = False, names: "frozenset[str]" = frozenset()) -> None:
        self.exists = exists
        self.is_dir = is_dir
        self.is_file = is_file
        self.has_data_link = has_data_link
        self.names = names


class Classification:
    __slots__ = ("kind", "basis", "subpath", "atomic_writer", "volume", "pod_uid")

    def __init__(self, kind: str, basis: str, subpath: bool = False, atomic_writer: bool = False,
                 volume: "str | None" = None, pod_uid: "str | None" = None) -> None:
        self.kind = kind
        self.basis = basis
        self.subpath = subpath
        self.atomic_writer = atomic_writer
        self.volume = volume
        self.pod_uid = pod_uid

    def __repr__(self) -> str:
        return "Classification(%s, %r)" % (self.kind, self.basis)


def is_system_or_rootfs(m: Mount) -> bool:
    """Mounts whose content is not looked at (decided from mountinfo alone)."""
    return classify(m, None).kind in ("system", "rootfs")


def _is_system(m: Mount) -> "str | None":
    if m.fstype in SYSTEM_FSTYPES:
        return "kernel filesystem %s" % m.fstype
    for prefix in SYSTEM_PREFIXES:
        if m.mount_point == prefix or m.mount_point.startswith(prefix + "/"):
            return "mount point under %s" % prefix
    return None


def classify(m: Mount, probe: "Probe | None") -> Classification:
    """Kind of mount ``m``; ``probe`` describes its content (None: not looked at)."""
    p = probe or Probe()
    mp, root = m.mount_point, m.root
    if mp == "/":
        return Classification("rootfs", "mount point /")
    special = _SPECIAL_FILES.get(mp)
    if special:
        return Classification(special, "mount point %s" % mp)
    pod_file = _KUBELET_POD_FILE.search(root)
    if pod_file:
        kind = "etc-hosts" if pod_file.group("hosts") else "termination-log"
        return Classification(kind, "kubelet path %s" % root)
    system = _is_system(m)
    if system:
        return Classification("system", system)
    aw_path = in_timestamp_dir(root)
    vol = _KUBELET_VOLUME.search(root)
    if vol:
        return _kubelet_volume(m, vol, p, aw_path)
    sub = _KUBELET_SUBPATH.search(root)
    if sub:
        kind = _backing_kind(m) if aw_path else "other"
        return Classification(kind, "kubelet subPath staging %s/%s" % (sub.group("vol"), sub.group("ctr")),
                              subpath=True, atomic_writer=aw_path, volume=sub.group("vol"),
                              pod_uid=sub.group("uid"))
    if mp in SERVICE_ACCOUNT_MOUNTS:
        return Classification("service-account", "mount point %s" % mp,
                              atomic_writer=p.has_data_link or aw_path, subpath=aw_path)
    if p.has_data_link or aw_path:
        return _atomic_writer_without_path(m, p, aw_path)
    if m.fstype in MEMORY_FSTYPES:
        return Classification("empty-dir", "%s without ..data (emptyDir medium: Memory, or a tmpfs mount)" % m.fstype)
    if m.fstype in NETWORK_FSTYPES or m.fstype.startswith("fuse."):
        return Classification("persistent", "network/FUSE filesystem %s" % m.fstype)
    if _DOCKER_VOLUME.search(root):
        return Classification("persistent", "docker named volume %s" % root)
    if root.startswith("/") and root != "/":
        return Classification("host-path", "bind mount of %s from %s" % (root, m.source))
    if root == "/" and m.source.startswith("/dev/"):
        return Classification("persistent", "whole filesystem on %s" % m.source)
    return Classification("other", "no kubelet path, fstype %s" % m.fstype)


def _backing_kind(m: Mount) -> str:
    return "secret" if m.fstype in MEMORY_FSTYPES else "configmap"


def _kubelet_volume(m: Mount, vol: "re.Match[str]", p: Probe, aw_path: bool) -> Classification:
    plugin, name, rest = vol.group("plugin"), vol.group("vol"), vol.group("rest") or ""
    kind = _PLUGIN_KIND.get(plugin, "persistent")
    if plugin == "kubernetes.io~csi" and (rest == "/mount" or rest.startswith("/mount/")):
        rest = rest[len("/mount"):]
    if kind == "projected" and (name.startswith("kube-api-access-") or m.mount_point in SERVICE_ACCOUNT_MOUNTS):
        kind = "service-account"
    subpath = bool(rest.strip("/"))
    aw = kind in ATOMIC_WRITER_KINDS and (aw_path or p.has_data_link)
    return Classification(kind, "kubelet path %s/%s" % (plugin, name), subpath=subpath,
                          atomic_writer=aw, volume=name, pod_uid=vol.group("uid"))


def _atomic_writer_without_path(m: Mount, p: Probe, aw_path: bool) -> Classification:
    backing = "tmpfs-backed" if m.fstype in MEMORY_FSTYPES else "disk-backed"
    where = "root through a ..<timestamp> dir" if aw_path else "..data symlink"
    if SERVICE_ACCOUNT_FILES <= p.names:
        return Classification("service-account", "%s AtomicWriter dir (%s) holding token, ca.crt, namespace"
                              % (backing, where), atomic_writer=True, subpath=aw_path)
    kind = _backing_kind(m)
    basis = "%s AtomicWriter dir (%s), no kubelet path" % (backing, where)
    if kind == "secret":
        basis += "; projected and downwardAPI volumes look the same"
    return Classification(kind, basis, atomic_writer=True, subpath=aw_path)


def is_subpath_file(c: Classification, probe: "Probe | None") -> bool:
    """A regular file bound from a volume is a subPath mount."""
    return bool(probe and probe.is_file and c.kind in VOLUME_KINDS)
