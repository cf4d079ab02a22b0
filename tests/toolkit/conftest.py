"""Test helpers for dbg: sys.path setup, a fake /proc tree builder, a CLI runner."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

TOOLKIT = Path(__file__).resolve().parents[2] / "toolkit"
if str(TOOLKIT) not in sys.path:
    sys.path.insert(0, str(TOOLKIT))

DATA = Path(__file__).resolve().parent / "data"

ALL_CAPS = "000001ffffffffff"
DOCKER_CAPS = "00000000a80425fb"
NO_CAPS = "0000000000000000"


def data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def status_text(pid, comm, ppid=0, uid=0, gid=0, groups=(), cap_eff=ALL_CAPS, cap_bnd=None):
    u, g = uid, gid
    return (
        "Name:\t{comm}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t{pid}\nPid:\t{pid}\nPPid:\t{ppid}\n"
        "Uid:\t{u}\t{u}\t{u}\t{u}\nGid:\t{g}\t{g}\t{g}\t{g}\nGroups:\t{groups}\n"
        "VmRSS:\t    4096 kB\nCapInh:\t0000000000000000\nCapPrm:\t{cap}\nCapEff:\t{cap}\nCapBnd:\t{bnd}\n"
        "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t2\n"
    ).format(pid=pid, comm=comm, ppid=ppid, u=u, g=g, groups=" ".join(map(str, groups)) + (" " if groups else ""),
             cap=cap_eff, bnd=cap_bnd or cap_eff)


def stat_text(pid, comm, ppid=0, starttime=12345, rss=256):
    rest = ["S", ppid, pid, pid, 0, -1, 4194560, 100, 0, 0, 0, 1, 1, 0, 0, 20, 0, 1, 0, starttime, 10000000, rss]
    return "%d (%s) %s 18446744073709551615 0 0\n" % (pid, comm, " ".join(map(str, rest)))


class FakeProc:
    """Builds a /proc-like tree under tmp_path: proc/<pid>/{status,stat,cmdline,...}, proc/self."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.root = base / "proc"
        self.root.mkdir(parents=True)
        (self.root / "stat").write_text("cpu  1 2 3 4\nbtime 1700000000\nprocesses 100\n")
        (self.root / "sys/kernel/yama").mkdir(parents=True)
        (self.root / "sys/kernel/yama/ptrace_scope").write_text("1\n")

    def add(self, pid, comm, argv=None, ppid=0, uid=0, gid=0, groups=(), cap_eff=ALL_CAPS,
            root=None, mountinfo="", environ=b"", cgroup=None, mnt_ns=None, fds=None, net=None,
            starttime=12345):
        d = self.root / str(pid)
        d.mkdir()
        (d / "status").write_text(status_text(pid, comm, ppid, uid, gid, groups, cap_eff))
        (d / "stat").write_text(stat_text(pid, comm, ppid, starttime))
        argv = [comm] if argv is None else argv
        (d / "cmdline").write_bytes(b"".join(os.fsencode(a) + b"\0" for a in argv))
        (d / "mountinfo").write_text(mountinfo, encoding="utf-8", errors="surrogateescape")
        (d / "environ").write_bytes(environ)
        (d / "cgroup").write_text(cgroup if cgroup is not None else "0::/../cri-containerd-%064x.scope\n" % pid)
        (d / "limits").write_text(
            "Limit                     Soft Limit           Hard Limit           Units     \n"
            "Max open files            1048576              1048576              files     \n"
            "Max processes             unlimited            unlimited            processes \n")
        ns = d / "ns"
        ns.mkdir()
        os.symlink(mnt_ns or "mnt:[%d]" % (4026530000 + pid), ns / "mnt")
        os.symlink("net:[4026531999]", ns / "net")
        os.symlink(str(root) if root is not None else str(self.base / ("root-%d" % pid)), d / "root")
        os.symlink("/", d / "cwd")
        os.symlink("/usr/bin/" + comm, d / "exe")
        fd = d / "fd"
        fd.mkdir()
        for num, link in (fds or {}).items():
            os.symlink(link, fd / str(num))
        netdir = d / "net"
        netdir.mkdir()
        for name, text in (net or {}).items():
            (netdir / name).write_text(text)
        return d

    def set_self(self, pid) -> None:
        os.symlink(str(pid), self.root / "self")


@pytest.fixture
def fakeproc(tmp_path):
    return FakeProc(tmp_path)


def make_atomic_writer(directory: Path, files: "dict[str, bytes]", mode: int = 0o644,
                       stamp: str = "..2024_01_01_00_00_00.123456789") -> Path:
    """An AtomicWriter volume: ..<stamp>/ with the files, ..data -> it, top-level links."""
    directory.mkdir(parents=True, exist_ok=True)
    real = directory / stamp
    real.mkdir()
    for rel, content in files.items():
        p = real / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content)
        p.chmod(mode)
    os.symlink(stamp, directory / "..data")
    for top in sorted({rel.split("/", 1)[0] for rel in files}):
        os.symlink("..data/" + top, directory / top)
    return directory


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def run_dbg(capsys):
    """run_dbg(proc_root, *args) -> Result(code, out, err) through dbg.__main__.main."""
    from dbg.__main__ import main

    def runner(proc_root, *args):
        argv = (["--proc-root", str(proc_root)] if proc_root is not None else []) + [str(a) for a in args]
        code = main(argv)
        cap = capsys.readouterr()
        return Result(code, cap.out, cap.err)

    return runner


def assert_one_line_error(result: Result, code=None) -> None:
    assert result.code != 0
    if code is not None:
        assert result.code == code
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    assert lines[0].startswith("dbg: error: "), result.err
