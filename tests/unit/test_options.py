"""Build options: values that would reach shell or sed are refused unless plainly safe."""
from __future__ import annotations

import pytest

from kdimg.errors import OptionError
from kdimg.options import BuildSettings, ImageOptions, check_goproxy, check_tag, check_timezone, check_url
from kdimg.render import archive_regex, shquote


@pytest.mark.parametrize("url", ["http://mirrors.aliyun.com/debian", "https://m.example.com:8443/deb/", "http://10.0.0.1/debian"])
def test_plain_urls_pass(url):
    assert check_url(url, "--mirror") == url.rstrip("/")


@pytest.mark.parametrize("url", ["ftp://x/debian", "http://x/de bian", "http://x/#y", "http://x/a|b", "http://x/$(id)", "http://x/'", 'http://x/"', "http://x/a&b", "http://x/\\"])
def test_unsafe_urls_refused(url):
    with pytest.raises(OptionError):
        check_url(url, "--mirror")


def test_goproxy_lists():
    assert check_goproxy("https://goproxy.cn,direct") == "https://goproxy.cn,direct"
    assert check_goproxy("https://a.example|https://b.example|off")
    with pytest.raises(OptionError):
        check_goproxy("https://goproxy.cn;id")


@pytest.mark.parametrize("tz", ["UTC", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT+8"])
def test_timezones(tz):
    assert check_timezone(tz) == tz


@pytest.mark.parametrize("tz", ["Mars/Base", "../etc/passwd", "UTC; id", ""])
def test_bad_timezones(tz):
    with pytest.raises(OptionError):
        check_timezone(tz)


@pytest.mark.parametrize("tag", ["org/k8s-debug:net", "localhost:5000/a/b:1.0", "debug"])
def test_tags(tag):
    assert check_tag(tag) == tag


@pytest.mark.parametrize("tag", ["Org/Upper:x", "a:b:c", "a b", "x:" + "t" * 200])
def test_bad_tags(tag):
    with pytest.raises(OptionError):
        check_tag(tag)


def test_ca_cert_must_be_pem(tmp_path):
    bad = tmp_path / "x.crt"
    bad.write_text("not a certificate")
    with pytest.raises(OptionError, match="no PEM certificate"):
        BuildSettings(ca_cert=bad)
    with pytest.raises(OptionError, match="no such file"):
        BuildSettings(ca_cert=tmp_path / "missing.crt")


def test_unknown_distro():
    with pytest.raises(OptionError, match="unknown distro 'arch'"):
        ImageOptions(distro="arch")


def test_shquote_and_archive_regex():
    assert shquote("curl") == "curl"
    assert shquote("a b") == "'a b'"
    assert archive_regex("http://deb.debian.org/debian") == r"https?://deb\.debian\.org/debian"
