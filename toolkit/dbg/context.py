"""What a command runs against: the proc tree, output streams, environment."""
from __future__ import annotations

import os
import sys

from dbg.procfs import ProcFS
from dbg.text import printable


class Context:
    def __init__(self, proc_root: "str | None" = None, out=None, err=None,
                 environ: "dict[str, str] | None" = None, execvp=None) -> None:
        self.environ = dict(os.environ) if environ is None else environ
        self.proc = ProcFS(proc_root or self.environ.get("DBG_PROC_ROOT") or "/proc")
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.execvp = execvp or os.execvp
        self._notes: "list[str]" = []

    @property
    def passwd_path(self) -> str:
        return self.environ.get("DBG_PASSWD", "/etc/passwd")

    @property
    def manifest_path(self) -> str:
        return self.environ.get("DBG_MANIFEST", "/etc/kdimg/manifest.json")

    def write(self, text: str) -> None:
        self.out.write(text)

    def note(self, message: str) -> None:
        """A one-line remark for stderr, written when the command finishes (or before an exec):
        a failing command prints only its one error line."""
        self._notes.append("dbg: %s\n" % printable(message))

    def flush_notes(self) -> None:
        notes, self._notes = self._notes, []
        for line in notes:
            self.err.write(line)

    def json(self, obj: object) -> None:
        from dbg.render import dump_json

        try:
            pretty = self.out.isatty()
        except (AttributeError, ValueError):
            pretty = False
        self.out.write(dump_json(obj, pretty))

    def target(self, args):
        """Select the target from --pid/--target; announce it on stderr in human mode."""
        from dbg.targets import select_target

        t = select_target(self.proc, getattr(args, "pid", None), getattr(args, "target", None))
        if not getattr(args, "json", False):
            self.note(t.describe())
        return t
