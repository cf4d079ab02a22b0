"""Input and output: stdin, -o (atomic), line endings, comments, and what the sidecar mounts."""
from __future__ import annotations

import os
from pathlib import Path

from kdimg.k8s.manifest import load_stream, to_plain

DATA = Path(__file__).parent / "data"
DEPLOYMENT = DATA / "deployment-sidecar.in.yaml"


def test_stdin_and_file_give_the_same_result(kdimg):
    from_file = kdimg(["sidecar", "-f", str(DEPLOYMENT)])
    from_stdin = kdimg(["sidecar", "-f", "-"], stdin=DEPLOYMENT.read_text())
    assert from_file.code == from_stdin.code == 0
    assert from_file.out == from_stdin.out != DEPLOYMENT.read_text()


def test_output_file_is_written_whole_and_keeps_its_mode(kdimg, tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    result = kdimg(["force-start", "-f", str(DEPLOYMENT), "-o", str(target)])
    assert (result.code, result.out, result.err) == (0, "", "")
    assert target.read_text() == (DATA / "deployment-force-start.out.yaml").read_text()
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]  # no temporary file left


def test_output_into_a_missing_directory_is_an_error(kdimg, tmp_path):
    result = kdimg(["sidecar", "-f", str(DEPLOYMENT), "-o", str(tmp_path / "no" / "out.yaml")])
    assert result.code == 2
    assert result.err.startswith("kdimg: error: ") and "cannot write" in result.err


def test_crlf_input_stays_crlf_and_restores_exactly(kdimg, tmp_path):
    crlf = DEPLOYMENT.read_text().replace("\n", "\r\n")
    source, changed, restored = (tmp_path / n for n in ("in.yaml", "changed.yaml", "restored.yaml"))
    source.write_bytes(crlf.encode())
    assert kdimg(["force-start", "-f", str(source), "-o", str(changed)]).code == 0
    text = changed.read_bytes().decode()
    assert text.count("\r\n") == text.count("\n") > crlf.count("\n")
    assert kdimg(["force-start", "--restore", "-f", str(changed), "-o", str(restored)]).code == 0
    assert restored.read_bytes() == source.read_bytes()


def test_a_last_line_without_newline_is_kept_so(kdimg):
    text = DEPLOYMENT.read_text().rstrip("\n")
    changed = kdimg(["sidecar", "-f", "-"], stdin=text).out
    assert not changed.endswith("\n")
    assert kdimg(["sidecar", "--remove", "-f", "-"], stdin=changed).out == text


def test_comments_survive_every_command(kdimg):
    source = DEPLOYMENT.read_text()
    commented = [line for line in source.splitlines() if "#" in line]
    assert len(commented) == 5
    for args in (["sidecar"], ["force-start"], ["secret-copy", "--volume", "cfg"]):
        out_lines = kdimg([*args, "-f", "-"], stdin=source).out.splitlines()
        for line in commented:
            if "liveness" in line and "force-start" in args:
                assert any(o.strip() == line.strip() and o != line for o in out_lines)  # only in the record
            else:
                assert line in out_lines, (args, line)


def _pod_spec(text: str):
    return to_plain(load_stream("-", text).documents[0].data)["spec"]["template"]["spec"]


def test_sidecar_mounts_exactly_what_the_app_mounts(kdimg):
    spec = _pod_spec(kdimg(["sidecar", "-f", str(DEPLOYMENT)]).out)
    app, debug = spec["containers"]
    assert debug["name"] == "debug"
    assert debug["volumeMounts"] == app["volumeMounts"]
    assert debug["stdin"] is debug["tty"] is True
    assert spec["shareProcessNamespace"] is True


def test_sidecar_again_with_another_image_replaces_the_sidecar(kdimg):
    once = kdimg(["sidecar", "-f", str(DEPLOYMENT)]).out
    twice = kdimg(["sidecar", "--image", "busybox:1.36", "-f", "-"], stdin=once).out
    debug = [c for c in _pod_spec(twice)["containers"] if c["name"] == "debug"]
    assert [c["image"] for c in debug] == ["busybox:1.36"]
    assert kdimg(["sidecar", "--remove", "-f", "-"], stdin=twice).out == DEPLOYMENT.read_text()


def test_sidecar_in_a_runasnonroot_pod_uses_the_nonroot_image(kdimg):
    text = DEPLOYMENT.read_text().replace("    spec:\n      containers:", "    spec:\n      securityContext: {runAsNonRoot: true}\n      containers:")
    debug = _pod_spec(kdimg(["sidecar", "-f", "-"], stdin=text).out)["containers"][-1]
    assert debug["image"] == "kdimg/debug:full-debian-nonroot"


def test_force_start_and_sidecar_undo_in_either_order(kdimg):
    source = DEPLOYMENT.read_text()
    both = kdimg(["force-start", "-c", "app", "-f", "-"], stdin=kdimg(["sidecar", "-f", "-"], stdin=source).out).out
    for first, second in ((["sidecar", "--remove"], ["force-start", "--restore"]), (["force-start", "--restore"], ["sidecar", "--remove"])):
        assert kdimg([*second, "-f", "-"], stdin=kdimg([*first, "-f", "-"], stdin=both).out).out == source


def test_secret_copy_targets_only_the_named_container(kdimg):
    text = (DATA / "daemonset-secret-copy.in.yaml").read_text()
    spec = _pod_spec(kdimg(["secret-copy", "--volume", "keystore", "-c", "signer", "-f", "-"], stdin=text).out)
    mounts = {c["name"]: [m["name"] for m in c["volumeMounts"]] for c in spec["containers"]}
    assert mounts == {"agent": ["keystore", "host"], "signer": ["keystore-copy"]}


def test_the_name_option_takes_kind_slash_name(kdimg):
    text = (DATA / "workloads-force-start.in.yaml").read_text()
    by_kind = kdimg(["force-start", "--name", "Deployment/worker", "-c", "worker", "-f", "-"], stdin=text)
    assert by_kind.out == (DATA / "workloads-force-start.out.yaml").read_text()
