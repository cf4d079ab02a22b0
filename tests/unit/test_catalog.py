"""The catalog and built-in profiles are consistent with each other and with the seed."""
from __future__ import annotations

import re

from kdimg.catalog import load_catalog
from kdimg.distros import load_distros
from kdimg.profiles import builtin_profiles, load_profile
from kdimg.schema import PACKAGE_NAME

# Every tool of the seed Dockerfile (apk names) and the catalog tool that provides it.
SEED = {
    "vim": "vim", "bash": "bash", "tcpdump": "tcpdump", "curl": "curl", "wget": "wget",
    "strace": "strace", "mysql-client": "mysql", "iproute2": "iproute2", "redis": "redis-cli",
    "jq": "jq", "iftop": "iftop", "tzdata": "tzdata", "tar": "tar", "nmap": "nmap",
    "bind-tools": "dig", "htop": "htop", "httpstat": "httpstat", "grpcurl": "grpcurl",
}


def test_every_tool_has_a_source_for_every_distro():
    catalog, distros = load_catalog(), load_distros()
    for tool in catalog.values():
        for distro in distros.values():
            assert tool.go is not None or tool.packages_for(distro), f"{tool.name} has nothing for {distro.name}"


def test_package_names_are_strict():
    pattern = re.compile(PACKAGE_NAME)
    for tool in load_catalog().values():
        for names in list(tool.packages.values()) + list(tool.overrides.values()):
            assert all(pattern.match(n) for n in names), tool.name


def test_go_tools_are_pinned():
    for tool in load_catalog().values():
        if tool.go:
            assert re.match(r"^v\d+\.\d+\.\d+$", tool.go.version), tool.name


def test_full_has_every_catalog_tool_and_the_seed():
    full = set(load_profile("full").tools)
    assert full == set(load_catalog())
    assert set(SEED.values()) <= full


def test_builtin_profiles_and_their_contents():
    assert set(builtin_profiles()) >= {"minimal", "net", "db", "sys", "full"}
    minimal = set(load_profile("minimal").tools)
    assert {"bash", "procps"} <= minimal
    net = set(load_profile("net").tools)
    assert minimal <= net
    assert {"curl", "wget", "dig", "iproute2", "ping", "tcpdump", "nmap", "netcat", "socat", "mtr",
            "iftop", "iperf3", "openssl", "jq", "grpcurl", "httpstat"} <= net
    assert {"mysql", "redis-cli", "psql"} <= set(load_profile("db").tools)
    assert {"strace", "ltrace", "gdb", "lsof", "htop", "file", "vim", "less", "tar"} <= set(load_profile("sys").tools)


def test_no_package_list_repeated_per_distro():
    # Overrides exist only where a distro really differs from its family.
    for tool in load_catalog().values():
        for distro_name, names in tool.overrides.items():
            family = load_distros()[distro_name].family
            assert names != tool.packages[family], f"{tool.name}: override for {distro_name} repeats the family's packages"
