"""profile -> plan -> render -> build -> verify -> tag: one image, tagged only if verified."""
from __future__ import annotations

import datetime as _dt
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional

from rich.console import Console

from kdimg import resources
from kdimg.baseimage import resolve_base
from kdimg.context import write_context
from kdimg.engine import Engine
from kdimg.options import BuildSettings
from kdimg.plan import Plan
from kdimg.progress import follow_build
from kdimg.verify import VerifyReport, build_proxy_values, make_spec, verify_image


@dataclass
class BuildResult:
    tag: str
    image_id: str
    size: int
    tool_count: int
    build_seconds: float
    verify: Optional[VerifyReport]


def source_revision() -> str:
    """The git commit of kdimg's own checkout, when there is one."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=resources.images_dir(), capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def build_args(plan: Plan, settings: BuildSettings, bases: Dict[str, str], build_time: str) -> Dict[str, str]:
    args = {
        "BASE_IMAGE": bases["BASE_IMAGE"],
        "KDIMG_BUILD_TIME": build_time,
        "KDIMG_REVISION": source_revision(),
    }
    if plan.go_tools:
        args["GO_BUILDER_IMAGE"] = bases["GO_BUILDER_IMAGE"]
        if settings.goproxy:
            args["GOPROXY"] = settings.goproxy
    if settings.mirror:
        args["KDIMG_MIRROR"] = settings.mirror
        if plan.go_tools and plan.distro.go_builder_mirror_default == plan.distro.mirror_default:
            args["KDIMG_GO_MIRROR"] = settings.mirror
    # Docker's predefined proxy args: used by RUN steps, kept out of the image's history.
    args.update(build_proxy_values())
    return args


def resolve_bases(engine: Engine, plan: Plan, settings: BuildSettings, say: Callable[[str], None]) -> Dict[str, str]:
    bases = {"BASE_IMAGE": resolve_base(engine, plan.distro.base_image, say, settings.mirror).used}
    if plan.go_tools:
        bases["GO_BUILDER_IMAGE"] = resolve_base(engine, plan.distro.go_builder, say, settings.mirror).used
    return bases


def build_image(
    engine: Engine,
    plan: Plan,
    settings: BuildSettings,
    tag: str,
    console: Console,
    verify: bool = True,
    quiet: bool = False,
) -> BuildResult:
    say = lambda msg: console.print(f"[yellow]kdimg:[/] {msg}", highlight=False)  # noqa: E731
    bases = resolve_bases(engine, plan, settings, say)
    build_time = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    args = build_args(plan, settings, bases, build_time)
    temp_tag = f"kdimg-tmp/{plan.distro.name}:{uuid.uuid4().hex[:12]}"
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kdimg-context-") as ctx:
        write_context(plan, Path(ctx), settings.ca_cert)
        image_id = follow_build(engine.build_stream(ctx, temp_tag, args, settings.no_cache), console, quiet=quiet)
    build_seconds = time.monotonic() - start
    report = None
    try:
        if verify:
            secret_values = {k: v for k, v in args.items() if k in ("GOPROXY",) or k.endswith("_PROXY")}
            spec = make_spec(plan, settings.ca_cert, secret_values)
            report = verify_image(engine, temp_tag, spec)
            if not report.ok:
                raise report.error(suffix="; nothing was tagged")
        engine.tag(image_id, tag)
    finally:
        engine.untag(temp_tag)
    info = engine.inspect_image(tag)
    return BuildResult(
        tag=tag,
        image_id=info["Id"],
        size=int(info.get("Size", 0)),
        tool_count=len(plan.tools) + len(plan.extra_packages),
        build_seconds=build_seconds,
        verify=report,
    )
