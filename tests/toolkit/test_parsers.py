"""Pure parsers and knowledge tables: status, stat, cgroup, limits, passwd, sockets, resolv.conf,
environ, capabilities, permissions, exit codes."""
from __future__ import annotations

import stat

import pytest
from .conftest import data
from hypothesis import given
from hypothesis import strategies as st

from dbg import capabilities
from dbg.cgroup import container_of
from dbg.environ import is_secret_name, parse_environ, redact
from dbg.exitcodes import explain
from dbg.limits import parse_limits
from dbg.permissions import Credentials, can_read, can_write
from dbg.pidstat import is_pause, parse_btime, parse_cmdline, parse_stat
from dbg.privileges import ptrace_check, setns_check
from dbg.resolvconf import check, parse_resolv_conf
from dbg.sockets import decode_address, parse_inet, parse_unix, socket_inode
from dbg.status import parse_status
from dbg.users import parse_passwd

CID = "a" * 64


def test_status_nonroot_sample():
    s = parse_status(data("status_nonroot.txt"))
    assert (s.name, s.pid, s.ppid, s.uid, s.fsuid, s.gid) == ("node", 7, 0, 1000, 1000, 1000)
    assert s.groups == (1000, 2000)
    assert s.access_gids() == {1000, 2000}
    assert s.cap_eff == 0 and s.cap_bnd == 0xA80425FB
    assert s.no_new_privs == 1 and s.seccomp == 2 and s.vmrss_kb == 53424


def test_capabilities_decode_docker_default_set():
    s = parse_status(data("status_root_docker.txt"))
    names = capabilities.decode(s.cap_eff)
    assert names == ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
                     "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT",
                     "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP"]
    assert capabilities.decode(1 << 45) == ["cap_45"]
    assert capabilities.decode(0) == []


def test_stat_with_spaces_and_parens_in_comm():
    text = "42 (my (odd) app) S 1 42 42 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 98765 1000 321 0\n"
    s = parse_stat(text)
    assert (s.pid, s.comm, s.state, s.ppid, s.starttime, s.rss_pages) == (42, "my (odd) app", "S", 1, 98765, 321)
    assert parse_stat("garbage") is None
    assert parse_stat("1 (x) S") is None


def test_cmdline_btime_pause():
    assert parse_cmdline(b"/pause\0") == ["/pause"]
    assert parse_cmdline(b"") == []
    assert parse_cmdline(b"a\0b c\0\xff\0") == ["a", "b c", "\udcff"]
    assert parse_btime("cpu 1 2\nbtime 1700000000\n") == 1700000000
    assert parse_btime("cpu 1\n") is None
    assert is_pause("pause", []) and is_pause("x", ["/pause"]) and not is_pause("nginx", ["nginx"])


@pytest.mark.parametrize("text,runtime,pod", [
    ("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod8c4e2b1a_7d3f_4e5a_9b6c_1d2e3f4a5b6c.slice/"
     "cri-containerd-%s.scope\n" % CID, "containerd", "8c4e2b1a-7d3f-4e5a-9b6c-1d2e3f4a5b6c"),
    ("12:memory:/kubepods/burstable/pod8c4e2b1a-7d3f-4e5a-9b6c-1d2e3f4a5b6c/%s\n11:cpu:/kubepods/burstable/"
     "pod8c4e2b1a-7d3f-4e5a-9b6c-1d2e3f4a5b6c/%s\n" % (CID, CID), "cri", "8c4e2b1a-7d3f-4e5a-9b6c-1d2e3f4a5b6c"),
    ("0::/system.slice/docker-%s.scope\n" % CID, "docker", None),
    ("11:cpu,cpuacct:/docker/%s\n" % CID, "docker", None),
    ("0::/../crio-%s.scope\n" % CID, "cri-o", None),
    ("0::/machine.slice/libpod-%s.scope/container\n" % CID, "podman", None),
])
def test_container_ids(text, runtime, pod):
    ref = container_of(text)
    assert (ref.runtime, ref.id, ref.pod_uid) == (runtime, CID, pod)


