"""`kdimg k8s` tests run the sub-app mounted on a small local typer app, as the real CLI mounts it."""
from __future__ import annotations

from typing import List, Optional

import pytest
import typer
from typer.testing import CliRunner

from kdimg.k8s.cli import k8s_app



_app = typer.Typer()
_app.add_typer(k8s_app, name="k8s")


@_app.callback()
def _root():
    """Stand-in for the kdimg root command."""


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception


@pytest.fixture
def kdimg():
    runner = CliRunner()

    def run(args: List[str], stdin: Optional[str] = None) -> Run:
        result = runner.invoke(_app, ["k8s", *args], input=stdin)
        return Run(result)

    return run
