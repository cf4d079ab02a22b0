"""`kdimg k8s debug`: the kubectl debug command (last stdout line, shell-quoted) and its notes."""
from __future__ import annotations

import shlex

import pytest
from ruamel.yaml import YAML

POD = """apiVersion: v1
kind: Pod
metadata: {name: web-0, namespace: shop}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 3000}
  containers:
  - {name: app, image: app:1}
  - {name: proxy, image: envoy, securityContext: {runAsUser: 101}}
"""
ROOT_POD = """apiVersion: v1
kind: Pod
metadata: {name: db-0}
spec:
  containers:
  - {name: db, image: "postgres:16"}
"""


@pytest.fixture
def debug(kdimg, tmp_path):
    def run(*args, pod=None):
        argv = ["debug", *args]
        if pod is not None:
            path = tmp_path / "pod.yaml"
            path.write_text(pod)
            argv += ["-f", str(path)]
        result = kdimg(argv)
        assert result.code == 0, result.err
        lines = result.out.splitlines()
        return shlex.split(lines[-1]), "\n".join(lines[:-1])

    return run


def test_a_root_pod_needs_no_custom_file(debug):
    command, notes = debug("db-0", pod=ROOT_POD)
    assert command == ["kubectl", "debug", "db-0", "-it", "--image=kdimg/debug:full-debian", "--target=db", "--profile=general"]
    assert "--custom" not in notes
    assert "db's filesystem is at /proc/1/root" in notes


def test_purpose_picks_the_profile(debug):
    assert debug("db-0", "--purpose", "net", pod=ROOT_POD)[0][-1] == "--profile=netadmin"
    assert debug("db-0", "--purpose", "fs", pod=ROOT_POD)[0][-1] == "--profile=baseline"
    assert debug("db-0", "--purpose", "attach", pod=ROOT_POD)[0][-1] == "--profile=general"


def test_non_root_target_gets_a_custom_file_with_its_uid(debug, tmp_path):
    custom = tmp_path / "custom.yaml"
    command, notes = debug("web-0", "--target", "proxy", "--custom-file", str(custom), pod=POD)
    assert command == ["kubectl", "debug", "web-0", "-n", "shop", "-it", "--image=kdimg/debug:full-debian",
                       "--target=proxy", "--profile=general", f"--custom={custom}"]
    written = YAML(typ="safe").load(custom.read_text())
    assert written == {"securityContext": {"runAsUser": 101, "runAsGroup": 3000, "runAsNonRoot": True, "capabilities": {"add": ["SYS_PTRACE"]}}}
    assert "#     runAsUser: 101" in notes  # the content is printed too
    assert "SYS_PTRACE added for non-root uid 101 is not effective" in notes
    assert "ptrace_scope" in notes


def test_net_in_a_non_root_pod_runs_as_root_and_says_where_that_fails(debug):
    command, notes = debug("web-0", "--target", "app", "--purpose", "net", pod=POD)
    assert "--profile=netadmin" in command
    custom = next(a for a in command if a.startswith("--custom="))
    assert YAML(typ="safe").load(open(custom.split("=", 1)[1]))["securityContext"]["runAsUser"] == 0
    assert "restricted Pod Security Standard rejects it" in notes


def test_restricted_namespace(debug):
    command, notes = debug("web-0", "--target", "app", "--purpose", "net", "--restricted", pod=POD)
    assert "--profile=restricted" in command
    assert "will not work: packet capture needs NET_RAW" in notes


def test_runasnonroot_without_uid_picks_the_nonroot_image(debug):
    pod = ROOT_POD.replace("spec:\n", "spec:\n  securityContext: {runAsNonRoot: true}\n")
    command, notes = debug("db-0", pod=pod)
    assert "--image=kdimg/debug:full-debian-nonroot" in command
    assert "UID comes from its image" in notes


def test_a_root_image_in_a_runasnonroot_pod_is_called_out(debug):
    pod = ROOT_POD.replace("spec:\n", "spec:\n  securityContext: {runAsNonRoot: true}\n")
    _, notes = debug("db-0", "--image", "kdimg/debug:full-debian", pod=pod)
    assert "will not work: runAsNonRoot needs an image with a numeric non-root USER; use kdimg/debug:full-debian-nonroot" in notes


def test_copy_to_and_node_forms(debug):
    command, _ = debug("web-0", "--copy-to", "web-0-dbg", "--share-processes", "--same-node")
    assert command == ["kubectl", "debug", "web-0", "-it", "--image=kdimg/debug:full-debian", "--copy-to=web-0-dbg",
                       "--share-processes", "--same-node", "--profile=general"]
    command, notes = debug("node/worker-1")
    assert command == ["kubectl", "debug", "node/worker-1", "-it", "--image=kdimg/debug:full-debian", "--profile=sysadmin"]
    assert "/host" in notes


@pytest.mark.parametrize("args,message", [
    (["web-0"], "Pod/web-0 has several containers; choose the target with --target (containers: app, proxy)"),
    (["web-0", "--target", "nope"], "Pod/web-0 has no container 'nope' (containers: app, proxy)"),
    (["other", "--target", "app"], "the YAML describes pod 'web-0', not 'other'"),
    (["web-0", "--target", "app", "--purpose", "disk"], "unknown purpose 'disk' (purposes: net, attach, fs)"),
    (["web-0", "--share-processes"], "--share-processes and --same-node go with --copy-to"),
])
def test_debug_refusals(kdimg, tmp_path, args, message):
    path = tmp_path / "pod.yaml"
    path.write_text(POD)
    result = kdimg(["debug", *args, "-f", str(path)])
    assert result.code == 2
    assert result.err == f"kdimg: error: {message}\n"


def test_exec_without_kubectl_is_a_clear_error(kdimg, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = kdimg(["debug", "web-0", "--target", "app", "--exec"])
    assert result.code == 2
    assert result.err == "kdimg: error: kubectl is not on PATH; run the printed command where kubectl is set up (drop --exec to print it)\n"


def test_exec_runs_kubectl_and_returns_its_exit_code(kdimg, monkeypatch, tmp_path):
    fake = tmp_path / "kubectl"
    fake.write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\nexit 7\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    result = kdimg(["debug", "web-0", "--target", "app", "--exec"])
    assert result.code == 7
    assert (tmp_path / "args").read_text().split() == ["debug", "web-0", "-it", "--image=kdimg/debug:full-debian", "--target=app", "--profile=general"]
