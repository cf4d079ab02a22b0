"""End to end through main([...]) against a fake /proc tree with an AtomicWriter volume."""
from __future__ import annotations

import os

import pytest
from .conftest import DOCKER_CAPS, NO_CAPS, assert_one_line_error, make_atomic_writer

ME = os.getuid()
APP_UID = ME + 1000  # never the test runner: mode bits decide, whoever runs the tests
APP_GID = os.getgid() + 1000
U = "8c4e2b1a-7d3f-4e5a-9b6c-1d2e3f4a5b6c"

MOUNTINFO = """\
1180 1050 0:290 / / rw,relatime master:421 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w
1181 1180 0:293 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
1182 1180 0:294 / /dev rw,nosuid - tmpfs tmpfs rw,size=65536k,mode=755
1188 1180 0:280 / /etc/secret ro,relatime - tmpfs tmpfs rw,size=3943404k
1197 1180 0:281 / /var/run/secrets/kubernetes.io/serviceaccount ro,relatime - tmpfs tmpfs rw,size=3943404k
1194 1180 253:1 /var/lib/kubelet/pods/{u}/volumes/kubernetes.io~configmap/nginx-conf/..2022_03_26_00_02_23.1074775554/default.conf /etc/nginx/conf.d/default.conf ro,relatime - ext4 /dev/vda1 rw
1187 1180 253:1 /var/lib/kubelet/pods/{u}/volumes/kubernetes.io~empty-dir/cache /cache rw,relatime - ext4 /dev/vda1 rw
1192 1180 253:1 /var/lib/containerd/sandboxes/x/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw
""".format(u=U)


@pytest.fixture
def pod(fakeproc, tmp_path):
    """pid 1 pause, pid 7 the app (uid APP_UID) with volumes, pid 20 dbg itself, pid 21 its shell."""
    root = tmp_path / "target"
    make_atomic_writer(root / "etc/secret", {"username": b"admin", "password": b"hunter2", "tls/ca.crt": b"CA"},
                       mode=0o400)
    make_atomic_writer(root / "var/run/secrets/kubernetes.io/serviceaccount",
                       {"token": b"eyJ", "ca.crt": b"CA", "namespace": b"default"}, mode=0o644)
    (root / "etc/nginx/conf.d").mkdir(parents=True)
    (root / "etc/nginx/conf.d/default.conf").write_text("server {}\n")
    (root / "cache").mkdir()
    (root / "cache/data.bin").write_bytes(b"0" * 100)
    (root / "etc/resolv.conf").write_text("search default.svc.cluster.local svc.cluster.local cluster.local\n"
                                          "nameserver 10.96.0.10\noptions ndots:5\n")
    (root / "proc").mkdir()
    (root / "dev").mkdir()
    fakeproc.add(1, "pause", ["/pause"], root=tmp_path / "pause-root")
    fakeproc.add(7, "nginx", ["nginx", "-g", "daemon off;"], uid=APP_UID, gid=APP_GID, groups=(APP_GID,),
                 cap_eff=NO_CAPS, root=root, mountinfo=MOUNTINFO,
                 environ=b"PATH=/usr/bin\0DB_PASSWORD=hunter2\0DATABASE_URL=postgres://app:pw@db/app\0HOME=/\0",
                 fds={0: "/dev/null", 3: "socket:[31337]", 4: "socket:[61000]", 5: "pipe:[1]"},
                 net={"tcp": open_data("net_tcp.txt"), "tcp6": open_data("net_tcp6.txt"),
                      "udp": open_data("net_udp.txt"), "unix": open_data("net_unix.txt")})
    fakeproc.add(20, "python3", ["python3", "-m", "dbg"], ppid=0, cap_eff=DOCKER_CAPS, mnt_ns="mnt:[999]",
                 cgroup="0::/\n")
    fakeproc.add(21, "sh", ["sh"], ppid=20, mnt_ns="mnt:[999]")
    fakeproc.set_self(20)
    fakeproc.target_root = root
    return fakeproc


def open_data(name):
    from .conftest import data

    return data(name)


def by_mp(report):
    return {m["mount_point"]: m for m in report["mounts"]}


