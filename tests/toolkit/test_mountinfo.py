"""The mountinfo parser: real lines, escaping, malformed input, hypothesis round trips."""
from __future__ import annotations

import pytest
from .conftest import data
from hypothesis import given, settings
from hypothesis import strategies as st

from dbg.errors import DbgError
from dbg.mountinfo import (
    MountinfoError, escape, mount_for, parse_line, parse_mountinfo, parse_mountinfo_lenient, shadowed_ids,
    unescape,
)


def test_reference_lines_parse_with_per_mount_read_only():
    mounts = parse_mountinfo(data("reference_lines.txt"))
    assert [m.mount_point for m in mounts] == [
        "/run/secrets/kubernetes.io/serviceaccount", "/etc/nginx/conf.d/default.conf", "/etc/hosts",
        "/dev/termination-log"]
    sa = mounts[0]
    assert sa.read_only is True  # per-mount "ro" even though super options say rw
    assert sa.super_options[0] == "rw"
    assert sa.fstype == "tmpfs" and sa.source == "tmpfs" and sa.root == "/"
    assert mounts[2].read_only is False
    assert mounts[1].root.endswith("/..2022_03_26_00_02_23.1074775554/default.conf")


def test_optional_fields_zero_or_more():
    none = parse_line("36 35 98:0 /mnt1 /mnt2 rw,noatime - ext3 /dev/root rw,errors=continue")
    many = parse_line("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 propagate_from:2 - ext3 /dev/root rw")
    assert none.optional == ()
    assert many.optional == ("master:1", "shared:7", "propagate_from:2")
    assert many.fstype == "ext3" and many.source == "/dev/root"


def test_octal_escapes_in_docker_sample():
    mounts = parse_mountinfo(data("docker_mountinfo.txt"))
    odd = [m for m in mounts if m.mount_id == 2114][0]
    assert odd.root == "/home/dev/My Project/data\ttab"
    assert odd.mount_point == "/mnt/with space\nand\\backslash"
    nsfs = [m for m in mounts if m.fstype == "nsfs"][0]
    assert nsfs.root == "net:[4026532565]"


@pytest.mark.parametrize("line", [
    "", "garbage", "1 2 3", "a b 0:1 / / rw - ext4 x rw", "1 2 0:1 / / rw", "1 2 nodev / / rw - ext4 x rw",
    "1 2 0:1 / relative rw - ext4 x rw", "1 2 0:1 / / rw -", "1 2 0:1 / / rw - ext4",
])
def test_malformed_lines_raise_parser_error(line):
    with pytest.raises(MountinfoError):
        parse_line(line)


def test_parser_error_is_a_dbg_error_with_line_number():
    with pytest.raises(DbgError, match="line 2"):
        parse_mountinfo("1 0 0:1 / / rw - ext4 x rw\nbroken\n")


def test_lenient_keeps_good_lines_and_reports_bad_ones():
    mounts, problems = parse_mountinfo_lenient("1 0 0:1 / / rw - ext4 x rw\nbroken\n\n2 1 0:2 / /proc rw - proc proc rw\n")
    assert [m.mount_point for m in mounts] == ["/", "/proc"]
    assert len(problems) == 1 and "line 2" in problems[0]


def test_empty_mountinfo():
    assert parse_mountinfo("") == []
    assert parse_mountinfo_lenient("\n\n") == ([], [])


def test_non_utf8_bytes_survive_as_surrogates():
    raw = b"1 0 0:1 /data/caf\xe9 /mnt/caf\xe9 rw - ext4 /dev/sda rw\n"
    (m,) = parse_mountinfo(raw.decode("utf-8", "surrogateescape"))
    assert m.mount_point.encode("utf-8", "surrogateescape") == b"/mnt/caf\xe9"


def test_octal_escape_of_high_byte_becomes_surrogate():
    assert unescape("/a\\351b").encode("utf-8", "surrogateescape") == b"/a\xe9b"
    assert unescape("/no\\9escape") == "/no\\9escape"


def test_mount_for_prefers_longest_and_later_mount():
    mounts = parse_mountinfo(
        "1 0 0:1 / / rw - ext4 a rw\n2 1 0:2 / /etc rw - tmpfs b rw\n"
        "3 1 0:3 / /etc/secret rw - tmpfs c rw\n4 1 0:4 / /etc/secret ro - tmpfs d rw\n")
    assert mount_for("/etc/secret/key", mounts).mount_id == 4
    assert mount_for("/etc/secretive", mounts).mount_id == 2
    assert mount_for("/usr", mounts).mount_id == 1
    assert shadowed_ids(mounts) == {3}


# -- hypothesis -------------------------------------------------------------------------
path_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/") | st.sampled_from(
    [" ", "\t", "\n", "\\", "é", "\u2028", "\r", "-"])
# include literal text that looks like an escape ("\040") to check it is not unescaped twice
components = st.lists(st.text(path_chars, min_size=1, max_size=6) | st.just("\\040"), min_size=1,
                      max_size=3).map("".join)
paths = st.lists(components, min_size=0, max_size=5).map(lambda parts: "/" + "/".join(parts))


@settings(max_examples=300)
@given(root=paths, mount_point=paths, source=components)
def test_escape_round_trip(root, mount_point, source):
    line = "25 1 8:3 %s %s rw,relatime shared:1 - ext4 %s rw" % (escape(root), escape(mount_point), escape(source))
    (m,) = parse_mountinfo(line + "\n")
    assert (m.root, m.mount_point, m.source) == (root, mount_point, source)


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_surrogate_escaped_bytes_round_trip(raw):
    name = raw.replace(b"/", b"_").replace(b"\0", b"_").decode("utf-8", "surrogateescape")
    path = "/" + name
    line = "1 0 0:1 / %s rw - tmpfs tmpfs rw" % escape(path)
    assert parse_line(line).mount_point == path


@settings(max_examples=500)
@given(st.text(max_size=400))
def test_arbitrary_text_only_raises_parser_error(text):
    try:
        parse_mountinfo(text)
    except MountinfoError:
        pass
    mounts, problems = parse_mountinfo_lenient(text)
    assert len(mounts) + len(problems) <= text.count("\n") + 1


@settings(max_examples=300)
@given(st.lists(st.text(st.sampled_from("0123456789 -:/abc\\\t"), max_size=40), max_size=12))
def test_near_miss_lines_only_raise_parser_error(fields):
    line = " ".join(fields)
    try:
        parse_line(line)
    except MountinfoError:
        pass
