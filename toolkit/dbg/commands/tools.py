"""dbg tools: the debug image's tools and versions from its manifest (/etc/kdimg/manifest.json)."""
from __future__ import annotations

from dbg.errors import DbgError

FIELDS = ("name", "version", "source", "package")


def load(path: str) -> dict:
    import json

    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
    except FileNotFoundError:
        raise DbgError("no tool manifest at %s (not a kdimg image? set DBG_MANIFEST to another path)" % path) from None
    except OSError as exc:
        raise DbgError("cannot read the tool manifest %s: %s" % (path, exc.strerror or exc)) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise DbgError("the tool manifest %s is not valid JSON: %s" % (path, exc)) from None
    if not isinstance(data, dict):
        raise DbgError("the tool manifest %s is not a JSON object" % path)
    warnings = []
    tools = data.get("tools")
    if tools is None:
        tools = []
        warnings.append("the manifest lists no tools")
    elif not isinstance(tools, list):
        raise DbgError("the tool manifest %s: 'tools' is not a list" % path)
    clean = []
    for i, t in enumerate(tools):
        if not isinstance(t, dict) or not t.get("name"):
            warnings.append("tools[%d] has no name: skipped" % i)
            continue
        clean.append({k: (None if t.get(k) is None else str(t.get(k))) for k in FIELDS})
    clean.sort(key=lambda t: t["name"])
    return {"manifest": path, "profile": data.get("profile"), "distro": data.get("distro"),
            "build_time": data.get("build_time"), "nonroot": data.get("nonroot"), "tools": clean,
            "warnings": warnings}


def run(args, ctx) -> int:
    report = load(ctx.manifest_path)
    if args.json:
        ctx.json(report)
        return 0
    from dbg.render import table, warnings_block

    head = "profile %s, distro %s, built %s%s\n" % (
        report["profile"] or "?", report["distro"] or "?", report["build_time"] or "?",
        ", non-root" if report["nonroot"] else "")
    ctx.write(head + table(["NAME", "VERSION", "SOURCE", "PACKAGE"],
                           [[t["name"], t["version"] or "?", t["source"] or "?", t["package"] or "-"] for t in report["tools"]]))
    ctx.write(warnings_block(report["warnings"]))
    return 0