def test_inspect_mounts_json(pod, run_dbg):
    r = run_dbg(pod.root, "inspect-mounts", "--json")
    assert r.code == 0, r.err
    rep = r.json()
    assert rep["pid"] == 7 and rep["target"]["selected_by"] == "auto"
    assert set(rep) >= {"pid", "mounts", "warnings"}
    mounts = by_mp(rep)
    for m in mounts.values():
        assert set(m) >= {"mount_point", "kind", "fstype", "source", "root", "read_only", "subpath",
                          "atomic_writer", "entries", "warnings"}
    secret = mounts["/etc/secret"]
    assert (secret["kind"], secret["read_only"], secret["atomic_writer"], secret["subpath"]) == ("secret", True, True, False)
    assert "tmpfs-backed" in secret["basis"]
    entries = {e["name"]: e for e in secret["entries"]}
    assert sorted(entries) == ["password", "tls", "username"]  # no ..data, no ..<timestamp>
    pw = entries["password"]
    assert pw["is_symlink"] and pw["target"] == "..data/password"
    assert pw["mode"] == "0400" and pw["uid"] == ME and pw["readable_by_target"] is False
    assert entries["tls"]["type"] == "dir"
    assert any("permission denied for uid %d" % APP_UID in w and "password" in w for w in secret["warnings"])
    assert any("go-ethereum" in w for w in secret["warnings"])
    sa = mounts["/var/run/secrets/kubernetes.io/serviceaccount"]
    assert sa["kind"] == "service-account"
    assert all(e["readable_by_target"] for e in sa["entries"])
    conf = mounts["/etc/nginx/conf.d/default.conf"]
    assert conf["kind"] == "configmap" and conf["subpath"] is True
    assert any("never receives Secret/ConfigMap updates" in w for w in conf["warnings"])
    assert [e["name"] for e in conf["entries"]] == ["default.conf"]
    cache = mounts["/cache"]
    assert cache["kind"] == "empty-dir" and [e["name"] for e in cache["entries"]] == ["data.bin"]
    assert mounts["/proc"]["entries"] == [] and mounts["/"]["kind"] == "rootfs" and mounts["/"]["entries"] == []
    assert mounts["/etc/resolv.conf"]["kind"] == "resolv-conf"


def test_inspect_mounts_human_has_table_and_warnings_last(pod, run_dbg):
    r = run_dbg(pod.root, "inspect-mounts")
    assert r.code == 0
    assert "target: pid 7 nginx" in r.err
    lines = r.out.strip().splitlines()
    assert lines[0].split()[:3] == ["MOUNT", "POINT", "KIND"]
    assert "/proc " not in r.out.split("\n\n")[0]  # system mounts hidden without --all
    assert lines[-1].startswith("warning: ")
    assert "/etc/secret (secret):" in r.out
    assert "password -> ..data/password" in r.out
    assert "/proc" in run_dbg(pod.root, "inspect-mounts", "--all").out


def test_inspect_mounts_fsgroup_readable(pod, run_dbg):
    secret_dir = pod.target_root / "etc/secret/..2024_01_01_00_00_00.123456789"
    for name in ("password", "username"):
        os.chmod(secret_dir / name, 0o440)
        os.chown(secret_dir / name, -1, APP_GID) if os.getuid() == 0 else None
    rep = run_dbg(pod.root, "inspect-mounts", "--json", "--pid", "7").json()
    entries = {e["name"]: e for e in by_mp(rep)["/etc/secret"]["entries"]}
    expected = os.getuid() == 0  # only root can chown to the app's group
    assert entries["password"]["readable_by_target"] is expected


def test_target_selection(pod, run_dbg):
    assert run_dbg(pod.root, "env", "--json", "--target", "nginx").json()["pid"] == 7
    assert run_dbg(pod.root, "env", "--json", "--target", "daemon off").json()["target"]["selected_by"] == "name"
    r = run_dbg(pod.root, "env", "--target", "python3")  # our own process is never a candidate
    assert_one_line_error(r)
    assert "no process matches" in r.err and "7 nginx" in r.err
    r = run_dbg(pod.root, "env", "--pid", "4242")
    assert_one_line_error(r)
    assert_one_line_error(run_dbg(pod.root, "env", "--pid", "abc"), 2)
    assert_one_line_error(run_dbg(pod.root, "env", "--pid", "0"), 2)
    assert_one_line_error(run_dbg(pod.root, "env", "--pid", "7", "--target", "x"), 2)


def test_target_several_matches(pod, run_dbg):
    pod.add(8, "nginx", ["nginx: worker process"], ppid=7)
    r = run_dbg(pod.root, "env", "--target", "nginx")
    assert_one_line_error(r)
    assert "matches 2 processes" in r.err and "--pid" in r.err


