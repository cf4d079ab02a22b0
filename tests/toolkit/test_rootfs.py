"""Resolving symlinks inside the target's root (never the debug container's)."""
from __future__ import annotations

import errno
import os

from dbg.rootfs import MAX_HOPS, TargetRoot, lexical_join


def make_tree(tmp_path):
    root = tmp_path / "target"
    (root / "etc/secret/..2024_01_01_00_00_00.1").mkdir(parents=True)
    (root / "etc/secret/..2024_01_01_00_00_00.1/key").write_text("v")
    os.symlink("..2024_01_01_00_00_00.1", root / "etc/secret/..data")
    os.symlink("..data/key", root / "etc/secret/key")
    (root / "opt").mkdir()
    os.symlink("/etc/secret/key", root / "opt/abs")            # absolute: must stay in the target
    os.symlink("../../../../etc/secret/key", root / "opt/up")   # climbs above /
    os.symlink("missing", root / "opt/dangling")
    os.symlink("loop2", root / "opt/loop1")
    os.symlink("loop1", root / "opt/loop2")
    os.symlink("self", root / "opt/self")
    (root / "opt/file").write_text("x")
    return root


def test_relative_chain(tmp_path):
    r = TargetRoot(str(make_tree(tmp_path))).resolve("/etc/secret/key")
    assert r.ok and r.final == "/etc/secret/..2024_01_01_00_00_00.1/key"
    assert [(h["link"], h["target"]) for h in r.hops] == [
        ("/etc/secret/key", "..data/key"), ("/etc/secret/..data", "..2024_01_01_00_00_00.1")]


def test_absolute_links_are_rerooted(tmp_path):
    root = make_tree(tmp_path)
    r = TargetRoot(str(root)).resolve("/opt/abs")
    assert r.ok and r.final == "/etc/secret/..2024_01_01_00_00_00.1/key"
    assert r.hops[0]["absolute"]


def test_climbing_above_root_is_clamped(tmp_path):
    r = TargetRoot(str(make_tree(tmp_path))).resolve("/opt/up")
    assert r.ok and r.clamped and r.final.endswith("/key")


def test_dangling_missing_loop_notdir(tmp_path):
    t = TargetRoot(str(make_tree(tmp_path)))
    assert t.resolve("/opt/dangling").status == "dangling"
    assert t.resolve("/nope").status == "missing"
    loop = t.resolve("/opt/loop1")
    assert loop.status == "loop" and loop.errno == errno.ELOOP
    assert t.resolve("/opt/self").status == "loop"
    bad = t.resolve("/opt/file/x")
    assert bad.status == "error" and bad.errno == errno.ENOTDIR


def test_long_chain_hits_hop_limit(tmp_path):
    root = tmp_path / "t"
    root.mkdir()
    for i in range(MAX_HOPS + 5):
        os.symlink("l%d" % (i + 1), root / ("l%d" % i))
    (root / ("l%d" % (MAX_HOPS + 5))).write_text("end")
    r = TargetRoot(str(root)).resolve("/l0")
    assert r.status == "loop" and len(r.hops) == MAX_HOPS


def test_follow_last_false_and_trusted_prefix(tmp_path):
    t = TargetRoot(str(make_tree(tmp_path)))
    r = t.resolve("/etc/secret/key", follow_last=False)
    assert r.ok and r.final == "/etc/secret/key" and r.hops == []
    r = t.resolve("/etc/secret/key", trusted="/etc/secret")
    assert r.ok and len(r.hops) == 2


def test_permission_error_is_reported_not_raised(tmp_path, monkeypatch):
    t = TargetRoot(str(make_tree(tmp_path)))

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(t, "lstat", denied)
    r = t.resolve("/etc/secret/key")
    assert r.status == "error" and r.errno == errno.EACCES and "Permission denied" in r.error


def test_lexical_join():
    assert lexical_join("/etc/secret", "..data/key") == ("/etc/secret/..data/key", False)
    assert lexical_join("/a", "/b/../c") == ("/c", False)
    assert lexical_join("/a", "../../x") == ("/x", True)
