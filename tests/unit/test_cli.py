"""CLI behaviour without an engine: one-line errors, exit codes, deterministic render."""
from __future__ import annotations

import pytest

from kdimg.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err, *needles):
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("kdimg: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("kdimg ")


def test_render_prints_dockerfile_only(capsys):
    code, out, err = run(capsys, "render", "--profile", "minimal")
    assert code == 0 and out.startswith("# syntax=docker/dockerfile:1") and err == ""
    code2, out2, _ = run(capsys, "render", "--profile", "minimal")
    assert out == out2


def test_render_context_for_plain_docker_build(capsys, tmp_path):
    ctx = tmp_path / "ctx"
    code, out, _ = run(capsys, "render", "--profile", "net", "--context", str(ctx))
    assert code == 0
    assert (ctx / "Dockerfile").read_text() == out
    assert (ctx / "toolkit" / "dbg" / "__init__.py").exists()
    assert (ctx / "kdimg" / "plan.json").exists() and (ctx / "kdimg" / "dbg-launcher").exists()
    assert (ctx / "build-ca").is_dir() and not any((ctx / "build-ca").iterdir())


@pytest.mark.parametrize(
    "argv,needles",
    [
        (["render", "--profile", "nett"], ["unknown profile 'nett'", "net"]),
        (["render", "--profile", "net", "--distro", "arch"], ["unknown distro 'arch'", "alpine"]),
        (["render", "--profile", "net", "--timezone", "Mars/Base"], ["unknown time zone"]),
        (["render", "--bogus"], ["No such option: --bogus"]),
        (["render"], ["Missing option", "--profile"]),
        (["build", "--profile", "net", "--mirror", "http://x/$(id)"], ["--mirror"]),
        (["build", "--profile", "net", "--tag", "Bad Tag"], ["--tag"]),
        (["build", "--profile", "net", "--ca-cert", "/nonexistent.crt"], ["--ca-cert", "no such file"]),
        (["base", "bootstrap", "--distro", "alpine", "--suite", "a b"], ["--suite"]),
        (["lint", "--distro", "arch"], ["unknown distro 'arch'"]),
        (["profiles", "show", "nope"], ["unknown profile 'nope'"]),
    ],
)
def test_bad_input_is_one_line(capsys, argv, needles):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert_one_line_error(err, *needles)


def test_bad_profile_file(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tools: [curl, nosuchtool]\n")
    code, _, err = run(capsys, "build", "--profile", str(bad))
    assert code == 2
    assert_one_line_error(err, "unknown tool 'nosuchtool'")


def test_profiles_list_and_show(capsys):
    code, out, _ = run(capsys, "profiles")
    assert code == 0 and all(name in out for name in ("minimal", "net", "db", "sys", "full"))
    code, out, _ = run(capsys, "profiles", "show", "net")
    assert code == 0 and "grpcurl" in out and "bind9-dnsutils" in out and "bind-tools" in out
