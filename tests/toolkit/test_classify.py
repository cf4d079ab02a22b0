"""Classification of recorded pod and plain-Docker mountinfo samples (pure, with probes)."""
from __future__ import annotations

import pytest
from .conftest import data

from dbg.classify import Probe, classify, is_subpath_file
from dbg.mountinfo import parse_line, parse_mountinfo

AW = Probe(exists=True, is_dir=True, has_data_link=True, names=frozenset({"username", "password"}))
SA = Probe(exists=True, is_dir=True, has_data_link=True, names=frozenset({"token", "ca.crt", "namespace"}))
PLAIN_DIR = Probe(exists=True, is_dir=True, names=frozenset({"a"}))
FILE = Probe(exists=True, is_file=True)

POD_EXPECTED = {
    "/": ("rootfs", False, False),
    "/proc": ("system", False, False),
    "/dev": ("system", False, False),
    "/dev/pts": ("system", False, False),
    "/dev/mqueue": ("system", False, False),
    "/sys": ("system", False, False),
    "/sys/fs/cgroup": ("system", False, False),
    "/cache": ("empty-dir", False, False),
    "/etc/secret": ("secret", False, True),
    "/etc/hosts": ("etc-hosts", False, False),
    "/dev/termination-log": ("termination-log", False, False),
    "/etc/hostname": ("hostname", False, False),
    "/etc/resolv.conf": ("resolv-conf", False, False),
    "/dev/shm": ("system", False, False),
    "/etc/nginx/conf.d/default.conf": ("configmap", True, True),
    "/etc/app": ("configmap", False, True),
    "/etc/db/password": ("secret", True, True),
    "/var/run/secrets/kubernetes.io/serviceaccount": ("service-account", False, True),
    "/var/lib/postgresql/data": ("persistent", False, False),
    "/shared": ("persistent", False, False),
    "/var/log/host": ("host-path", False, False),
    "/downward": ("secret", False, True),
    "/etc/tls/tls.crt": ("other", True, False),
    "/proc/bus": ("system", False, False),
    "/proc/kcore": ("system", False, False),
    "/sys/firmware": ("system", False, False),
}
POD_PROBES = {
    "/etc/secret": AW, "/etc/app": AW, "/var/run/secrets/kubernetes.io/serviceaccount": SA,
    "/etc/nginx/conf.d/default.conf": FILE, "/etc/db/password": FILE, "/cache": PLAIN_DIR,
    "/downward": Probe(exists=True, is_dir=True, has_data_link=True, names=frozenset({"labels"})),
    "/etc/tls/tls.crt": FILE, "/shared": PLAIN_DIR, "/var/log/host": PLAIN_DIR,
}


def test_pod_sample_covers_every_kind_expected():
    mounts = parse_mountinfo(data("pod_mountinfo.txt"))
    assert sorted(m.mount_point for m in mounts) == sorted(POD_EXPECTED)
    for m in mounts:
        probe = POD_PROBES.get(m.mount_point)
        c = classify(m, probe)
        subpath = c.subpath or is_subpath_file(c, probe)
        assert (c.kind, subpath, c.atomic_writer) == POD_EXPECTED[m.mount_point], (m.mount_point, c.basis)
        assert c.basis


def test_kubelet_path_details():
    mounts = {m.mount_point: m for m in parse_mountinfo(data("pod_mountinfo.txt"))}
    c = classify(mounts["/etc/nginx/conf.d/default.conf"], None)
    assert c.volume == "nginx-conf" and c.pod_uid.startswith("8c4e2b1a")
    assert "kubernetes.io~configmap" in c.basis
    csi = classify(mounts["/shared"], None)
    assert csi.kind == "persistent" and not csi.subpath and csi.volume.startswith("pvc-")


def test_reference_lines():
    kinds = [classify(m, None).kind for m in parse_mountinfo(data("reference_lines.txt"))]
    assert kinds == ["service-account", "configmap", "etc-hosts", "termination-log"]


