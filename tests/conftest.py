"""Shared test set-up: Docker-engine tests fail (never skip) in CI when no engine answers."""
from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(config, items):
    # All engine tests share one xdist worker: they build images that depend on each other.
    for item in items:
        if item.get_closest_marker("docker"):
            item.add_marker(pytest.mark.xdist_group("docker"))


@pytest.fixture(scope="session")
def engine():
    from kdimg.engine import Engine
    from kdimg.errors import EngineError

    try:
        return Engine.connect()
    except EngineError as exc:
        if IN_CI:
            pytest.fail(f"CI=true but no Docker engine: {exc} (Docker tests must run in CI)")
        pytest.skip(f"no Docker engine: {exc}")
