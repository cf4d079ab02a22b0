"""Wall-time benchmark of dbg (not collected by pytest).

    PYTHONPATH=toolkit python tests/toolkit/bench_dbg.py

Measures `python -m dbg --help` (median of 10) and `dbg inspect-mounts --json`
against a fake proc tree with 1000 mounts (median of 5), each in a fresh
interpreter, and compares them with the targets (100 ms and 300 ms).
Exit status 1 when a target is missed.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLKIT = Path(__file__).resolve().parents[2] / "toolkit"
HELP_TARGET, MOUNTS_TARGET = 0.100, 0.300


def build_fake_proc(base: Path, mounts: int = 1000) -> Path:
    root, proc = base / "target", base / "proc"
    lines = ["1 0 0:1 / / rw,relatime - overlay overlay rw"]
    for i in range(mounts):
        mp = "/vol/m%04d" % i
        d = root / mp[1:]
        d.mkdir(parents=True)
        if i % 10 == 0:  # every tenth an AtomicWriter volume with two keys
            stamp = d / "..2024_01_01_00_00_00.1"
            stamp.mkdir()
            for key in ("username", "password"):
                (stamp / key).write_text("x")
                os.symlink("..data/" + key, d / key)
            os.symlink(stamp.name, d / "..data")
        else:
            (d / "file").write_text("x")
        lines.append("%d 1 0:%d / %s ro,relatime - tmpfs tmpfs rw,size=4096k" % (i + 2, i + 100, mp))
    p = proc / "1"
    p.mkdir(parents=True)
    (p / "mountinfo").write_text("\n".join(lines) + "\n")
    (p / "status").write_text("Name:\tapp\nPid:\t1\nPPid:\t0\nUid:\t1000\t1000\t1000\t1000\n"
                              "Gid:\t1000\t1000\t1000\t1000\nGroups:\t1000\nCapEff:\t0000000000000000\n")
    (p / "stat").write_text("1 (app) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 1000 10\n")
    (p / "cmdline").write_bytes(b"app\0")
    os.symlink(str(root), p / "root")
    return proc


def timed(argv: "list[str]", runs: int, env: dict) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    env = dict(os.environ, PYTHONPATH=str(TOOLKIT))
    py = [sys.executable, "-m", "dbg"]
    subprocess.run(py + ["--help"], stdout=subprocess.DEVNULL, env=env, check=True)  # warm the .pyc cache
    baseline = timed([sys.executable, "-c", "pass"], 10, env)
    help_time = timed(py + ["--help"], 10, env)
    with tempfile.TemporaryDirectory() as tmp:
        proc = build_fake_proc(Path(tmp))
        mounts_time = timed(py + ["--proc-root", str(proc), "inspect-mounts", "--json", "--pid", "1"], 5, env)
    ok = help_time <= HELP_TARGET and mounts_time <= MOUNTS_TARGET
    print("python startup (python -c pass):        %6.1f ms" % (baseline * 1000))
    print("dbg --help                 median of 10: %6.1f ms (target %d ms)" % (help_time * 1000, HELP_TARGET * 1000))
    print("dbg inspect-mounts --json  1000 mounts, median of 5: %6.1f ms (target %d ms)"
          % (mounts_time * 1000, MOUNTS_TARGET * 1000))
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
