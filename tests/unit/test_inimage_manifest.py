"""The in-image manifest writer's parsers, over recorded package databases."""
from __future__ import annotations

import importlib.util
import json

import pytest

from kdimg import resources

spec = importlib.util.spec_from_file_location("write_manifest", resources.inimage_dir() / "write_manifest.py")
wm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(wm)

DPKG_STATUS = """Package: curl
Status: install ok installed
Priority: optional
Version: 7.88.1-10+deb12u8
Description: command line tool
 for transferring data

Package: removed-one
Status: deinstall ok config-files
Version: 1.0

Package: jq
Status: install ok installed
Version: 1.6-2.1
"""

APK_INSTALLED = """C:Q1abc=
P:curl
V:8.9.1-r0
A:x86_64

C:Q1def=
P:jq
V:1.7.1-r0
"""


def test_parse_dpkg_status():
    assert wm.parse_dpkg_status(DPKG_STATUS) == {"curl": "7.88.1-10+deb12u8", "jq": "1.6-2.1"}


def test_parse_apk_installed():
    assert wm.parse_apk_installed(APK_INSTALLED) == {"curl": "8.9.1-r0", "jq": "1.7.1-r0"}


PLAN = {
    "kdimg_version": "0.1.0", "profile": "net", "distro": "debian", "family": "apt", "nonroot": False,
    "user": "0", "timezone": "UTC",
    "tools": [
        {"name": "curl", "source": "apt", "packages": ["curl"]},
        {"name": "grpcurl", "source": "go", "package": "github.com/fullstorydev/grpcurl/cmd/grpcurl", "version": "v1.9.3"},
        {"name": "jq", "source": "apt", "packages": ["jq"], "extra": True},
    ],
}


def test_build_manifest():
    manifest = wm.build_manifest(PLAN, wm.parse_dpkg_status(DPKG_STATUS), "2026-01-01T00:00:00Z")
    assert [t["name"] for t in manifest["tools"]] == ["curl", "grpcurl", "jq"]
    assert manifest["tools"][0]["version"] == "7.88.1-10+deb12u8"
    assert manifest["tools"][1]["version"] == "v1.9.3"
    assert manifest["build_time"] == "2026-01-01T00:00:00Z"
    json.dumps(manifest)


def test_missing_package_fails_the_build():
    with pytest.raises(SystemExit, match="not installed: curl"):
        wm.build_manifest(PLAN, {"jq": "1"}, "t")
