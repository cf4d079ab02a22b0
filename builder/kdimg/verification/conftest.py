"""Fixtures for the image checks: the spec from kdimg, and batched in-container runs."""
from __future__ import annotations

import json
import os
import shlex

import pytest

from kdimg.verification.batch import batch_script, parse_batch


def _spec() -> dict:
    with open(os.environ["KDIMG_VERIFY_SPEC"], encoding="utf-8") as fh:
        return json.load(fh)


def pytest_generate_tests(metafunc):
    spec = _spec()
    if "tool" in metafunc.fixturenames:
        metafunc.parametrize("tool", spec["tools"], ids=[t["name"] for t in spec["tools"]])
    if "extra_package" in metafunc.fixturenames:
        metafunc.parametrize("extra_package", spec["extra_packages"])


@pytest.fixture(scope="session")
def spec() -> dict:
    return _spec()


@pytest.fixture(scope="module")
def check_results(host, spec) -> "dict[str, tuple[int, str]]":
    """Run every tool's check command in one exec, as the image's own user."""
    checks = {t["name"]: t["check"] for t in spec["tools"]}
    if spec["extra_packages"]:
        query = "dpkg-query -W -f='${Status}' %s | grep -q 'ok installed'" if spec["family"] == "apt" else "apk info -e %s >/dev/null"
        checks.update({f"package:{p}": query % shlex.quote(p) for p in spec["extra_packages"]})
    checks["dbg"] = "dbg --version"
    return parse_batch(host.run(batch_script(checks)).stdout)
