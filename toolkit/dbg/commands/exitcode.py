"""dbg exitcode CODE [--reason REASON]: explain a container's termination."""
from __future__ import annotations

from dbg.errors import UsageError
from dbg.exitcodes import explain


def parse_code(text: str) -> int:
    try:
        code = int(text.strip(), 10)
    except (ValueError, AttributeError):
        raise UsageError("CODE must be an integer between 0 and 255, not %r" % text) from None
    if not 0 <= code <= 255:
        raise UsageError("CODE must be between 0 and 255 (exit statuses are 8 bits), not %d" % code)
    return code


def run(args, ctx) -> int:
    info = explain(parse_code(args.code), args.reason)
    if args.json:
        ctx.json(info)
        return 0
    from dbg.render import warnings_block

    head = "exit code %d" % info["code"] + (" reason %s" % info["reason"] if info["reason"] else "")
    lines = [head + ":", "  code: " + info["meaning"]]
    if info["reason_meaning"]:
        lines.append("  reason: " + info["reason_meaning"])
    lines.append("next:")
    lines += ["  - " + s for s in info["next_steps"]]
    ctx.write("\n".join(lines) + "\n")
    ctx.write(warnings_block(info["notes"], "note"))
    return 0
