"""The kdimg command line."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from kdimg import __version__
from kdimg.errors import BuildError, KdimgError, VerificationError
from kdimg.k8s.cli import k8s_app

# Typer's usage errors (click's classes, vendored by newer typer), found through its public API.
_USAGE_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

app = typer.Typer(
    name="kdimg",
    help="Build, verify and use Kubernetes debug images.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
profiles_app = typer.Typer(help="List profiles, or show one.", invoke_without_command=True, no_args_is_help=False)
base_app = typer.Typer(help="Base images for air-gapped engines.", no_args_is_help=True)
app.add_typer(profiles_app, name="profiles")
app.add_typer(base_app, name="base")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

PROFILE_HELP = "A built-in profile name (see `kdimg profiles`) or a path to a profile YAML file."
DISTRO_HELP = "debian, ubuntu or alpine."


def _version(value: bool):
    if value:
        out.print(f"kdimg {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit.")):
    """Build, verify and use Kubernetes debug images."""


# ---- profiles ---------------------------------------------------------------
@profiles_app.callback()
def profiles_list(ctx: typer.Context):
    """List the built-in profiles."""
    if ctx.invoked_subcommand:
        return
    from kdimg.profiles import builtin_profiles, load_profile

    table = Table("profile", "tools", "description", box=None, pad_edge=False)
    for name in builtin_profiles():
        profile = load_profile(name)
        table.add_row(name, str(len(profile.tools)), profile.description)
    out.print(table)


@profiles_app.command("show")
def profiles_show(name: str = typer.Argument(..., help=PROFILE_HELP)):
    """Show a profile's tools, per distro package and check."""
    from kdimg.catalog import load_catalog
    from kdimg.distros import load_distros
    from kdimg.profiles import load_profile

    profile = load_profile(name)
    catalog, distros = load_catalog(), load_distros()
    out.print(f"profile {profile.name}: {profile.description}")
    if profile.distros:
        out.print(f"distros: {', '.join(profile.distros)}")
    table = Table("tool", *distros.keys(), "check", box=None, pad_edge=False)
    for tool_name in profile.tools:
        tool = catalog[tool_name]
        if tool.go:
            cells = [f"go {tool.go.package}@{tool.go.version}"] * len(distros)
        else:
            cells = [" ".join(tool.packages_for(d)) for d in distros.values()]
        table.add_row(tool_name, *cells, tool.check)
    out.print(table)
    for family, pkgs in profile.extra_packages.items():
        out.print(f"extra {family} packages: {' '.join(pkgs)}")


# ---- render -----------------------------------------------------------------
def _plan(profile: str, distro: str, nonroot: bool, timezone: str):
    from kdimg.options import ImageOptions
    from kdimg.plan import make_plan
    from kdimg.profiles import load_profile

    loaded = load_profile(profile)
    return make_plan(loaded, ImageOptions(distro=distro, nonroot=nonroot, timezone=timezone))


@app.command()
def render(
    profile: str = typer.Option(..., "--profile", "-p", help=PROFILE_HELP),
    distro: str = typer.Option("debian", "--distro", "-d", help=DISTRO_HELP),
    nonroot: bool = typer.Option(False, "--nonroot", help="Render the non-root variant (USER 65532)."),
    timezone: str = typer.Option("UTC", "--timezone", help="TZ of the image, e.g. Asia/Shanghai."),
    context: Optional[Path] = typer.Option(None, "--context", help="Also write a complete build context (Dockerfile, toolkit, helpers) into this new directory, for plain `docker build`."),
):
    """Print the Dockerfile for a profile and distro (deterministic)."""
    from kdimg.context import write_context
    from kdimg.render import render_dockerfile

    plan = _plan(profile, distro, nonroot, timezone)
    if context is not None:
        write_context(plan, context)
        err.print(f"kdimg: build context written to {context}")
    sys.stdout.write(render_dockerfile(plan))