def test_no_target_outside_our_container(fakeproc, run_dbg):
    fakeproc.add(1, "pause", ["/pause"])
    fakeproc.add(5, "python3", ["python3"], mnt_ns="mnt:[1]")
    fakeproc.add(6, "sh", ["sh"], mnt_ns="mnt:[1]")
    fakeproc.set_self(5)
    r = run_dbg(fakeproc.root, "inspect-mounts")
    assert_one_line_error(r)
    assert "kubectl debug --target" in r.err


def test_same_cgroup_when_mount_namespace_unreadable(fakeproc, run_dbg, monkeypatch):
    from dbg.procfs import ProcFS

    fakeproc.add(3, "sidecar", ["sidecar"], cgroup="0::/same\n")
    fakeproc.add(4, "app", ["app"])
    fakeproc.add(9, "python3", ["python3"], cgroup="0::/same\n", mnt_ns="mnt:[1]")
    fakeproc.set_self(9)
    real = ProcFS._readlink

    def readlink(self, path):
        if path.endswith("/3/ns/mnt"):
            raise PermissionError(13, "Permission denied")
        return real(self, path)

    monkeypatch.setattr(ProcFS, "_readlink", readlink)
    assert run_dbg(fakeproc.root, "env", "--json").json()["pid"] == 4


def test_links(pod, run_dbg):
    os.symlink("/etc/secret/password", pod.target_root / "abs-link")
    rep = run_dbg(pod.root, "links", "/abs-link", "--json").json()
    assert rep["status"] == "ok"
    assert rep["final"] == "/etc/secret/..2024_01_01_00_00_00.123456789/password"
    assert [h["link"] for h in rep["hops"]] == ["/abs-link", "/etc/secret/password", "/etc/secret/..data"]
    assert rep["hops"][0]["crosses_mount"] and rep["hops"][0]["mount_point"] == "/etc/secret"
    assert rep["final_mount"] == "/etc/secret"
    assert any("absolute target" in w for w in rep["warnings"])
    os.symlink("nowhere", pod.target_root / "dangling")
    r = run_dbg(pod.root, "links", "/dangling", "--json")
    assert r.code == 1 and r.json()["status"] == "dangling"
    os.symlink("b", pod.target_root / "a")
    os.symlink("a", pod.target_root / "b")
    r = run_dbg(pod.root, "links", "/a")
    assert r.code == 1 and "loop" in r.out
    assert_one_line_error(run_dbg(pod.root, "links", "relative"))


def test_inspect_volume(pod, run_dbg):
    rep = run_dbg(pod.root, "inspect-volume", "/etc/secret", "--json").json()
    paths = {e["path"]: e for e in rep["entries"]}
    assert paths["/etc/secret/..data"]["type"] == "symlink"
    assert paths["/etc/secret/password"]["target"] == "..data/password"
    f = paths["/etc/secret/..2024_01_01_00_00_00.123456789/password"]
    assert f["mode"] == "0400" and f["readable"] is False and f["writable"] is False
    assert paths["/etc/secret/..2024_01_01_00_00_00.123456789/tls/ca.crt"]["size"] == 2
    assert rep["mount"]["read_only"] is True and rep["statvfs"]["free_bytes"] >= 0
    assert any("read-only mount" in w for w in rep["warnings"])
    small = run_dbg(pod.root, "inspect-volume", "/etc/secret", "--json", "--max-entries", "2").json()
    assert small["truncated"] and small["count"] == 2
    assert_one_line_error(run_dbg(pod.root, "inspect-volume", "/etc/resolv.conf"))
    assert_one_line_error(run_dbg(pod.root, "inspect-volume", "/missing"))
    assert_one_line_error(run_dbg(pod.root, "inspect-volume", "/cache", "--max-entries", "0"), 2)
    human = run_dbg(pod.root, "inspect-volume", "/cache")
    assert human.code == 0 and "data.bin" in human.out and "free:" in human.out


def test_ps(pod, run_dbg, tmp_path, monkeypatch):
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0::/:/bin/sh\n")
    monkeypatch.setenv("DBG_PASSWD", str(passwd))
    rep = run_dbg(pod.root, "ps", "--json").json()
    procs = {p["pid"]: p for p in rep["processes"]}
    assert procs[1]["pause"] and not procs[1]["ours"]
    assert procs[20]["ours"] and procs[21]["ours"] and not procs[7]["ours"]
    assert procs[21]["depth"] == 1 and procs[7]["uid"] == APP_UID and procs[1]["user"] == "root"
    assert procs[7]["container"]["runtime"] == "containerd" and procs[7]["container"]["id"] == "%064x" % 7
    assert procs[7]["start_time"].startswith("2023-11-14T")
    assert procs[7]["rss_bytes"] > 0
    assert [p["pid"] for p in rep["processes"]] == [1, 7, 20, 21]
    human = run_dbg(pod.root, "ps")
    assert "pause" in human.out and "dbg" in human.out and "  sh" in human.out