def test_no_container_in_own_namespace_root_or_conmon():
    assert container_of("0::/\n") is None
    assert container_of("0::/system.slice/crio-conmon-%s.scope\n" % ("b" * 63)) is None
    assert container_of("") is None


def test_limits():
    text = ("Limit                     Soft Limit           Hard Limit           Units     \n"
            "Max cpu time              unlimited            unlimited            seconds   \n"
            "Max open files            1024                 1048576              files     \n"
            "Max nice priority         0                    0                    \n")
    rows = parse_limits(text)
    assert rows[1] == {"name": "Max open files", "soft": "1024", "hard": "1048576", "units": "files"}
    assert rows[2]["units"] == ""
    assert parse_limits("") == []


def test_passwd():
    names = parse_passwd("root:x:0:0:root:/root:/bin/sh\n# c\nnobody:x:65534:65534::/:/bin/false\nbad:x:y\nnobody2:x:65534:1::/:\n")
    assert names == {0: "root", 65534: "nobody"}


def test_tcp_ipv4_addresses():
    socks = parse_inet(data("net_tcp.txt"), "tcp")
    assert [(s["local_address"], s["local_port"], s["state"], s["listening"]) for s in socks] == [
        ("0.0.0.0", 8080, "LISTEN", True), ("127.0.0.1", 3306, "LISTEN", True),
        ("10.1.0.10", 8080, "ESTABLISHED", False), ("10.1.0.10", 41394, "TIME_WAIT", False)]
    assert (socks[2]["remote_address"], socks[2]["remote_port"], socks[2]["uid"], socks[2]["inode"]) == (
        "10.1.0.5", 54004, 101, 31339)


def test_tcp6_byte_order():
    socks = parse_inet(data("net_tcp6.txt"), "tcp6")
    assert [(s["local_address"], s["local_port"]) for s in socks] == [
        ("::", 8080), ("::1", 80), ("::ffff:127.0.0.1", 8080), ("2001:db8::1", 443)]
    assert (socks[3]["remote_address"], socks[3]["remote_port"]) == ("2001:db8::2", 58000)
    assert socks[2]["remote_address"] == "::ffff:127.0.0.5"


def test_big_endian_decoding():
    assert decode_address("7F000001", "big") == "127.0.0.1"
    with pytest.raises(ValueError):
        decode_address("123")


def test_udp_unconnected_is_listening():
    socks = parse_inet(data("net_udp.txt"), "udp")
    assert [(s["local_address"], s["local_port"], s["state"], s["listening"]) for s in socks] == [
        ("10.0.0.10", 53, "UNCONN", True), ("10.1.0.10", 40000, "ESTABLISHED", False)]


def test_unix_sockets():
    socks = parse_unix(data("net_unix.txt"))
    assert [(s["path"], s["listening"], s["type"], s["state"]) for s in socks] == [
        ("/run/app/app.sock", True, "stream", "LISTEN"), ("@/containerd-shim/abc.sock", True, "stream", "LISTEN"),
        (None, False, "stream", "CONNECTED"), ("/run/with space.sock", False, "dgram", "UNCONNECTED")]
    assert socket_inode("socket:[61000]") == 61000
    assert socket_inode("pipe:[5]") is None and socket_inode("socket:[x]") is None


@given(st.text(max_size=300))
def test_socket_parsers_never_raise(text):
    parse_inet("header\n" + text, "tcp")
    parse_inet("header\n" + text, "udp6")
    parse_unix("header\n" + text)


def test_resolv_conf_ndots_warning():
    conf = parse_resolv_conf("# generated\nsearch default.svc.cluster.local svc.cluster.local cluster.local ec2.internal\n"
                             "nameserver 10.96.0.10\noptions ndots:5 timeout:2\n")
    assert conf["nameservers"] == ["10.96.0.10"]
    assert conf["options"] == {"ndots": "5", "timeout": "2"}
    warnings = check(conf)
    assert len(warnings) == 1
    assert "ndots:5 with 4 search domain" in warnings[0] and "trailing dot" in warnings[0]