# ---- build ------------------------------------------------------------------
def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


@app.command()
def build(
    profile: str = typer.Option(..., "--profile", "-p", help=PROFILE_HELP),
    distro: str = typer.Option("debian", "--distro", "-d", help=DISTRO_HELP),
    tag: Optional[str] = typer.Option(None, "--tag", "-t", help="REPO:TAG to give the verified image (default kdimg/debug:PROFILE-DISTRO[-nonroot])."),
    nonroot: bool = typer.Option(False, "--nonroot", help="Numeric non-root USER 65532 (runAsNonRoot pods accept it), group-writable home."),
    mirror: Optional[str] = typer.Option(None, "--mirror", help="Package archive URL replacing the distro's default (e.g. http://mirrors.aliyun.com/debian); not left in the image."),
    goproxy: Optional[str] = typer.Option(None, "--goproxy", help="GOPROXY for the Go stage (e.g. https://goproxy.cn,direct)."),
    ca_cert: Optional[Path] = typer.Option(None, "--ca-cert", help="PEM CA bundle trusted by the builder stages only (TLS-intercepting proxies); never in the final image."),
    timezone: str = typer.Option("UTC", "--timezone", help="TZ of the image, e.g. Asia/Shanghai."),
    no_verify: bool = typer.Option(False, "--no-verify", help="Tag without running the checks."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the engine's build cache."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not stream the build log."),
):
    """Build an image, verify it, and tag it only if every check passes."""
    from kdimg.builder import build_image
    from kdimg.engine import Engine
    from kdimg.options import BuildSettings, check_tag

    plan = _plan(profile, distro, nonroot, timezone)
    settings = BuildSettings(mirror=mirror, goproxy=goproxy, ca_cert=ca_cert, no_cache=no_cache)
    target = check_tag(tag) if tag else plan.default_tag
    engine = Engine.connect()
    err.print(f"kdimg: building {target} (profile {plan.profile.name}, {plan.distro.name}, {len(plan.tools)} tools)")
    result = build_image(engine, plan, settings, target, err, verify=not no_verify, quiet=quiet)
    verify_text = f"{result.verify.seconds:.1f} s ({len(result.verify.passed)} checks)" if result.verify else "skipped"
    table = Table(box=None, show_header=False, pad_edge=False)
    for key, value in (
        ("image", result.tag),
        ("id", result.image_id),
        ("size", _human_size(result.size)),
        ("tools", str(result.tool_count)),
        ("build", f"{result.build_seconds:.1f} s"),
        ("verify", verify_text),
    ):
        table.add_row(key, value)
    out.print(table)


# ---- verify -----------------------------------------------------------------
@app.command()
def verify(
    image: str = typer.Argument(..., help="Image reference or id."),
    profile: str = typer.Option(..., "--profile", "-p", help=PROFILE_HELP),
    distro: Optional[str] = typer.Option(None, "--distro", "-d", help="Default: the image's io.kdimg.distro label, else debian."),
    nonroot: Optional[bool] = typer.Option(None, "--nonroot/--root", help="Expect the non-root user (default: the image's io.kdimg.nonroot label)."),
    ca_cert: Optional[Path] = typer.Option(None, "--ca-cert", help="CA bundle used at build time: fail if any of its private certificates is in the image."),
):
    """Run the checks of a profile against any image; exit 1 listing what failed."""
    from kdimg.engine import Engine
    from kdimg.options import check_ca_cert
    from kdimg.verify import build_proxy_values, make_spec, verify_image

    engine = Engine.connect()
    labels = engine.inspect_image(image)["Config"].get("Labels") or {}
    distro = distro or labels.get("io.kdimg.distro") or "debian"
    if nonroot is None:
        nonroot = labels.get("io.kdimg.nonroot") == "true"
    plan = _plan(profile, distro, nonroot, "UTC")
    spec = make_spec(plan, check_ca_cert(ca_cert) if ca_cert else None, build_proxy_values())
    report = verify_image(engine, image, spec)
    if not report.ok:
        raise report.error(prefix=f"{image}: ")
    out.print(f"{image}: all {len(report.passed)} checks passed in {report.seconds:.1f} s")


# ---- base -------------------------------------------------------------------
@base_app.command("bootstrap")
def base_bootstrap(
    distro: str = typer.Option("debian", "--distro", "-d", help="Only debian can be bootstrapped."),
    suite: Optional[str] = typer.Option(None, "--suite", help="Debian suite (default: the distro's, bookworm)."),
    mirror: Optional[str] = typer.Option(None, "--mirror", help="Debian archive URL to download from."),
    tag: Optional[str] = typer.Option(None, "--tag", "-t", help="Image reference to import as (default kdimg/base:debian-bookworm, which `build` falls back to)."),
):
    """Build a slim Debian base from Debian's packages (mmdebstrap) and import it."""
    from kdimg.baseimage import bootstrap
    from kdimg.distros import load_distros
    from kdimg.engine import Engine
    from kdimg.options import check_distro, check_tag, check_url
    from kdimg.schema import NAME
    import re

    check_distro(distro)
    if suite is not None and not re.match(NAME, suite):
        raise KdimgError(f"--suite: {suite!r} is not a suite name (like bookworm)")
    mirror = check_url(mirror, "--mirror") if mirror else None
    tag = check_tag(tag) if tag else None
    engine = Engine.connect()
    image = bootstrap(engine, load_distros()[distro], suite, mirror, lambda m: err.print(f"kdimg: {m}"), image=tag)
    info = engine.inspect_image(image)
    out.print(f"{image} {info['Id']} {_human_size(int(info.get('Size', 0)))}")


# ---- lint -------------------------------------------------------------------
@app.command()
def lint(
    profile: Optional[List[str]] = typer.Option(None, "--profile", "-p", help="Lint only these profiles (default: all built-in)."),
    distro: Optional[List[str]] = typer.Option(None, "--distro", "-d", help="Lint only these distros (default: all)."),
):
    """Run hadolint over every profile x distro render (and the non-root variants)."""
    from kdimg.distros import load_distros
    from kdimg.lint import lint_all
    from kdimg.options import check_distro
    from kdimg.profiles import builtin_profiles

    distros = [check_distro(d) for d in distro] if distro else list(load_distros())
    results = lint_all(profile or builtin_profiles(), distros)
    dirty = [r for r in results if r.findings]
    for result in results:
        out.print(f"{'FAIL' if result.findings else 'ok  '} {result.label}")
        for finding in result.findings:
            out.print(f"     {finding}")
    if dirty:
        raise KdimgError(f"hadolint found problems in {len(dirty)} of {len(results)} Dockerfiles")
    out.print(f"hadolint: {len(results)} Dockerfiles clean")


app.add_typer(k8s_app, name="k8s")


def _report(exc: KdimgError) -> int:
    if isinstance(exc, BuildError):
        if exc.step:
            err.print(f"failing step: {exc.step}", markup=False)
        for line in exc.tail[-15:]:
            err.print(f"  | {line}", markup=False)
    if isinstance(exc, VerificationError):
        for failure in exc.failures:
            err.print(f"  FAILED {failure}", markup=False)
    err.print(f"kdimg: error: {exc}", markup=False)
    return exc.exit_code


def main(argv: Optional[List[str]] = None) -> int:
    try:
        result = app(args=argv, prog_name="kdimg", standalone_mode=False)
    except KdimgError as exc:
        return _report(exc)
    except _USAGE_ERROR as exc:
        err.print(f"kdimg: error: {exc.format_message()}" + (f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""), markup=False)
        return 2
    except _CLICK_EXCEPTION as exc:
        err.print(f"kdimg: error: {exc.format_message()}", markup=False)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        err.print("kdimg: interrupted", markup=False)
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
