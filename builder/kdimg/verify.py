"""Verify a built image with pytest-testinfra, in one throw-away container.

The checks live in kdimg/verification/ (a pytest module run against `docker://<id>`).
What to expect is handed over as a JSON spec: tools and their check commands, labels,
the user, and the build-time values (CA certificates, proxies) that must not be found.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from kdimg import __version__, resources
from kdimg.engine import Engine
from kdimg.errors import EngineError, VerificationError
from kdimg.options import NONROOT_UID
from kdimg.plan import Plan

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY")


@dataclass
class VerifyReport:
    image: str
    passed: List[str] = field(default_factory=list)
    failed: List[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and bool(self.passed)

    def error(self, prefix: str = "", suffix: str = "") -> VerificationError:
        """The error that lists this report's failed checks."""
        counts = f"{len(self.failed)} of {len(self.failed) + len(self.passed)} checks failed"
        return VerificationError(f"{prefix}{counts}{suffix}", self.failed)


def certificate_needles(pem_text: str) -> List[str]:
    """One distinctive base64 line per certificate in a PEM bundle."""
    needles = []
    for body in re.findall(r"-----BEGIN CERTIFICATE-----\s+(.*?)-----END CERTIFICATE-----", pem_text, flags=re.S):
        lines = [line.strip() for line in body.strip().splitlines() if len(line.strip()) >= 60]
        if lines:
            needles.append(lines[len(lines) // 2])
    return needles


def build_proxy_values(environ: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """The proxy settings of this environment that a build passes to the engine."""
    environ = os.environ if environ is None else environ
    values = {}
    for var in PROXY_VARS:
        for name in (var, var.lower()):
            if environ.get(name):
                values[var] = environ[name]
    return values


def make_spec(plan: Plan, ca_cert: Optional[Path] = None, secret_values: Optional[Dict[str, str]] = None) -> dict:
    pem = ca_cert.read_text(encoding="ascii", errors="replace") if ca_cert else ""
    return {
        "profile": plan.profile.name,
        "distro": plan.distro.name,
        "family": plan.family,
        "uid": NONROOT_UID if plan.options.nonroot else 0,
        "nonroot": plan.options.nonroot,
        "kdimg_version": __version__,
        "tools": [{"name": t.name, "check": t.check} for t in plan.tools],
        "extra_packages": list(plan.extra_packages),
        "ca_needles": certificate_needles(pem),
        "secret_values": {k: v for k, v in (secret_values or {}).items() if len(v) >= 8},
    }


class _Collector:
    """pytest plugin: records each test's outcome by its readable name."""

    def __init__(self):
        self.passed: List[str] = []
        self.failed: List[str] = []

    def pytest_runtest_logreport(self, report):
        name = report.nodeid.split("::", 1)[-1]
        name = re.sub(r"-?docker://[0-9a-f]+-?", "", name).replace("[]", "")
        if report.when == "call" and report.passed:
            self.passed.append(name)
        elif report.failed:
            reason = report.longrepr.reprcrash.message if hasattr(report.longrepr, "reprcrash") and report.longrepr.reprcrash else str(report.longrepr).splitlines()[-1]
            self.failed.append(f"{name}: {reason.splitlines()[0][:300]}")


def verify_image(engine: Engine, image: str, spec: dict) -> VerifyReport:
    import pytest

    start = time.monotonic()
    info = engine.inspect_image(image)
    spec = dict(spec, labels=info["Config"].get("Labels") or {}, env=info["Config"].get("Env") or [], config_user=info["Config"].get("User", ""))
    try:
        container = engine.client.containers.run(image, entrypoint=["tail", "-f", "/dev/null"], command=[], detach=True, network_mode="none")
    except Exception as exc:  # docker.errors.* : the image cannot even start
        raise EngineError(f"cannot start a container from {image}: {str(exc).splitlines()[0]}") from None
    report = VerifyReport(image=image)
    try:
        with tempfile.TemporaryDirectory(prefix="kdimg-verify-") as tmp:
            spec_path = Path(tmp) / "spec.json"
            spec_path.write_text(json.dumps(spec), encoding="utf-8")
            collector = _Collector()
            args = [
                str(resources.verification_dir()),
                f"--hosts=docker://{container.id}",
                "-q", "--no-header", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:xdist",
                "--rootdir", tmp, "-o", "addopts=", "-o", "testpaths=",
            ]
            previous = os.environ.get("KDIMG_VERIFY_SPEC")
            os.environ["KDIMG_VERIFY_SPEC"] = str(spec_path)
            log_path = Path(tmp) / "pytest.log"
            try:
                with open(log_path, "w") as log, _redirect_stdout(log):
                    pytest.main(args, plugins=[collector])
            finally:
                if previous is None:
                    os.environ.pop("KDIMG_VERIFY_SPEC", None)
                else:
                    os.environ["KDIMG_VERIFY_SPEC"] = previous
            report.passed, report.failed = collector.passed, collector.failed
            if not report.passed and not report.failed:
                lines = [l for l in log_path.read_text(errors="replace").splitlines() if l.strip()]
                report.failed.append("verification: no check ran: " + (lines[-1] if lines else "pytest printed nothing"))
    finally:
        try:
            container.remove(force=True)
        except Exception:
            pass
    report.seconds = time.monotonic() - start
    return report


class _redirect_stdout:
    """Silence pytest's own terminal output (stdout and the fd)."""

    def __init__(self, target):
        self.target = target

    def __enter__(self):
        import contextlib
        import sys

        self._saved_fd = os.dup(1)
        sys.stdout.flush()
        os.dup2(self.target.fileno(), 1)
        self._ctx = contextlib.redirect_stdout(self.target)
        self._ctx.__enter__()

    def __exit__(self, *exc):
        import sys

        self._ctx.__exit__(*exc)
        sys.stdout.flush()
        os.dup2(self._saved_fd, 1)
        os.close(self._saved_fd)
