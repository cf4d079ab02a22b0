"""The mechanisms under the commands: text merge, item regions, indentation, validation."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kdimg.k8s.errors import K8sError
from kdimg.k8s.manifest import detect_indent, new_yaml
from kdimg.k8s.regions import item_lines
from kdimg.k8s.textmerge import carry_over
from kdimg.k8s.validate import check
from kdimg.k8s.workloads import KINDS

lines = st.lists(st.sampled_from(["a: 1\n", "b: 2\n", "- x\n", "# c\n", "\n"]), max_size=12)


@given(lines, lines)
def test_merge_is_the_edit_when_ruamel_changes_nothing(original, edited):
    assert carry_over(original, list(original), edited) == edited


@given(lines)
def test_merge_without_an_edit_is_the_original(original):
    baseline = [line.replace("  ", " ") for line in original]
    assert carry_over(original, baseline, list(baseline)) == original


def test_merge_keeps_respaced_lines_around_an_insertion():
    original = ["a:   1\n", "b:  2\n", "c: 3\n"]
    baseline = ["a: 1\n", "b: 2\n", "c: 3\n"]
    edited = ["a: 1\n", "new: 0\n", "b: 2\n", "c: 3\n"]
    assert carry_over(original, baseline, edited) == ["a:   1\n", "new: 0\n", "b:  2\n", "c: 3\n"]


def test_item_lines_cover_the_item_and_its_inner_comments_only():
    text = "c:\n- name: a\n  x: 1\n  # inner\n\n# about b\n- name: b\n  y: 2\n  # tail of b\nd: 1\n"
    seq = new_yaml(text).load(text)["c"]
    lines = text.splitlines(True)
    assert item_lines(lines, seq, 0) == (1, 4)
    assert item_lines(lines, seq, 1) == (6, 9)
    flow = new_yaml("c: [{name: a}]\n").load("c: [{name: a}]\n")["c"]
    assert item_lines(["c: [{name: a}]\n"], flow, 0) is None


@pytest.mark.parametrize("text,expected", [
    ("a:\n  b:\n  - x\n", (2, 2, 0)),
    ("a:\n  b:\n    - x\n", (2, 4, 2)),
    ("a:\n    b:\n    -   x\n", (4, 4, 0)),
    ("a: 1\n", (2, 2, 0)),
])
def test_detect_indent(text, expected):
    assert detect_indent(text) == expected


def _pod(**spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec}


@pytest.mark.parametrize("obj,message", [
    (_pod(containers=[{"name": "a", "image": "i"}, {"name": "a", "image": "i"}]), "container name 'a' is used twice"),
    (_pod(containers=[]), "must list at least one container"),
    (_pod(containers=[{"name": "a", "volumeMounts": [{"name": "v", "mountPath": "/v"}, {"name": "v", "mountPath": "/v"}]}], volumes=[{"name": "v", "emptyDir": {}}]), "mountPath '/v' is used twice"),
    (_pod(containers=[{"name": "a"}], volumes=[{"name": "v"}, {"name": "v"}]), "volume name 'v' is used twice"),
    (_pod(containers=[{"name": "a", "stdin": "yes"}]), "not a valid Pod"),
    ({"apiVersion": "v1", "kind": "Pod", "metadata": {}, "spec": {"containers": [{"name": "a"}]}}, "metadata.name must be a non-empty string"),
])
def test_validation_rejects(obj, message):
    with pytest.raises(K8sError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(obj, KINDS["Pod"], "Pod/p")


def test_validation_accepts_numeric_quantities_and_claim_templates():
    check(_pod(containers=[{"name": "a", "resources": {"limits": {"cpu": 1, "memory": 1.5}}}]), KINDS["Pod"], "Pod/p")
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
           "spec": {"selector": {}, "serviceName": "s", "volumeClaimTemplates": [{"metadata": {"name": "data"}}],
                    "template": {"spec": {"containers": [{"name": "a", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}}}}
    check(sts, KINDS["StatefulSet"], "StatefulSet/s")