def test_env(pod, run_dbg):
    rep = run_dbg(pod.root, "env", "--json").json()
    env = {e["name"]: e for e in rep["env"]}
    assert env["DB_PASSWORD"]["value"] == "<redacted>" and env["DB_PASSWORD"]["redacted"]
    assert env["DATABASE_URL"]["value"] == "postgres://app:<redacted>@db/app"
    assert env["PATH"]["value"] == "/usr/bin" and not env["PATH"]["redacted"]
    shown = {e["name"]: e["value"] for e in run_dbg(pod.root, "env", "--json", "--show-secrets").json()["env"]}
    assert shown["DB_PASSWORD"] == "hunter2"
    human = run_dbg(pod.root, "env")
    assert "hunter2" not in human.out and "--show-secrets" in human.out


def test_net(pod, run_dbg):
    rep = run_dbg(pod.root, "net", "--json").json()
    listening = {(s["proto"], s["local_address"], s["local_port"]): s for s in rep["sockets"] if s["listening"]}
    assert ("tcp", "0.0.0.0", 8080) in listening and ("tcp6", "::1", 80) in listening
    assert listening[("tcp", "0.0.0.0", 8080)]["processes"] == [{"pid": 7, "comm": "nginx"}]
    unix = {u["inode"]: u for u in rep["unix"]}
    assert unix[61000]["processes"] == [{"pid": 7, "comm": "nginx"}]
    rc = rep["resolv_conf"]
    assert rc["options"]["ndots"] == "5" and any("ndots:5" in w for w in rc["warnings"])
    human = run_dbg(pod.root, "net")
    assert "Listening:" in human.out and "0.0.0.0:8080" in human.out and "[::1]:80" in human.out
    assert human.out.rstrip().splitlines()[-1].startswith("warning: resolv.conf: ndots:5")


def test_attach_summary_and_checks(pod, run_dbg, monkeypatch, tmp_path):
    rep = run_dbg(pod.root, "attach", "--json").json()
    assert rep["uids"] == [APP_UID] * 4 and rep["capabilities"]["effective"] == []
    assert rep["ptrace"]["possible"] is False  # docker default caps, other uid, scope 1
    assert "--profile=general" in rep["ptrace"]["remedy"]
    assert rep["setns"]["possible"] is False
    ns = {n["name"]: n["same"] for n in rep["namespaces"]}
    assert ns["mnt"] is False and ns["net"] is True
    assert rep["limits"][0]["name"] == "Max open files"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("strace", "gdb"):
        (bindir / tool).write_text("#!/bin/sh\n")
        (bindir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    r = run_dbg(pod.root, "attach", "--strace")
    assert_one_line_error(r)
    assert "Operation not permitted" in r.err and "SYS_PTRACE" in r.err
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = run_dbg(pod.root, "attach", "--gdb")
    assert_one_line_error(r)
    assert "gdb is not installed" in r.err


def test_attach_execs_strace_with_passthrough(pod, run_dbg, monkeypatch, tmp_path):
    from .conftest import ALL_CAPS, status_text

    (pod.root / "20/status").write_text(status_text(20, "python3", cap_eff=ALL_CAPS))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "strace").write_text("#!/bin/sh\n")
    (bindir / "strace").chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    calls = []
    monkeypatch.setattr(os, "execvp", lambda f, argv: calls.append(argv))
    r = run_dbg(pod.root, "attach", "--strace", "--", "-e", "trace=file")
    assert r.code == 0, r.err
    assert calls == [[str(bindir / "strace"), "-f", "-p", "7", "-e", "trace=file"]]
    dry = run_dbg(pod.root, "attach", "--strace", "--dry-run", "--json").json()
    assert dry["argv"][1:4] == ["-f", "-p", "7"]


