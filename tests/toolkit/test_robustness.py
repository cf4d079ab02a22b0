"""The never-crash rules: EACCES, vanishing processes, ELOOP, odd names, empty/huge input, signals, pipes."""
from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest
from .conftest import TOOLKIT, assert_one_line_error, make_atomic_writer
from .test_cli import APP_UID, pod  # noqa: F401  (fixture)

from dbg.procfs import ProcFS
from dbg.rootfs import TargetRoot


def deny(monkeypatch, suffixes, exc=PermissionError(errno.EACCES, "Permission denied")):
    """Make ProcFS reads/readlinks/listdirs of paths ending in one of ``suffixes`` fail."""
    for name in ("_read", "_readlink", "_listdir"):
        real = getattr(ProcFS, name)

        def fake(self, path, _real=real):
            if path.endswith(tuple(suffixes)):
                raise exc
            return _real(self, path)

        monkeypatch.setattr(ProcFS, name, fake)


def test_environ_eacces_names_capability_and_uid(pod, run_dbg, monkeypatch):
    deny(monkeypatch, ["/7/environ"])
    r = run_dbg(pod.root, "env")
    assert_one_line_error(r)
    assert "permission denied" in r.err and "CAP_SYS_PTRACE" in r.err and "uid %d" % APP_UID in r.err


def test_eacces_when_we_already_have_ptrace_mentions_user_namespaces(pod, run_dbg, monkeypatch):
    from .conftest import ALL_CAPS, status_text

    (pod.root / "20/status").write_text(status_text(20, "python3", cap_eff=ALL_CAPS))
    deny(monkeypatch, ["/7/environ"])
    r = run_dbg(pod.root, "env")
    assert_one_line_error(r)
    assert "user namespace" in r.err


def test_mountinfo_eacces(pod, run_dbg, monkeypatch):
    deny(monkeypatch, ["/7/mountinfo"])
    assert_one_line_error(run_dbg(pod.root, "inspect-mounts", "--json"))


