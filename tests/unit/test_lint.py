"""hadolint over every profile x distro render (and non-root variants) is clean."""
from __future__ import annotations

from kdimg.distros import load_distros
from kdimg.lint import lint_all, lint_text
from kdimg.profiles import builtin_profiles


def test_every_render_is_hadolint_clean():
    results = lint_all(builtin_profiles(), list(load_distros()))
    assert len(results) == len(builtin_profiles()) * len(load_distros()) * 2
    dirty = {r.label: r.findings for r in results if r.findings}
    assert not dirty


def test_hadolint_really_runs():
    findings = lint_text("FROM debian\nRUN apt-get install curl\n")
    assert any("DL3008" in f or "DL3015" in f or "DL3006" in f for f in findings)
