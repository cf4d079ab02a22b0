"""dbg copy-secrets: the init-container fix for symlinked Secret/ConfigMap files."""
from __future__ import annotations

import os
import stat

import pytest
from .conftest import assert_one_line_error, make_atomic_writer

from dbg.commands import copy_secrets


@pytest.fixture
def volume(tmp_path):
    return make_atomic_writer(tmp_path / "secret", {"username": b"admin", "password": b"hunter2", "tls/ca.crt": b"CA"},
                              mode=0o644)


def status_by_path(report):
    return {f["path"]: f["status"] for f in report["files"]}


def test_copies_dereferenced_files_with_mode(volume, tmp_path, run_dbg):
    dst = tmp_path / "out"
    r = run_dbg(None, "copy-secrets", volume, dst, "--mode", "0600", "--json")
    assert r.code == 0, r.err
    rep = r.json()
    assert rep["atomic_writer"] and rep["ok"] and rep["warnings"] == []
    assert status_by_path(rep) == {"password": "copied", "tls/ca.crt": "copied", "username": "copied"}
    assert sorted(os.listdir(dst)) == ["password", "tls", "username"]  # no ..data, no ..<timestamp>
    for rel, content in (("password", b"hunter2"), ("tls/ca.crt", b"CA")):
        p = dst / rel
        assert not p.is_symlink() and p.read_bytes() == content
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert not [n for n in os.listdir(dst) if n.startswith(".dbg-copy-")]


def test_keeps_source_mode_by_default(volume, tmp_path, run_dbg):
    dst = tmp_path / "out"
    assert run_dbg(None, "copy-secrets", volume, dst).code == 0
    assert stat.S_IMODE((dst / "username").stat().st_mode) == 0o644


def test_identical_skipped_differing_needs_force(volume, tmp_path, run_dbg):
    dst = tmp_path / "out"
    run_dbg(None, "copy-secrets", volume, dst)
    again = run_dbg(None, "copy-secrets", volume, dst, "--json").json()
    assert set(status_by_path(again).values()) == {"skipped"}
    (dst / "password").write_bytes(b"changed")
    r = run_dbg(None, "copy-secrets", volume, dst, "--json")
    assert r.code == 1 and status_by_path(r.json())["password"] == "conflict"
    assert (dst / "password").read_bytes() == b"changed"
    r = run_dbg(None, "copy-secrets", volume, dst, "--force", "--json")
    assert r.code == 0 and status_by_path(r.json())["password"] == "replaced"
    assert (dst / "password").read_bytes() == b"hunter2"
    r = run_dbg(None, "copy-secrets", volume, dst, "--mode", "0640", "--json")
    assert status_by_path(r.json())["password"] == "replaced"  # same content, new mode
    human = run_dbg(None, "copy-secrets", volume, dst)
    assert human.out.splitlines()[0].split() == ["STATUS", "MODE", "PATH", "MESSAGE"]


def test_refuses_links_escaping_src(volume, tmp_path, run_dbg):
    outside = tmp_path / "outside"
    outside.write_text("host secret")
    os.symlink(str(outside), volume / "escape")
    os.symlink("../outside", volume / "escape2")
    r = run_dbg(None, "copy-secrets", volume, tmp_path / "out", "--json")
    assert r.code == 1
    st = status_by_path(r.json())
    assert st["escape"] == "refused" and st["escape2"] == "refused" and st["password"] == "copied"
    assert not (tmp_path / "out/escape").exists()


def test_plain_directory_warns(tmp_path, run_dbg):
    src = tmp_path / "plain"
    (src / "sub").mkdir(parents=True)
    (src / "a").write_text("1")
    (src / "sub/b").write_text("2")
    (src / "..hidden").write_text("skip")
    os.symlink("nowhere", src / "dangling")
    r = run_dbg(None, "copy-secrets", src, tmp_path / "out", "--json")
    rep = r.json()
    assert not rep["atomic_writer"] and "no ..data" in rep["warnings"][0]
    assert status_by_path(rep) == {"a": "copied", "sub/b": "copied", "dangling": "error"}
    assert r.code == 1


def test_write_failure_leaves_no_partial_file(volume, tmp_path, monkeypatch):
    dst = tmp_path / "out"
    real_replace = os.replace

    def failing_replace(a, b):
        if str(b).endswith("password"):
            raise OSError(28, "No space left on device", str(b))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", failing_replace)
    rep = copy_secrets.copy_tree(str(volume), str(dst))
    st = {f["path"]: f for f in rep["files"]}
    assert st["password"]["status"] == "error" and "No space left" in st["password"]["message"]
    assert not (dst / "password").exists()
    assert sorted(os.listdir(dst)) == ["tls", "username"]  # the temporary file was removed


@pytest.mark.parametrize("argv", [
    ["--mode", "999"], ["--mode", "rw"], ["--mode", "17777"], ["--chown", "app"],
])
def test_bad_options(volume, tmp_path, run_dbg, argv):
    assert_one_line_error(run_dbg(None, "copy-secrets", volume, tmp_path / "o", *argv), 2)


def test_bad_paths(volume, tmp_path, run_dbg):
    assert_one_line_error(run_dbg(None, "copy-secrets", tmp_path / "missing", tmp_path / "o"))
    f = tmp_path / "file"
    f.write_text("")
    assert_one_line_error(run_dbg(None, "copy-secrets", volume, f))
    assert_one_line_error(run_dbg(None, "copy-secrets", volume, volume / "inside"))


def test_chown_needs_privilege_or_matches(volume, tmp_path, run_dbg):
    r = run_dbg(None, "copy-secrets", volume, tmp_path / "o", "--chown", "%d:%d" % (os.getuid(), os.getgid()),
                "--json")
    assert r.code == 0 and (tmp_path / "o/username").stat().st_uid == os.getuid()
