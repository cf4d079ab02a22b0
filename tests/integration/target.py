"""A `kubectl debug --target` scene on plain Docker.

The target: a tool-less image (one static binary, like distroless) running as UID 1000, with
  /etc/secret     an AtomicWriter-laid-out volume (tmpfs when the host allows it), read-only
  /etc/app/app.conf  one file bound from inside its `..<timestamp>` dir (a subPath mount)
  /cache          a tmpfs emptyDir
  /data           a read-only bind of a plain directory
The debug container joins its PID and network namespaces: --pid=container:T --network=container:T.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

HERE = Path(__file__).parent / "target"
TARGET_IMAGE = "kdimg-test/target:distroless"
STAMP = "..2024_05_01_10_20_30.1074775554"


def docker(*args: str, check: bool = True, timeout: int = 120) -> subprocess.CompletedProcess:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"docker {' '.join(args[:3])} failed: {proc.stderr.strip()[-1000:]}")
    return proc


def build_target_image() -> str:
    with tempfile.TemporaryDirectory(prefix="kdimg-target-") as tmp:
        subprocess.run(["gcc", "-static", "-O2", "-o", f"{tmp}/app", str(HERE / "pause.c")], check=True, capture_output=True)
        shutil.copy(HERE / "Dockerfile", f"{tmp}/Dockerfile")
        docker("build", "-q", "-t", TARGET_IMAGE, tmp)
    return TARGET_IMAGE


def atomic_writer_tree(root: Path, files: dict) -> None:
    """Lay out `files` ({key: (content, mode)}) like the kubelet's AtomicWriter does."""
    data = root / STAMP
    for key, (content, mode) in files.items():
        path = data / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        os.chmod(path, mode)
    os.symlink(STAMP, root / "..data")
    for top in sorted({key.split("/")[0] for key in files}):
        os.symlink(f"..data/{top}", root / top)


@contextmanager
def target_scene() -> Iterator[dict]:
    workdir = Path(tempfile.mkdtemp(prefix="kdimg-scene-"))
    secret = workdir / "secret"
    secret.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(secret)], capture_output=True).returncode == 0
    atomic_writer_tree(secret, {
        "password": ("s3cr3t\n", 0o400),           # root-owned 0400: the target (UID 1000) cannot read it
        "config.yaml": ("a: 1\n", 0o644),
        "nested/key.pem": ("-----KEY-----\n", 0o644),
        "app.conf": ("listen 8080\n", 0o644),
    })
    data = workdir / "data"
    data.mkdir()
    (data / "readme.txt").write_text("plain file\n")
    name = f"kdimg-target-{uuid.uuid4().hex[:8]}"
    docker(
        "run", "-d", "--name", name, "--network", "bridge",
        "-v", f"{secret}:/etc/secret:ro",
        "-v", f"{secret / STAMP / 'app.conf'}:/etc/app/app.conf:ro",
        "--tmpfs", "/cache:size=8m",
        "-v", f"{data}:/data:ro",
        TARGET_IMAGE,
    )
    try:
        yield {"name": name, "secret": secret, "tmpfs": mounted, "workdir": workdir}
    finally:
        docker("rm", "-f", name, check=False)
        if mounted:
            subprocess.run(["umount", str(secret)], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


def debug_run(image: str, target: str, argv: List[str], caps: List[str] = (), extra: List[str] = ()) -> subprocess.CompletedProcess:
    """`kubectl debug --target` on Docker: share the target's PID and network namespaces."""
    args = ["run", "--rm", f"--pid=container:{target}", f"--network=container:{target}"]
    for cap in caps:
        args += ["--cap-add", cap]
    return docker(*args, *extra, image, *argv, check=False)