def test_resolv_conf_other_checks():
    assert check(parse_resolv_conf("nameserver 1.1.1.1\nsearch a.b\n")) == []
    assert "no nameserver" in check(parse_resolv_conf(""))[0]
    many = parse_resolv_conf("".join("nameserver 10.0.0.%d\n" % i for i in range(5)))
    assert "only the first 3" in check(many)[0]
    conf = parse_resolv_conf("nameserver 10.0.0.1\ndomain a\nsearch b c\noptions ndots:x rotate\n")
    assert conf["search"] == ["b", "c"] and conf["options"]["rotate"] is True
    assert check(conf) == []  # unparsable ndots falls back to 1


def test_environ_parsing_and_redaction():
    pairs = parse_environ(b"PATH=/bin\0DB_PASSWORD=hunter2\0NOEQ\0EMPTY=\0BIN=\xff\0\0")
    assert pairs == [("PATH", "/bin"), ("DB_PASSWORD", "hunter2"), ("NOEQ", None), ("EMPTY", ""), ("BIN", "\udcff")]
    assert redact("DB_PASSWORD", "hunter2") == ("<redacted>", True)
    assert redact("DB_PASSWORD", "hunter2", show_secrets=True) == ("hunter2", False)
    assert redact("DATABASE_URL", "postgres://app:s3cr3t@db:5432/app") == ("postgres://app:<redacted>@db:5432/app", True)
    assert redact("API", "https://x/y?token=abc&page=2") == ("https://x/y?token=<redacted>&page=2", True)
    assert redact("DB_DSN", "postgres://u:p@h/d") == ("postgres://u:<redacted>@h/d", True)
    assert redact("DB_PASSWORD", "p&token=x") == ("<redacted>", True)
    assert redact("SLACK_WEBHOOK", "https://hooks.slack.com/services/T/B/X") == ("<redacted>", True)
    assert redact("TLS", "-----BEGIN RSA PRIVATE KEY-----\nMII") == ("<redacted>", True)
    assert redact("HOME", "/root") == ("/root", False)
    assert redact("EMPTY_TOKEN", "") == ("", False)


@pytest.mark.parametrize("name", ["DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "API_KEY", "APIKEY",
                                  "stripe.apiKey", "MYSQL_ROOT_PASS", "DB_PWD", "BASIC_AUTH", "PRIVATE_KEY",
                                  "SENTRY_DSN", "GOOGLE_APPLICATION_CREDENTIALS", "JWT_SIGNING_SECRET"])
def test_secret_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["PWD", "OLDPWD", "HOME", "PATH", "KEYBOARD", "MONKEY", "SSL_CERT_FILE",
                                  "SSH_AUTH_SOCK", "HOSTNAME", "KUBERNETES_SERVICE_HOST", "TOKENIZER_MODE"])
def test_not_secret_names(name):
    assert not is_secret_name(name)


FILE = stat.S_IFREG
DIR = stat.S_IFDIR


def test_permissions_mode_classes():
    app = Credentials({1000}, {1000, 2000}, 0)
    assert not can_read(app, FILE | 0o400, 0, 0)            # root-owned 0400 secret
    assert can_read(app, FILE | 0o440, 0, 2000)             # fsGroup makes it 0440 group readable
    assert can_read(app, FILE | 0o644, 0, 0)
    assert not can_read(app, FILE | 0o064, 1000, 0)         # owner class wins even if group/other allow
    assert not can_read(app, DIR | 0o744, 0, 0)             # a directory needs x to be used
    assert can_write(app, FILE | 0o600, 1000, 0)
    assert can_write(app, DIR | 0o755, 1000, 0)
    assert not can_write(app, DIR | 0o555, 1000, 0)
    assert can_write(app, DIR | 0o775, 0, 2000)