def test_attach_shell_plans(pod, run_dbg, monkeypatch, tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    monkeypatch.setenv("PATH", str(bindir))
    monkeypatch.setenv("SHELL", "/bin/dbgsh")
    # target has no shell, no nsenter: our own shell in the target's root
    plan = run_dbg(pod.root, "attach", "--shell", "--dry-run", "--json").json()
    assert plan["argv"] == ["/bin/dbgsh"] and plan["cwd"].endswith("/root/")
    assert "no shell" in plan["explanation"]
    (pod.target_root / "bin").mkdir()
    (pod.target_root / "bin/sh").write_text("")
    (pod.target_root / "bin/sh").chmod(0o755)
    for tool in ("nsenter", "chroot"):
        (bindir / tool).write_text("#!/bin/sh\n")
        (bindir / tool).chmod(0o755)
    plan = run_dbg(pod.root, "attach", "--shell", "--dry-run", "--json").json()
    assert plan["argv"][0].endswith("chroot") and plan["argv"][2] == "/bin/sh"  # SYS_CHROOT but no SYS_ADMIN
    from .conftest import ALL_CAPS, status_text

    (pod.root / "20/status").write_text(status_text(20, "python3", cap_eff=ALL_CAPS))
    plan = run_dbg(pod.root, "attach", "--shell", "--dry-run", "--json").json()
    assert plan["argv"][1:] == ["-t", "7", "-a", "/bin/sh"]
    assert_one_line_error(run_dbg(pod.root, "attach", "extra"), 2)


def test_exitcode_cli(run_dbg):
    r = run_dbg(None, "exitcode", "137", "--json")
    assert r.code == 0 and r.json()["signal"]["name"] == "SIGKILL"
    human = run_dbg(None, "exitcode", "137", "--reason", "Error")
    assert "SIGKILL" in human.out and "note: 137 (SIGKILL) without OOMKilled" in human.out
    for bad in ("abc", "256", "-1", "1.5", ""):
        assert_one_line_error(run_dbg(None, "exitcode", "--", bad) if bad.startswith("-") else
                              run_dbg(None, "exitcode", bad), 2)


def test_tools(run_dbg, tmp_path, monkeypatch):
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"profile": "net", "distro": "debian", "tools": [{"name": "curl", "source": "apt", '
                        '"package": "curl", "version": "7.88.1-10+deb12u8"}, {"name": "dig"}, {"version": "1"}, 5]}')
    monkeypatch.setenv("DBG_MANIFEST", str(manifest))
    rep = run_dbg(None, "tools", "--json").json()
    assert [t["name"] for t in rep["tools"]] == ["curl", "dig"]
    assert rep["tools"][0]["version"] == "7.88.1-10+deb12u8" and rep["tools"][1]["version"] is None
    assert rep["build_time"] is None and len(rep["warnings"]) == 2
    human = run_dbg(None, "tools")
    assert "profile net, distro debian" in human.out and "curl" in human.out
    manifest.write_text("{broken")
    assert_one_line_error(run_dbg(None, "tools"))
    manifest.write_text('{"tools": {}}')
    assert_one_line_error(run_dbg(None, "tools"))
    monkeypatch.setenv("DBG_MANIFEST", str(tmp_path / "missing.json"))
    r = run_dbg(None, "tools")
    assert_one_line_error(r)
    assert "DBG_MANIFEST" in r.err


def test_doctor(pod, run_dbg):
    r = run_dbg(pod.root, "doctor", "--json")
    assert r.code == 1  # the unreadable secret is an error-level finding
    findings = r.json()["findings"]
    severities = [f["severity"] for f in findings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    checks = {(f["severity"], f["check"]) for f in findings}
    assert ("error", "permissions") in checks and ("warning", "subpath") in checks
    assert ("warning", "dns") in checks and ("info", "attach") in checks and ("info", "env") in checks
    human = run_dbg(pod.root, "doctor")
    assert human.out.startswith("ERROR") and "error(s)" in human.out


def test_doctor_clean_target_exits_zero(pod, run_dbg):
    secret_dir = pod.target_root / "etc/secret/..2024_01_01_00_00_00.123456789"
    for p in (secret_dir / "password", secret_dir / "username", secret_dir / "tls/ca.crt"):
        os.chmod(p, 0o444)
    r = run_dbg(pod.root, "doctor", "--json")
    assert r.code == 0, r.out
    assert all(f["severity"] != "error" for f in r.json()["findings"])


def test_version_and_help(run_dbg):
    from dbg import __version__

    r = run_dbg(None, "--version")
    assert r.code == 0 and r.out.strip() == "dbg %s" % __version__
    r = run_dbg(None, "--help")
    assert r.code == 0
    from dbg.__main__ import COMMANDS

    for name, _, _ in COMMANDS:
        assert name in r.out
        sub = run_dbg(None, name, "--help")
        assert sub.code == 0 and "usage: dbg %s" % name in sub.out
