"""Profile validation: every problem is one ProfileError naming the value and the choices."""
from __future__ import annotations

import pytest

from kdimg.errors import ProfileError
from kdimg.profiles import load_profile


def write(tmp_path, text, name="my.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def error_of(ref) -> str:
    with pytest.raises(ProfileError) as info:
        load_profile(ref)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_user_profile_extends_and_excludes(tmp_path):
    profile = load_profile(write(tmp_path, "extends: net\nexclude: [nmap]\ntools: [strace]\n"))
    assert "curl" in profile.tools and "nmap" not in profile.tools and profile.tools[-1] == "strace"
    assert profile.name == "my"


def test_extends_relative_user_file(tmp_path):
    write(tmp_path, "tools: [jq]\n", name="base.yaml")
    profile = load_profile(write(tmp_path, "extends: [./base.yaml, minimal]\ntools: [curl]\n"))
    assert profile.tools[:1] == ("jq",) and "bash" in profile.tools and "curl" in profile.tools


def test_unknown_tool(tmp_path):
    message = error_of(write(tmp_path, "tools: [tcpdumpp]\n"))
    assert "unknown tool 'tcpdumpp'" in message and "did you mean 'tcpdump'" in message and "curl" in message


def test_unknown_key(tmp_path):
    message = error_of(write(tmp_path, "tool: [curl]\n"))
    assert "unknown key 'tool'" in message and "tools" in message and "extends" in message


def test_unknown_distro(tmp_path):
    message = error_of(write(tmp_path, "tools: [curl]\ndistros: [arch]\n"))
    assert "unknown distro 'arch'" in message and "alpine, debian, ubuntu" in message


def test_unknown_extends(tmp_path):
    message = error_of(write(tmp_path, "extends: nett\n"))
    assert "unknown profile 'nett'" in message and "net" in message


def test_unknown_family_in_extra_packages(tmp_path):
    message = error_of(write(tmp_path, "tools: [curl]\nextra_packages: {yum: [vim]}\n"))
    assert "unknown key 'yum'" in message and "apk, apt" in message


def test_bad_package_name_is_refused(tmp_path):
    message = error_of(write(tmp_path, "tools: [curl]\nextra_packages: {apt: ['vim; rm -rf /']}\n"))
    assert "vim; rm -rf /" in message and "must match" in message


def test_cycle(tmp_path):
    write(tmp_path, "extends: ./b.yaml\n", name="a.yaml")
    write(tmp_path, "extends: ./a.yaml\n", name="b.yaml")
    assert "cycle" in error_of(str(tmp_path / "a.yaml"))


def test_bad_yaml(tmp_path):
    message = error_of(write(tmp_path, "tools: [curl\n"))
    assert "invalid YAML" in message and "line" in message


def test_not_a_mapping(tmp_path):
    assert "expected a mapping" in error_of(write(tmp_path, "- curl\n"))


def test_empty_profile(tmp_path):
    assert "no tools" in error_of(write(tmp_path, ""))


def test_missing_file(tmp_path):
    assert "no such file" in error_of(str(tmp_path / "nope.yaml"))


def test_wrong_type(tmp_path):
    assert "expected array" in error_of(write(tmp_path, "tools: curl\n"))


def test_distro_restriction(tmp_path):
    from kdimg.options import ImageOptions
    from kdimg.plan import make_plan

    profile = load_profile(write(tmp_path, "tools: [curl]\ndistros: [alpine]\n"))
    with pytest.raises(ProfileError, match="does not support distro 'debian'"):
        make_plan(profile, ImageOptions(distro="debian"))
