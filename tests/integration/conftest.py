"""Helpers for tests against a real Docker engine: run kdimg as users do, clean up tags."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

CA_CERT = os.environ.get("KDIMG_TEST_CA_CERT") or ("/etc/ssl/certs/ca-certificates.crt" if Path("/etc/ssl/certs/ca-certificates.crt").exists() else "")


def kdimg(*argv: str, env=None, timeout=1500) -> subprocess.CompletedProcess:
    """Run the kdimg CLI in a subprocess (verification runs its own pytest)."""
    return subprocess.run(
        [sys.executable, "-m", "kdimg", *argv],
        capture_output=True, text=True, timeout=timeout,
        env=dict(os.environ, **(env or {}), COLUMNS="200"),
    )


def ca_flags() -> List[str]:
    return ["--ca-cert", CA_CERT] if CA_CERT else []


def run_in(image: str, *cmd: str, user: str = "") -> subprocess.CompletedProcess:
    args = ["docker", "run", "--rm", "--network", "none"] + (["-u", user] if user else []) + [image, *cmd]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def built(engine):
    """Build each (profile, extra flags) once per session; yields a function returning the tag."""
    cache = {}

    def build(profile: str, tag: str, *flags: str) -> str:
        key = (profile, tag, flags)
        if key not in cache:
            proc = kdimg("build", "--profile", profile, "--tag", tag, "--quiet", *flags)
            assert proc.returncode == 0, f"build of {profile} failed:\n{proc.stdout}\n{proc.stderr[-4000:]}"
            cache[key] = proc
        return tag

    return build