def test_permissions_capabilities():
    root = Credentials({0}, {0}, capabilities.full_mask())
    assert can_read(root, FILE | 0o000, 1000, 1000)
    dropped = Credentials({0}, {0}, 0)  # root with all capabilities dropped is bound by mode bits
    assert not can_read(dropped, FILE | 0o400, 1000, 1000)
    assert can_read(dropped, FILE | 0o400, 0, 0)
    search = Credentials({5}, {5}, 1 << capabilities.NUMBERS["CAP_DAC_READ_SEARCH"])
    assert can_read(search, DIR | 0o000, 0, 0) and not can_write(search, FILE | 0o000, 0, 0)


def _status(uid, caps=0):
    return parse_status("Uid:\t%d\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\t%d\nCapEff:\t%016x\n" % ((uid,) * 8 + (caps,)))


PTRACE = 1 << capabilities.NUMBERS["CAP_SYS_PTRACE"]


@pytest.mark.parametrize("ours,target,scope,possible", [
    (_status(0, 0xA80425FB), _status(1000), 0, False),   # docker default caps: no SYS_PTRACE, other uid
    (_status(1000), _status(1000), 0, True),             # same uid, classic mode
    (_status(1000), _status(1000), None, True),          # no Yama
    (_status(1000), _status(1000), 1, False),            # scope 1: not a descendant, needs the capability
    (_status(0, PTRACE), _status(1000), 1, True),
    (_status(0, PTRACE), _status(1000), 2, True),
    (_status(1000), _status(1000), 2, False),
    (_status(0, capabilities.full_mask()), _status(1000), 3, False),  # nothing helps
])
def test_ptrace_semantics(ours, target, scope, possible):
    result = ptrace_check(ours, target, scope)
    assert result["possible"] is possible
    if not possible:
        assert result["reasons"] and result["remedy"]
        if scope != 3:
            assert "--profile=general" in result["remedy"]


def test_ptrace_remedy_names_target_uid():
    result = ptrace_check(_status(0, 0xA80425FB), _status(1000), 0)
    assert "runAsUser: 1000" in result["remedy"]


def test_setns_needs_sys_admin():
    assert not setns_check(_status(0, 0xA80425FB))["possible"]
    assert setns_check(_status(0, capabilities.full_mask()))["possible"]


@pytest.mark.parametrize("code,reason,needle", [
    (0, None, "success"), (1, None, "generic"), (2, None, "builtin"), (125, None, "runtime"),
    (126, None, "not executable"), (127, None, "not found"), (128, "StartError", "containerd"),
    (130, None, "SIGINT"), (137, None, "SIGKILL"), (139, None, "SIGSEGV"), (143, None, "SIGTERM"),
    (255, None, "out of range"), (134, None, "SIGABRT"), (159, None, "SIGSYS"), (200, None, "not a standard signal"),
    (42, None, "application-defined"),
])
def test_exit_code_meanings(code, reason, needle):
    info = explain(code, reason)
    assert needle in info["meaning"]
    assert any("--previous" in s for s in info["next_steps"])


def test_signal_field_and_reason_disagreement():
    info = explain(137, "Error")
    assert info["signal"] == {"number": 9, "name": "SIGKILL"}
    assert any("without OOMKilled" in n and "more reliable" in n for n in info["notes"])
    oom = explain(137, "oomkilled")
    assert oom["reason"] == "OOMKilled" and oom["notes"] == []
    assert "memory" in oom["reason_meaning"]
    assert any("OOMKilled with exit code 1" in n for n in explain(1, "OOMKilled")["notes"])
    assert any("contradictory" in n for n in explain(0, "Error")["notes"])
    assert any("unknown reason" in n for n in explain(1, "Weird")["notes"])
    assert explain(144)["signal"]["name"] == "SIGSTKFLT" and explain(129)["signal"]["name"] == "SIGHUP"
