"""Renders of every profile x distro against golden files, and render properties."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kdimg.distros import load_distros
from kdimg.options import ImageOptions
from kdimg.plan import make_plan
from kdimg.profiles import builtin_profiles, load_profile
from kdimg.render import render_dockerfile

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KDIMG_UPDATE_GOLDEN") == "1"

CASES = [(p, d, False) for p in builtin_profiles() for d in load_distros()] + [
    ("minimal", "debian", True),
    ("net", "alpine", True),
]


def render(profile: str, distro: str, nonroot: bool = False, timezone: str = "UTC") -> str:
    return render_dockerfile(make_plan(load_profile(profile), ImageOptions(distro=distro, nonroot=nonroot, timezone=timezone)))


@pytest.mark.parametrize("profile,distro,nonroot", CASES, ids=[f"{p}-{d}{'-nonroot' if n else ''}" for p, d, n in CASES])
def test_render_matches_golden(profile, distro, nonroot):
    text = render(profile, distro, nonroot)
    golden = GOLDEN / f"{profile}-{distro}{'-nonroot' if nonroot else ''}.Dockerfile"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing golden {golden.name}: run with KDIMG_UPDATE_GOLDEN=1 and review it"
    assert text == golden.read_text(encoding="utf-8")


def test_every_golden_is_a_case():
    names = {f"{p}-{d}{'-nonroot' if n else ''}.Dockerfile" for p, d, n in CASES}
    assert {g.name for g in GOLDEN.glob("*.Dockerfile")} == names


def test_render_is_deterministic():
    assert render("full", "debian") == render("full", "debian")


def test_go_stage_only_when_profile_has_go_tools():
    assert "AS go-tools" not in render("minimal", "debian")
    assert "ARG GO_BUILDER_IMAGE" not in render("db", "debian")
    net = render("net", "debian")
    assert "FROM ${GO_BUILDER_IMAGE} AS go-tools" in net
    assert "golang-1.23-go" in net and "bookworm-backports" in net
    assert "COPY --from=go-tools /out/ /usr/local/bin/" in net
    assert "FROM ${GO_BUILDER_IMAGE} AS go-tools" in render("net", "alpine")


def test_build_ca_only_in_builder_stage():
    text = render("net", "debian")
    final = text[text.index("AS final"):]
    assert "build-ca" in text[: text.index("AS final")]
    assert "build-ca" not in final and "SSL_CERT_FILE" not in final and "GOPROXY" not in final


def test_toolkit_after_packages_and_go_binaries():
    text = render("full", "debian")
    assert text.index("apt-get install") < text.index("COPY --from=go-tools") < text.index("COPY toolkit/dbg/")
    # Only cheap steps follow the toolkit.
    tail = text[text.index("COPY toolkit/dbg/"):]
    assert "apt-get" not in tail and "go build" not in tail


def test_nonroot_numeric_user_and_group_writable_home():
    text = render("minimal", "debian", nonroot=True)
    assert re.search(r"^USER 65532$", text, flags=re.M)
    assert "--uid 65532 --gid 0" in text and "chmod 2775 /home/debug" in text
    assert re.search(r"^USER 0$", render("minimal", "debian"), flags=re.M)
    assert "adduser -D -u 65532 -G root" in render("minimal", "alpine", nonroot=True)


def test_timezone_is_rendered():
    text = render("minimal", "debian", timezone="Asia/Shanghai")
    assert "ENV TZ=Asia/Shanghai" in text


def test_labels_and_manifest_step():
    text = render("db", "ubuntu")
    for label in ("title", "version", "created", "revision", "source"):
        assert f"org.opencontainers.image.{label}=" in text
    assert 'io.kdimg.profile="db"' in text and 'io.kdimg.distro="ubuntu"' in text
    assert "write_manifest.py" in text and "/etc/kdimg/manifest.json" in text


def test_per_distro_package_overrides():
    assert "mysql-client" in render("db", "ubuntu")
    assert "default-mysql-client" in render("db", "debian")
    assert "mariadb-client" in render("db", "alpine")


def test_no_empty_continuation_lines():
    for profile, distro, nonroot in CASES:
        lines = render(profile, distro, nonroot).splitlines()
        for before, line in zip(lines, lines[1:]):
            assert not (before.endswith("\\") and not line.strip()), f"{profile}-{distro}: empty continuation line"
