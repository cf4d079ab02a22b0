"""Following a build stream: steps, stages, failure with the failing step and its output."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

from kdimg.errors import BuildError
from kdimg.progress import BuildLog, follow_build


def console():
    return Console(file=io.StringIO(), width=200)


EVENTS = [
    {"stream": "Step 1/4 : ARG BASE_IMAGE=debian:bookworm-slim\n"},
    {"stream": "Step 2/4 : FROM ${GO_BUILDER_IMAGE} AS go-tools\n"},
    {"stream": " ---> 1234\n"},
    {"stream": "Step 3/4 : RUN go build\n"},
    {"stream": " ---> Using cache\n"},
    {"stream": "Step 4/4 : FROM ${BASE_IMAGE} AS final\n"},
    {"stream": "\x1b[91mwarning: coloured\x1b[0m\n"},
]


def test_success_returns_image_id():
    events = EVENTS + [{"aux": {"ID": "sha256:abc"}}, {"stream": "Successfully built abc\n"}]
    con = console()
    assert follow_build(iter(events), con) in ("sha256:abc", "abc")
    text = con.file.getvalue()
    assert "[go-tools] step 3/4: RUN go build" in text and "[final] step 4/4" in text
    assert "\x1b[91m" not in text


def test_failure_names_step_and_tail():
    events = EVENTS + [
        {"stream": "E: Unable to locate package nosuchpkg\n"},
        {"error": "The command '/bin/sh -c apt-get install' returned a non-zero code: 100",
         "errorDetail": {"message": "The command '/bin/sh -c apt-get install' returned a non-zero code: 100"}},
    ]
    with pytest.raises(BuildError) as info:
        follow_build(iter(events), console())
    err = info.value
    assert "stage final, step 4/4" in str(err)
    assert err.step.startswith("FROM ${BASE_IMAGE} AS final")
    assert "E: Unable to locate package nosuchpkg" in err.tail


def test_no_image_id_is_an_error():
    with pytest.raises(BuildError, match="no image id"):
        follow_build(iter(EVENTS), console())


def test_build_log_counts_cached_steps():
    log = BuildLog()
    for line in ("Step 1/2 : RUN x", " ---> Using cache", "Step 2/2 : RUN y", "out"):
        log.feed(line)
    assert log.cached_steps == 1 and log.step == "RUN y" and list(log.tail) == ["out"]
