"""kdimg against a real Docker engine: bootstrap, build, verify, refuse to tag bad images."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from kdimg import resources

from .conftest import ca_flags, kdimg, run_in

pytestmark = pytest.mark.docker

MINIMAL = "kdimg-test/minimal:debian"
NET = "kdimg-test/net:debian"


BOOTSTRAPPED = "kdimg-test/base:debian-bookworm"


def test_bootstrap_debian_base(engine):
    # A tag of its own: re-importing kdimg/base:debian-bookworm would void every build cache.
    proc = kdimg("base", "bootstrap", "--distro", "debian", "--tag", BOOTSTRAPPED)
    assert proc.returncode == 0, proc.stderr
    assert BOOTSTRAPPED in proc.stdout
    info = engine.inspect_image(BOOTSTRAPPED)
    assert info["Size"] < 100_000_000, "the bootstrapped base should be slim (like debian:bookworm-slim)"
    check = run_in(BOOTSTRAPPED, "sh", "-c",
                   "dpkg-query -W usrmerge perl 2>/dev/null | awk '$2' | wc -l; ls /usr/share/man 2>/dev/null | wc -l; cat /etc/apt/sources.list.d/debian.sources")
    lines = check.stdout.splitlines()
    assert lines[0] == "0", "usrmerge/perl should not be installed"
    assert lines[1] == "0", "man pages should be excluded"
    assert "URIs: http://deb.debian.org/debian" in check.stdout
    subprocess.run(["docker", "rmi", BOOTSTRAPPED], capture_output=True)


def test_build_minimal_verified_and_tagged(engine, built):
    tag = built("minimal", MINIMAL)
    info = engine.inspect_image(tag)
    labels = info["Config"]["Labels"]
    assert labels["io.kdimg.profile"] == "minimal" and labels["io.kdimg.distro"] == "debian"
    assert labels["org.opencontainers.image.created"].endswith("Z")
    out = run_in(tag, "sh", "-c", "dbg --version && cat /etc/kdimg/manifest.json")
    assert out.returncode == 0 and out.stdout.startswith("dbg ")
    manifest = json.loads(out.stdout.split("\n", 1)[1])
    assert manifest["profile"] == "minimal" and {t["name"] for t in manifest["tools"]} == {"bash", "procps", "tzdata"}
    assert all(t["version"] for t in manifest["tools"])
    assert not any(t.startswith("kdimg-tmp/") for img in engine.client.images.list() for t in img.tags)


def test_build_net_compiles_grpcurl_and_keeps_no_build_ca(engine, built):
    tag = built("net", NET, *ca_flags())
    out = run_in(tag, "sh", "-c", "grpcurl -version 2>&1; httpstat -v; tcpdump --version | head -1; dig -v 2>&1")
    assert out.returncode == 0, out.stderr
    assert "grpcurl v1.9.3" in out.stdout and "v1.1.0" in out.stdout
    env = engine.inspect_image(tag)["Config"]["Env"]
    assert not any(e.split("=")[0] in ("SSL_CERT_FILE", "GOPROXY") for e in env)
    assert run_in(tag, "test", "-e", "/usr/local/share/kdimg-build-ca").returncode != 0
    # The explicit verify of the built image with the build CA passes too.
    proc = kdimg("verify", tag, "--profile", "net", *ca_flags())
    assert proc.returncode == 0, proc.stderr
    assert "checks passed" in proc.stdout


def test_verify_fails_on_an_image_missing_tools(built):
    tag = built("minimal", MINIMAL)
    proc = kdimg("verify", tag, "--profile", "net")
    assert proc.returncode == 1
    assert "FAILED test_tool_runs[curl]" in proc.stderr and "FAILED test_tool_runs[tcpdump]" in proc.stderr
    assert "passed" not in proc.stderr.splitlines()[-1]
    assert proc.stderr.strip().splitlines()[-1].startswith("kdimg: error: ")


def test_verify_finds_a_leaked_ca(tmp_path, built):
    """An image that kept the build CA fails verification, naming the file."""
    base = built("minimal", MINIMAL)
    key, cert = tmp_path / "ca.key", tmp_path / "ca.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=kdimg test build CA"], check=True, capture_output=True)
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    shutil.copy(cert, ctx / "corp.crt")
    (ctx / "Dockerfile").write_text(f"FROM {base}\nCOPY corp.crt /usr/local/share/ca-certificates/corp.crt\n")
    leaky = "kdimg-test/leaky:debian"
    subprocess.run(["docker", "build", "-q", "-t", leaky, str(ctx)], check=True, capture_output=True)
    try:
        proc = kdimg("verify", leaky, "--profile", "minimal", "--ca-cert", str(cert))
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "/usr/local/share/ca-certificates/corp.crt" in proc.stderr
        clean = kdimg("verify", base, "--profile", "minimal", "--ca-cert", str(cert))
        assert clean.returncode == 0, clean.stderr
    finally:
        subprocess.run(["docker", "rmi", "-f", leaky], capture_output=True)


def test_bad_profile_tags_nothing(engine, tmp_path):
    profile = tmp_path / "broken.yaml"
    profile.write_text("extends: minimal\ntools: [curl, not-a-tool]\n")
    proc = kdimg("build", "--profile", str(profile), "--tag", "kdimg-test/broken:x")
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("kdimg: error: unknown tool 'not-a-tool'")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not engine.has_image("kdimg-test/broken:x")


def test_failed_build_shows_step_and_tags_nothing(engine, tmp_path):
    profile = tmp_path / "nopkg.yaml"
    profile.write_text("extends: minimal\nextra_packages: {apt: [kdimg-no-such-package]}\n")
    proc = kdimg("build", "--profile", str(profile), "--tag", "kdimg-test/nopkg:x", "--quiet")
    assert proc.returncode == 1
    assert "failing step: RUN" in proc.stderr
    assert "Unable to locate package kdimg-no-such-package" in proc.stderr
    assert "kdimg: error: build failed in stage final" in proc.stderr
    assert not engine.has_image("kdimg-test/nopkg:x")


def test_failed_verification_tags_nothing(engine, tmp_path):
    """A tool whose check fails in the built image: the build succeeds, the tag never appears."""
    images = tmp_path / "images"
    shutil.copytree(resources.images_dir(), images)
    catalog = images / "catalog.yaml"
    catalog.write_text(catalog.read_text().replace("check: bash --version", "check: bash --no-such-flag"))
    proc = kdimg("build", "--profile", "minimal", "--tag", "kdimg-test/unverified:x", "--quiet", env={"KDIMG_IMAGES_DIR": str(images)})
    assert proc.returncode == 1, proc.stderr
    assert "FAILED test_tool_runs[bash]" in proc.stderr
    assert "nothing was tagged" in proc.stderr
    assert not engine.has_image("kdimg-test/unverified:x")
    assert not any(t.startswith("kdimg-tmp/") for img in engine.client.images.list() for t in img.tags)


def test_nonroot_variant_with_timezone(engine, built):
    tag = built("minimal", "kdimg-test/minimal:debian-nonroot", "--nonroot", "--timezone", "Asia/Shanghai")
    assert engine.inspect_image(tag)["Config"]["User"] == "65532"
    out = run_in(tag, "sh", "-c", "id -u; date +%Z; echo $HOME; dbg --version")
    assert out.stdout.split() [:4] == ["65532", "CST", "/home/debug", "dbg"], out.stdout
    # Arbitrary UIDs running with group 0 (OpenShift) can write the home directory.
    assert run_in(tag, "touch", "/home/debug/x", user="12345:0").returncode == 0
