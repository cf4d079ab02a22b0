"""The one exception family of dbg: every expected failure is a DbgError.

The CLI catches DbgError and prints its message as one line ``dbg: error: ...``
on stderr, then exits with ``exit_code``.  Helpers never call sys.exit.

Exit codes used by dbg:
  0  success (doctor: no error-level finding)
  1  an error, or a report with failures (copy-secrets) / error findings (doctor)
  2  usage error (bad option, invalid argument)
  70 internal error (a bug: set DBG_DEBUG=1 for the traceback)
  130 interrupted (Ctrl-C); 141 stdout closed early (``dbg ps | head``)
"""
from __future__ import annotations


class DbgError(Exception):
    """An expected failure with a one-line message and an exit code."""

    exit_code = 1

    def __init__(self, message: str, exit_code: "int | None" = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(DbgError):
    """Invalid command line or argument value."""

    exit_code = 2


class ProcessGone(DbgError):
    """The process exited while dbg was looking at it."""


class AccessDenied(DbgError):
    """Permission denied on a /proc entry or a file of the target."""
