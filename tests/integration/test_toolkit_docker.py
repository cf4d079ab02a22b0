"""dbg in a debug container that joins a target's PID and network namespaces, the way
`kubectl debug --target` does, against a tool-less non-root target with real mounts."""
from __future__ import annotations

import json
import subprocess

import pytest

from .conftest import ca_flags
from .target import STAMP, build_target_image, debug_run, docker, target_scene

pytestmark = pytest.mark.docker

DEBUG_IMAGE = "kdimg/debug:full-debian"


@pytest.fixture(scope="module")
def debug_image(built):
    return built("full", DEBUG_IMAGE, *ca_flags())


@pytest.fixture(scope="module")
def scene(engine):
    build_target_image()
    with target_scene() as scene:
        yield scene


def dbg_json(image, scene, *args, caps=("SYS_PTRACE",)):
    proc = debug_run(image, scene["name"], ["dbg", *args, "--json"], caps=list(caps))
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def by_mount_point(report):
    return {m["mount_point"]: m for m in report["mounts"]}


def test_inspect_mounts_sees_the_target(debug_image, scene):
    report = dbg_json(debug_image, scene, "inspect-mounts")
    assert report["pid"] == 1
    mounts = by_mount_point(report)

    secret = mounts["/etc/secret"]
    assert secret["kind"] == ("secret" if scene["tmpfs"] else "configmap")
    assert secret["read_only"] is True and secret["atomic_writer"] is True and secret["subpath"] is False
    entries = {e["name"]: e for e in secret["entries"]}
    assert {"password", "config.yaml", "nested", "app.conf"} <= set(entries)
    assert entries["password"]["is_symlink"] is True and entries["password"]["target"].endswith("..data/password")
    assert entries["password"]["mode"] == "0400" and entries["password"]["uid"] == 0
    assert entries["password"]["readable_by_target"] is False      # UID 1000 vs root-owned 0400
    assert entries["config.yaml"]["readable_by_target"] is True
    assert any("password" in w for w in secret["warnings"])

    sub = mounts["/etc/app/app.conf"]
    assert sub["subpath"] is True and sub["read_only"] is True
    assert STAMP in sub["root"]
    assert any("update" in w.lower() for w in sub["warnings"])

    cache = mounts["/cache"]
    assert cache["kind"] == "empty-dir" and cache["fstype"] == "tmpfs" and cache["read_only"] is False

    data = mounts["/data"]
    assert data["read_only"] is True and data["atomic_writer"] is False

    assert mounts["/"]["kind"] == "rootfs"
    assert mounts["/etc/hosts"]["kind"] == "etc-hosts" and mounts["/etc/resolv.conf"]["kind"] == "resolv-conf"


def test_without_ptrace_capability_dbg_explains(debug_image, scene):
    proc = debug_run(debug_image, scene["name"], ["dbg", "inspect-mounts"], caps=[])
    assert "Traceback" not in proc.stderr
    text = proc.stdout + proc.stderr
    assert "SYS_PTRACE" in text or "uid 1000" in text


def test_ps_marks_target_and_ourselves(debug_image, scene):
    report = dbg_json(debug_image, scene, "ps")
    text = json.dumps(report)
    assert "/app" in text
    procs = report.get("processes") or report.get("tree") or []
    assert any(p.get("pid") == 1 for p in procs)


def test_net_shares_the_target_network_namespace(debug_image, scene):
    report = dbg_json(debug_image, scene, "net")
    assert isinstance(report, dict)
    assert "resolv_conf" in json.dumps(report) or "nameserver" in json.dumps(report)


def test_attach_strace_works_with_sys_ptrace(debug_image, scene):
    proc = debug_run(debug_image, scene["name"], ["timeout", "-s", "INT", "3", "dbg", "attach", "--pid", "1", "--strace"], caps=["SYS_PTRACE"])
    assert "Traceback" not in proc.stderr
    assert "attached" in proc.stderr.lower() or "pause" in proc.stderr or "restart_syscall" in proc.stderr, proc.stderr[-2000:]


def test_attach_strace_explains_without_sys_ptrace(debug_image, scene):
    proc = debug_run(debug_image, scene["name"], ["dbg", "attach", "--pid", "1", "--strace"], caps=[])
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "SYS_PTRACE" in proc.stderr and "runAsUser: 1000" in proc.stderr
    # dbg stops before strace runs: no output of strace's own, one error line.
    assert "strace: attach" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("dbg: error:")]
    assert len(errors) == 1


def test_copy_secrets_lets_a_symlink_skipping_reader_see_the_files(debug_image, scene):
    """The init-container fix: dereferenced regular files, `..` entries skipped, nested keys kept."""
    script = (
        "set -e; dbg copy-secrets --json /src /dst >/tmp/report.json; "
        # A reader that, like go-ethereum's keystore, skips anything that is not a regular file:
        "echo SRC $(find /src -maxdepth 1 -type f ! -name '..*' | sort | tr '\\n' ' '); "
        "echo DST $(cd /dst && find . -type f | sort | tr '\\n' ' '); "
        "find /dst -name '..*' | wc -l; cat /dst/nested/key.pem"
    )
    proc = docker("run", "--rm", "-v", f"{scene['secret']}:/src:ro", "--tmpfs", "/dst", debug_image, "sh", "-c", script, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "SRC"                                   # the reader sees nothing in the volume
    assert lines[1].split()[1:] == ["./app.conf", "./config.yaml", "./nested/key.pem", "./password"]
    assert lines[2] == "0" and lines[3] == "-----KEY-----"


def test_tools_reads_the_manifest(debug_image):
    proc = subprocess.run(["docker", "run", "--rm", debug_image, "dbg", "tools", "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    names = {t["name"] for t in json.loads(proc.stdout)["tools"]}
    assert {"grpcurl", "strace", "mysql", "tcpdump"} <= names
