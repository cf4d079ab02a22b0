"""Write /etc/kdimg/manifest.json at build time (runs inside the image, stdlib only).

Input: the build plan (plan.json) written by kdimg. Each tool's version comes from the
package database (dpkg status or apk installed db), or from the pinned Go version.
"""
import json
import os
import re
import sys


def parse_dpkg_status(text):
    """Installed package name -> version from /var/lib/dpkg/status."""
    versions = {}
    for stanza in text.split("\n\n"):
        fields = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", stanza, flags=re.M))
        if fields.get("Status", "").endswith(" installed") and "Package" in fields:
            versions[fields["Package"]] = fields.get("Version", "")
    return versions


def parse_apk_installed(text):
    """Installed package name -> version from /lib/apk/db/installed."""
    versions = {}
    for stanza in text.split("\n\n"):
        fields = dict(line.split(":", 1) for line in stanza.splitlines() if len(line) > 2 and line[1] == ":")
        if "P" in fields:
            versions[fields["P"]] = fields.get("V", "")
    return versions


def installed_versions(family):
    path, parse = {
        "apt": ("/var/lib/dpkg/status", parse_dpkg_status),
        "apk": ("/lib/apk/db/installed", parse_apk_installed),
    }[family]
    with open(path, encoding="utf-8", errors="replace") as fh:
        return parse(fh.read())


def dbg_version():
    try:
        with open("/usr/local/lib/kdimg/dbg/__init__.py", encoding="utf-8") as fh:
            match = re.search(r'__version__\s*=\s*"([^"]+)"', fh.read())
        return match.group(1) if match else "unknown"
    except OSError:
        return "unknown"


def build_manifest(plan, versions, build_time):
    tools = []
    missing = []
    for tool in plan["tools"]:
        entry = {"name": tool["name"], "source": tool["source"]}
        if tool["source"] == "go":
            entry["package"] = tool["package"]
            entry["version"] = tool["version"]
        else:
            entry["packages"] = tool["packages"]
            entry["package"] = tool["packages"][0]
            entry["version"] = versions.get(tool["packages"][0], "")
            missing += [p for p in tool["packages"] if p not in versions]
        if tool.get("extra"):
            entry["extra"] = True
        tools.append(entry)
    if missing:
        raise SystemExit("write_manifest: packages not installed: " + ", ".join(sorted(set(missing))))
    return {
        "profile": plan["profile"],
        "distro": plan["distro"],
        "family": plan["family"],
        "nonroot": plan["nonroot"],
        "user": plan["user"],
        "timezone": plan["timezone"],
        "build_time": build_time,
        "kdimg_version": plan["kdimg_version"],
        "dbg_version": dbg_version(),
        "tools": tools,
    }


def main(argv):
    plan_path, out_path, build_time = argv[1:4]
    with open(plan_path, encoding="utf-8") as fh:
        plan = json.load(fh)
    manifest = build_manifest(plan, installed_versions(plan["family"]), build_time)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2, sort_keys=False)
        fh.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
