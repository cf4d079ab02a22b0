"""Render a plan into a Dockerfile with Jinja2 (templates in images/templates).

StrictUndefined: a variable missing from the context is an error, never an empty
string. Values reach shell only through `shquote` or as validated data.
"""
from __future__ import annotations

import re
import shlex
from functools import lru_cache

import jinja2

from kdimg import __version__, resources
from kdimg.errors import KdimgError
from kdimg.options import NONROOT_UID
from kdimg.plan import Plan
from kdimg.schema import PACKAGE_NAME

SOURCE_URL = "https://github.com/kdimg/kdimg"
_SAFE_PACKAGE = re.compile(PACKAGE_NAME)


def archive_regex(url: str) -> str:
    """POSIX ERE matching an archive root URL over http or https (URLs are validated)."""
    return re.sub(r"^https?://", "https?://", url.replace(".", r"\."))


def shquote(value: str) -> str:
    return shlex.quote(str(value))


@lru_cache(maxsize=None)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["shquote"] = shquote
    return env


def template_context(plan: Plan) -> dict:
    packages = plan.packages + plan.extra_packages
    for pkg in packages:  # defence in depth: the schemas already enforce this
        if not _SAFE_PACKAGE.match(pkg):
            raise KdimgError(f"refusing to render package name {pkg!r}")
    distro = plan.distro
    shell = "/bin/bash" if "bash" in packages else "/bin/sh"
    return {
        "kdimg_version": __version__,
        "profile": plan.profile.name,
        "distro": distro.name,
        "family": plan.family,
        "base_image": distro.base_image,
        "go_builder": distro.go_builder,
        "mirror_re": archive_regex(distro.mirror_default),
        "go_mirror_re": archive_regex(distro.go_builder_mirror_default or ""),
        "go_mirror_default": distro.go_builder_mirror_default or "",
        "packages": packages,
        "go_tools": plan.go_tools,
        "tool_count": len(plan.tools) + len(plan.extra_packages),
        "timezone": plan.options.timezone,
        "nonroot": plan.options.nonroot,
        "uid": NONROOT_UID if plan.options.nonroot else 0,
        "shell": shell,
        "source_url": SOURCE_URL,
    }


def render_dockerfile(plan: Plan) -> str:
    try:
        text = environment().get_template("Dockerfile.j2").render(**template_context(plan))
    except jinja2.TemplateError as exc:
        raise KdimgError(f"template error: {exc}") from None
    return re.sub(r"\n{3,}", "\n\n", text)
