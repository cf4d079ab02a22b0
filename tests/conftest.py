"""Shared test set-up: Docker-engine tests fail (never skip) in CI when no engine answers.

Tests marked `docker` build images and look at the engine's tags; `make test` runs them in
one process after the parallel run of everything else."""
from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
