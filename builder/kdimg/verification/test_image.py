"""What every kdimg image promises: its tools run, dbg works, the manifest and labels
are right, the declared user runs, and nothing of the build's CA or proxies remains."""
from __future__ import annotations

import json


def _outcome(results, name):
    assert name in results, f"{name}: check did not run"
    rc, tail = results[name]
    assert rc == 0, f"{name}: exit {rc}: {tail.strip()[-200:]}"


def test_tool_runs(check_results, tool):
    _outcome(check_results, tool["name"])


def test_extra_package_installed(check_results, extra_package):
    _outcome(check_results, f"package:{extra_package}")


def test_dbg_version(check_results):
    _outcome(check_results, "dbg")
    assert check_results["dbg"][1].startswith("dbg "), check_results["dbg"][1]


def test_manifest(host, spec):
    manifest = json.loads(host.file("/etc/kdimg/manifest.json").content_string)
    assert manifest["profile"] == spec["profile"]
    assert manifest["distro"] == spec["distro"]
    assert manifest["build_time"] not in ("", "unknown")
    listed = [t["name"] for t in manifest["tools"]]
    expected = [t["name"] for t in spec["tools"]] + spec["extra_packages"]
    assert listed == expected
    unversioned = [t["name"] for t in manifest["tools"] if not t.get("version")]
    assert not unversioned, f"tools without a version: {unversioned}"


def test_labels(spec):
    labels = spec["labels"]
    for key in ("title", "version", "created", "revision", "source"):
        assert labels.get(f"org.opencontainers.image.{key}"), f"label org.opencontainers.image.{key} missing"
    assert labels["org.opencontainers.image.created"] != "unknown"
    assert labels.get("io.kdimg.profile") == spec["profile"]
    assert labels.get("io.kdimg.distro") == spec["distro"]


def test_declared_user_runs(host, spec):
    assert spec["config_user"] == str(spec["uid"]), f"USER is {spec['config_user']!r}, expected {spec['uid']}"
    assert host.run("id -u").stdout.strip() == str(spec["uid"])
    if spec["nonroot"]:
        assert host.run("touch \"$HOME/.kdimg-write-test\" && rm \"$HOME/.kdimg-write-test\"").rc == 0, "home is not writable"


def test_no_build_settings_in_environment(spec):
    names = {entry.split("=", 1)[0].upper() for entry in spec["env"]}
    leaked = names & {"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "FTP_PROXY", "ALL_PROXY", "GOPROXY", "SSL_CERT_FILE", "KDIMG_MIRROR"}
    assert not leaked, f"build settings left in the image's environment: {sorted(leaked)}"
    blob = json.dumps([spec["env"], spec["labels"]])
    for name, value in spec["secret_values"].items():
        assert value not in blob, f"{name} value found in the image config"


def test_no_build_ca_or_proxy_in_filesystem(host, spec):
    assert not host.file("/usr/local/share/kdimg-build-ca").exists, "build CA directory left in the image"
    needles = spec["ca_needles"] + list(spec["secret_values"].values())
    if not needles:
        return
    patterns = " ".join("-e " + _sh(n) for n in needles)
    # /dev/null as an extra file makes grep print "path:match" for every hit.
    found = host.run(f"find / -xdev -type f -size -4M -exec grep -F -o {patterns} /dev/null {{}} + 2>/dev/null").stdout
    hits = {}
    for line in found.splitlines():
        for needle in needles:
            if line.endswith(":" + needle):
                hits.setdefault(needle, set()).add(line[: -len(needle) - 1])
    leaks = []
    for needle in needles:
        paths = hits.get(needle, set())
        # A certificate that the distro's own trust store ships is public, not the build's.
        if needle in spec["ca_needles"] and any(p.startswith("/usr/share/ca-certificates/") for p in paths):
            continue
        leaks += sorted(paths)
    assert not leaks, f"build CA or proxy values found in: {', '.join(sorted(set(leaks)))}"


def _sh(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"