def test_root_eacces_still_classifies_from_mountinfo(pod, run_dbg, monkeypatch):
    def denied(self, path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(TargetRoot, "listdir", denied)
    monkeypatch.setattr(TargetRoot, "lstat", denied)
    r = run_dbg(pod.root, "inspect-mounts", "--json")
    assert r.code == 0, r.err
    rep = r.json()
    assert any("permission denied" in w and "CAP_SYS_PTRACE" in w for w in rep["warnings"])
    kinds = {m["mount_point"]: m["kind"] for m in rep["mounts"]}
    assert kinds["/var/run/secrets/kubernetes.io/serviceaccount"] == "service-account"
    assert kinds["/etc/nginx/conf.d/default.conf"] == "configmap"
    assert all(m["entries"] == [] for m in rep["mounts"])
    for cmd in (["links", "/etc/secret/password"], ["inspect-volume", "/cache"]):
        assert_one_line_error(run_dbg(pod.root, *cmd))


def test_entry_eacces_is_a_warning(pod, run_dbg, monkeypatch):
    real = TargetRoot.lstat

    def lstat(self, path):
        if path.endswith("/username"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, path)

    monkeypatch.setattr(TargetRoot, "lstat", lstat)
    rep = run_dbg(pod.root, "inspect-mounts", "--json").json()
    secret = [m for m in rep["mounts"] if m["mount_point"] == "/etc/secret"][0]
    entry = [e for e in secret["entries"] if e["name"] == "username"][0]
    assert entry["status"] == "error" and entry["readable_by_target"] is None
    assert any("username" in w and "Permission denied" in w for w in secret["warnings"])


def test_process_vanishing_mid_scan(pod, run_dbg, monkeypatch):
    pod.add(30, "ghost", ["ghost"])
    real = ProcFS._read

    def vanish(self, path):
        if "/30/" in path:
            import shutil

            shutil.rmtree(str(pod.root / "30"), ignore_errors=True)
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return real(self, path)

    monkeypatch.setattr(ProcFS, "_read", vanish)
    r = run_dbg(pod.root, "ps", "--json")
    assert r.code == 0 and 30 not in [p["pid"] for p in r.json()["processes"]]
    r = run_dbg(pod.root, "net", "--json")
    assert r.code == 0


def test_target_vanishing_is_one_line(pod, run_dbg, monkeypatch):
    real = ProcFS._read

    def vanish(self, path):
        if path.endswith("/7/environ"):
            import shutil

            shutil.rmtree(str(pod.root / "7"), ignore_errors=True)
            raise FileNotFoundError(errno.ENOENT, "No such file or directory")
        return real(self, path)

    monkeypatch.setattr(ProcFS, "_read", vanish)
    r = run_dbg(pod.root, "env", "--pid", "7")
    assert_one_line_error(r)
    assert "exited" in r.err


def test_fd_eacces_in_net_is_a_warning(pod, run_dbg, monkeypatch):
    deny(monkeypatch, ["/1/fd"])
    rep = run_dbg(pod.root, "net", "--json").json()
    assert any("cannot read the fds of 1 process" in w for w in rep["warnings"])


def test_non_utf8_names_and_odd_mount_points(fakeproc, run_dbg, tmp_path):
    root = tmp_path / "t"
    weird = os.fsdecode(b"/data/caf\xe9 dir\nx")
    (root / os.fsencode(weird[1:]).decode("utf-8", "surrogateescape")).mkdir(parents=True)
    bad = os.fsencode(weird) + b"/\xff\xfename"
    with open(os.fsencode(str(root)) + bad, "wb") as f:
        f.write(b"x")
    from dbg.mountinfo import escape

    mi = "1 0 0:1 / / rw - overlay overlay rw\n2 1 0:2 / %s rw - tmpfs tmpfs rw\n" % escape(weird)
    fakeproc.add(5, "app", ["app"], root=root, mountinfo=mi)
    fakeproc.set_self(5)
    r = run_dbg(fakeproc.root, "inspect-mounts", "--json", "--pid", "5")
    assert r.code == 0, r.err
    rep = r.json()
    m = [m for m in rep["mounts"] if m["mount_id"] == 2][0]
    assert m["mount_point"] == "/data/caf\\xe9 dir\nx"
    assert m["entries"][0]["name"] == "\\xff\\xfename"
    human = run_dbg(fakeproc.root, "inspect-mounts", "--pid", "5")
    assert human.code == 0 and "/data/caf\\xe9 dir\\nx" in human.out and "\\xff\\xfename" in human.out
    vol = run_dbg(fakeproc.root, "inspect-volume", weird, "--pid", "5", "--json")
    assert vol.code == 0 and vol.json()["count"] == 1


def test_empty_and_garbage_mountinfo(fakeproc, run_dbg):
    fakeproc.add(5, "app", ["app"], mountinfo="")
    fakeproc.add(6, "app2", ["app2"], mountinfo="garbage line\n1 0 0:1 / / rw - ext4 x rw\n")
    fakeproc.set_self(5)
    rep = run_dbg(fakeproc.root, "inspect-mounts", "--json", "--pid", "5").json()
    assert rep["mounts"] == [] and "empty" in rep["warnings"][0]
    rep = run_dbg(fakeproc.root, "inspect-mounts", "--json", "--pid", "6").json()
    assert len(rep["mounts"]) == 1 and "line 1 skipped" in rep["warnings"][0]


def test_thousand_mounts(fakeproc, run_dbg, tmp_path):
    root = tmp_path / "t"
    lines = ["1 0 0:1 / / rw - overlay overlay rw"]
    for i in range(1000):
        mp = "/vol/m%04d" % i
        if i % 10 == 0:
            make_atomic_writer(root / mp[1:], {"k": b"v"})
        lines.append("%d 1 0:%d / %s ro,relatime - tmpfs tmpfs rw" % (i + 2, i + 100, mp))
    fakeproc.add(5, "app", ["app"], root=root, mountinfo="\n".join(lines) + "\n")
    fakeproc.set_self(5)
    rep = run_dbg(fakeproc.root, "inspect-mounts", "--json", "--pid", "5").json()
    assert len(rep["mounts"]) == 1001
    kinds = [m["kind"] for m in rep["mounts"][1:]]
    assert kinds.count("secret") == 100 and kinds.count("empty-dir") == 900


def test_elooping_entry_in_mount(fakeproc, run_dbg, tmp_path):
    root = tmp_path / "t"
    (root / "vol").mkdir(parents=True)
    os.symlink("b", root / "vol/a")
    os.symlink("a", root / "vol/b")
    fakeproc.add(5, "app", ["app"], root=root, mountinfo="1 0 0:1 / / rw - overlay o rw\n2 1 0:2 / /vol rw - tmpfs t rw\n")
    fakeproc.set_self(5)
    rep = run_dbg(fakeproc.root, "inspect-mounts", "--json", "--pid", "5").json()
    entries = rep["mounts"][1]["entries"]
    assert {e["status"] for e in entries} == {"loop"}


def test_usage_errors_are_one_line(run_dbg):
    for argv in ([], ["nope"], ["ps", "--bogus"], ["links"], ["copy-secrets", "a"], ["exitcode", "1", "--reason"]):
        assert_one_line_error(run_dbg(None, *argv), 2)


def test_internal_error_is_one_line(run_dbg, monkeypatch):
    import dbg.commands.exitcode as mod

    monkeypatch.setattr(mod, "explain", lambda *a: 1 / 0)
    monkeypatch.delenv("DBG_DEBUG", raising=False)
    r = run_dbg(None, "exitcode", "1")
    assert r.code == 70 and "Traceback" not in r.err and r.err.startswith("dbg: internal error: ZeroDivisionError")


def test_keyboard_interrupt(run_dbg, monkeypatch):
    import dbg.commands.exitcode as mod

    def interrupted(*a):
        raise KeyboardInterrupt

    monkeypatch.setattr(mod, "explain", interrupted)
    r = run_dbg(None, "exitcode", "1")
    assert r.code == 130 and "Traceback" not in r.err


def test_broken_pipe_in_subprocess(tmp_path):
    """`dbg ... | head`: the reader goes away before dbg writes; no traceback, exit 141."""
    env = dict(os.environ, PYTHONPATH=str(TOOLKIT))
    p = subprocess.Popen([sys.executable, "-m", "dbg", "exitcode", "137"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    p.stdout.close()  # closed long before the interpreter has started
    err = p.stderr.read()
    assert p.wait(timeout=30) == 141
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_stdout_closed_returns_141(run_dbg, monkeypatch):
    class Broken:
        def write(self, s):
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

        def flush(self):
            pass

        def fileno(self):
            raise ValueError

    from dbg import __main__ as cli

    monkeypatch.setattr(sys, "stdout", Broken())
    assert cli.main(["exitcode", "1"]) == 141


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_subprocess_entry_points(argv):
    env = dict(os.environ, PYTHONPATH=str(TOOLKIT))
    p = subprocess.run([sys.executable, "-m", "dbg"] + argv, capture_output=True, env=env, timeout=30)
    assert p.returncode == 0 and p.stdout.startswith(b"dbg " if argv == ["--version"] else b"usage: dbg")
