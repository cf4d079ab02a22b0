"""Verification helpers: the batched check script (run for real with sh), CA needles."""
from __future__ import annotations

import subprocess
from pathlib import Path

from kdimg.verification.batch import batch_script, parse_batch
from kdimg.verify import build_proxy_values, certificate_needles


def test_batch_script_runs_every_check_once():
    checks = {"ok": "echo fine", "fails": "echo broken >&2; exit 3", "quote's": "printf '%s\\n' \"a b\" 'c'", "multi": "seq 1 10"}
    out = subprocess.run(["sh", "-c", batch_script(checks)], capture_output=True, text=True).stdout
    results = parse_batch(out)
    assert results["ok"] == (0, "fine")
    assert results["fails"] == (3, "broken")
    assert results["quote's"][0] == 0 and results["quote's"][1] == "a b\nc"
    assert results["multi"] == (0, "8\n9\n10")


def test_certificate_needles_one_per_certificate():
    bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    text = bundle.read_text() if bundle.exists() else ""
    needles = certificate_needles(text)
    assert len(needles) == text.count("BEGIN CERTIFICATE")
    assert all(len(n) >= 60 and n in text for n in needles)
    assert certificate_needles("no certs here") == []


def test_proxy_values_from_environment():
    env = {"HTTPS_PROXY": "http://proxy.corp:3128", "no_proxy": "localhost,.corp", "PATH": "/bin"}
    assert build_proxy_values(env) == {"HTTPS_PROXY": "http://proxy.corp:3128", "NO_PROXY": "localhost,.corp"}