def test_kube_api_access_projected_volume_is_service_account():
    m = parse_line("9 1 253:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~projected/kube-api-access-x2v4k "
                   "/var/run/secrets/kubernetes.io/serviceaccount ro - ext4 /dev/vda1 rw")
    assert classify(m, SA).kind == "service-account"
    other = parse_line("9 1 253:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~projected/bundle /etc/bundle ro "
                       "- ext4 /dev/vda1 rw")
    assert classify(other, AW).kind == "projected"


def test_secret_kubelet_path_and_csi_subpath():
    m = parse_line("9 1 253:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~secret/db /etc/db ro - ext4 /dev/vda1 rw")
    assert classify(m, AW).kind == "secret"
    sub = parse_line("9 1 253:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/pvc-1/mount/tenant-a /data rw "
                     "- ext4 /dev/vda1 rw")
    c = classify(sub, PLAIN_DIR)
    assert c.kind == "persistent" and c.subpath


DOCKER_EXPECTED = {
    "/": "rootfs", "/proc": "system", "/dev": "system", "/dev/pts": "system", "/sys": "system",
    "/sys/fs/cgroup": "system", "/dev/mqueue": "system", "/dev/shm": "system", "/etc/resolv.conf": "resolv-conf",
    "/etc/hostname": "hostname", "/etc/hosts": "etc-hosts", "/etc/app": "host-path",
    "/var/lib/postgresql/data": "persistent", "/run/secrets": "empty-dir",
    "/mnt/with space\nand\\backslash": "host-path", "/proc/kcore": "system", "/run/netns/cni-1": "system",
}


def test_docker_sample_without_kubelet_paths():
    for m in parse_mountinfo(data("docker_mountinfo.txt")):
        assert classify(m, PLAIN_DIR).kind == DOCKER_EXPECTED[m.mount_point], m.mount_point


@pytest.mark.parametrize("line,probe,kind,basis_word", [
    # AtomicWriter dir bound from the host disk: configmap-like
    ("9 1 253:1 /home/dev/conf /etc/app ro - ext4 /dev/vda1 rw", AW, "configmap", "disk-backed"),
    # AtomicWriter dir on tmpfs: secret-like
    ("9 1 0:55 / /run/secrets ro - tmpfs tmpfs rw", AW, "secret", "tmpfs-backed"),
    ("9 1 0:55 / /run/token ro - tmpfs tmpfs rw", SA, "service-account", "token"),
    ("9 1 0:55 / /scratch rw - tmpfs tmpfs rw", PLAIN_DIR, "empty-dir", "tmpfs"),
    ("9 1 0:60 /exports/a /mnt/nfs rw - nfs4 10.0.0.5:/exports rw", PLAIN_DIR, "persistent", "network"),
    ("9 1 8:16 / /mnt/disk rw - xfs /dev/sdb rw", PLAIN_DIR, "persistent", "whole filesystem"),
    ("9 1 0:61 / /mnt/weird rw - fuse.sshfs host: rw", PLAIN_DIR, "persistent", "FUSE"),
    ("9 1 0:62 / /mnt/other rw - squashfs none ro", PLAIN_DIR, "other", "fstype"),
])
def test_plain_docker_heuristics(line, probe, kind, basis_word):
    c = classify(parse_line(line), probe)
    assert c.kind == kind
    assert basis_word in c.basis


def test_file_bound_from_volume_is_subpath_but_hostpath_file_is_not():
    empty_dir_file = parse_line("9 1 253:1 /var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/d/f /etc/f rw "
                                "- ext4 /dev/vda1 rw")
    c = classify(empty_dir_file, FILE)
    assert c.subpath and c.kind == "empty-dir"
    host_file = parse_line("9 1 253:1 /etc/foo.conf /etc/foo.conf ro - ext4 /dev/vda1 rw")
    c = classify(host_file, FILE)
    assert c.kind == "host-path" and not (c.subpath or is_subpath_file(c, FILE))
