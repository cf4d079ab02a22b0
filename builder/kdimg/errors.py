"""The one family of errors kdimg reports to users: one line, non-zero exit."""
from __future__ import annotations


class KdimgError(Exception):
    """A problem the user can act on. The CLI prints it as one line and exits."""

    exit_code = 2


class DefinitionError(KdimgError):
    """A catalog, distro table or profile that is not valid."""


class ProfileError(DefinitionError):
    """A profile that cannot be used: unknown tool, key, distro, or a broken file."""


class OptionError(KdimgError):
    """A build option with a value kdimg will not put into a Dockerfile."""


class EngineError(KdimgError):
    """The Docker engine cannot be reached or refused a request."""


class BuildError(KdimgError):
    """`docker build` failed; carries the failing step and its last lines."""

    exit_code = 1

    def __init__(self, message: str, step: str = "", tail: "list[str] | None" = None):
        super().__init__(message)
        self.step = step
        self.tail = list(tail or [])


class VerificationError(KdimgError):
    """The image was built but failed its checks; nothing was tagged."""

    exit_code = 1

    def __init__(self, message: str, failures: "list[str] | None" = None):
        super().__init__(message)
        self.failures = list(failures or [])


class BaseImageError(KdimgError):
    """The base image can be neither pulled nor bootstrapped."""
