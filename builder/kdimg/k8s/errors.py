"""The one error type of `kdimg k8s`: raised by the helpers, reported by cli.py as one line."""
from __future__ import annotations

from kdimg.errors import KdimgError


class K8sError(KdimgError):
    """A manifest, option or pod that the command cannot work with; the message says why."""

    exit_code = 2
