"""Every refusal: exit 2, one `kdimg: error:` line on stderr, nothing on stdout, no -o file."""
from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEPLOYMENT = (DATA / "deployment-sidecar.in.yaml").read_text(encoding="utf-8")
POD = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: app
    image: app:1
    volumeMounts: [{name: v, mountPath: /v}]
  volumes: [{name: v, emptyDir: {}}]
"""

CASES = [
    # (id, manifest, args, words the message must contain)
    ("bad-yaml-at-end", "apiVersion: v1\nkind: Pod\nmetadata: {name: [p\n", ["sidecar"], ["invalid YAML at line 4, column 1"]),
    ("bad-yaml-in-document-2", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\nkind: Pod\n  bad: x\n", ["sidecar"], ["invalid YAML at line 6, column 6", "mapping values are not allowed here"]),
    ("duplicate-key", "kind: Pod\nkind: Pod\n", ["sidecar"], ["invalid YAML", "duplicate key"]),
    ("list-document", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n- a\n- b\n", ["sidecar"], ["document 2 (line 4) is a list, not a Kubernetes object"]),
    ("scalar-document", "just text\n", ["force-start"], ["is a str scalar, not a Kubernetes object"]),
    ("no-kind", "apiVersion: v1\nmetadata: {name: p}\n", ["sidecar"], ["has no kind"]),
    ("misspelt-kind", POD.replace("kind: Pod", "kind: Pdo"), ["sidecar"], ["unknown kind 'Pdo'", "did you mean Pod?"]),
    ("wrong-api-version", DEPLOYMENT.replace("apps/v1", "extensions/v1beta1"), ["sidecar"], ["a Deployment needs apiVersion apps/v1"]),
    ("no-workload", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", ["sidecar"], ["no workload to change (it holds Service)"]),
    ("missing-container", DEPLOYMENT, ["sidecar", "-c", "nope"], ["no container 'nope'", "(containers: app)"]),
    ("missing-container-force", POD, ["force-start", "-c", "web"], ["no container 'web' (containers: app)"]),
    ("missing-volume", DEPLOYMENT, ["secret-copy", "--volume", "nope"], ["no volume 'nope' (volumes: cfg, data)"]),
    ("wrong-volume-type", DEPLOYMENT, ["secret-copy", "--volume", "data"], ["volume 'data' is of type emptyDir", "secret, configMap, projected, downwardAPI"]),
    ("nameless-container", POD.replace("- name: app\n    image", "- image"), ["sidecar"], ["containers[0]: a container needs a name"]),
    ("mount-without-volume", POD.replace("volumes: [{name: v, emptyDir: {}}]", "volumes: []"), ["force-start"], ["volumeMount 'v' names no volume of the pod"]),
    ("model-type-error", POD.replace("image: app:1", "image: app:1\n    ports: [{containerPort: http}]"), ["sidecar"], ["not a valid Pod", "containerPort"]),
    ("nothing-to-restore", POD, ["force-start", "--restore"], ["no kdimg.io/force-start annotation"]),
    ("nothing-to-remove", POD, ["sidecar", "--remove"], ["no kdimg.io/sidecar annotation"]),
    ("several-workloads", DEPLOYMENT + "---\n" + POD, ["sidecar"], ["several workloads (Deployment/web, Pod/p)", "--name"]),
    ("unknown-name", DEPLOYMENT + "---\n" + POD, ["sidecar", "--name", "q"], ["no workload named 'q' (workloads: Deployment/web, Pod/p)"]),
    ("several-containers", POD.replace("  volumes:", "  - {name: side, image: s}\n  volumes:"), ["force-start"], ["several containers; choose one with --container (containers: app, side)"]),
]


@pytest.mark.parametrize("manifest,args,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_with_one_line_and_nothing_written(kdimg, tmp_path, manifest, args, words):
    source = tmp_path / "in.yaml"
    source.write_text(manifest, encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = kdimg([*args, "-f", str(source), "-o", str(target)])
    assert result.code == 2, (result.out, result.err, result.exception)
    assert result.out == ""
    assert result.err.startswith("kdimg: error: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err
    for word in words:
        assert word in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.yaml"]


def test_the_container_not_mounting_the_volume_is_named(kdimg, tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text(POD.replace("  volumes:", "  - {name: side, image: s}\n  volumes:").replace("emptyDir: {}", "secret: {secretName: s}"))
    result = kdimg(["secret-copy", "--volume", "v", "-c", "side", "-f", str(source)])
    assert result.code == 2
    assert "container 'side' does not mount volume 'v' (mounted by: app)" in result.err


def test_a_missing_file_is_one_line(kdimg, tmp_path):
    result = kdimg(["sidecar", "-f", str(tmp_path / "absent.yaml")])
    assert (result.code, result.out) == (2, "")
    assert result.err == f"kdimg: error: {tmp_path / 'absent.yaml'}: no such file\n"


def test_an_existing_output_file_is_left_alone_on_error(kdimg, tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("keep me\n")
    result = kdimg(["sidecar", "-c", "nope", "-f", "-", "-o", str(target)], stdin=DEPLOYMENT)
    assert result.code == 2
    assert target.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_remove_refuses_options_it_would_ignore(kdimg):
    result = kdimg(["sidecar", "--remove", "--image", "x", "-f", "-"], stdin=DEPLOYMENT)
    assert result.code == 2
    assert "--remove takes no --container or --image" in result.err
