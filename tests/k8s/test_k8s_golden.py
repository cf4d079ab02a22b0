"""Golden manifests: tests/k8s/data/NAME.in.yaml through the command in CASES gives NAME.out.yaml.

Regenerate with KDIMG_UPDATE_GOLDEN=1 and read every changed .out.yaml: they are the spec.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kdimg.k8s.manifest import load_stream, to_plain

DATA = Path(__file__).parent / "data"

CASES = {
    "deployment-sidecar": ["sidecar", "--container", "app"],
    "statefulset-sidecar": ["sidecar"],
    "replicaset-sidecar": ["sidecar", "--image", "busybox:1.36"],
    "pod-layout-sidecar": ["sidecar"],
    "deployment-force-start": ["force-start", "-c", "app"],
    "cronjob-force-start": ["force-start"],
    "pod-force-start": ["force-start", "-c", "api"],
    "workloads-force-start": ["force-start", "--name", "worker", "-c", "worker"],
    "pod-force-start-flow": ["force-start"],
    "daemonset-secret-copy": ["secret-copy", "--volume", "keystore"],
    "job-secret-copy": ["secret-copy", "--volume", "conf", "-c", "migrate", "--mode", "0400"],
}
UNDO = {"sidecar": ["sidecar", "--remove"], "force-start": ["force-start", "--restore"]}
UPDATE = os.environ.get("KDIMG_UPDATE_GOLDEN") == "1"


def _run_ok(kdimg, args, path=None, stdin=None):
    result = kdimg([*args, "-f", str(path) if path else "-"], stdin=stdin)
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(kdimg, name):
    out = _run_ok(kdimg, CASES[name], DATA / f"{name}.in.yaml")
    golden = DATA / f"{name}.out.yaml"
    if UPDATE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_running_twice_changes_nothing_more(kdimg, name):
    once = (DATA / f"{name}.out.yaml").read_text(encoding="utf-8")
    assert _run_ok(kdimg, CASES[name], stdin=once) == once


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n][0] in UNDO))
def test_undo_gives_back_the_input_byte_for_byte(kdimg, name):
    changed = (DATA / f"{name}.out.yaml").read_text(encoding="utf-8")
    original = (DATA / f"{name}.in.yaml").read_text(encoding="utf-8")
    name_args = CASES[name][CASES[name].index("--name"): CASES[name].index("--name") + 2] if "--name" in CASES[name] else []
    assert _run_ok(kdimg, UNDO[CASES[name][0]] + name_args, stdin=changed) == original


@pytest.mark.parametrize("name", sorted(CASES))
def test_documents_not_selected_pass_through_verbatim(name):
    source = (DATA / f"{name}.in.yaml").read_text(encoding="utf-8")
    changed = (DATA / f"{name}.out.yaml").read_text(encoding="utf-8")
    before, after = load_stream("-", source).documents, load_stream("-", changed).documents
    assert len(before) == len(after)
    differing = [a.index for a, b in zip(before, after) if a.text() != b.text()]
    assert len(differing) == 1  # exactly the workload the command changed
    for a, b in zip(before, after):
        if a.index not in differing:
            assert to_plain(a.data) == to_plain(b.data)
