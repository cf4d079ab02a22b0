"""Show a streaming `docker build` live: which stage and step runs, its output,
and on failure the failing step with its last lines."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Deque, Iterable, Optional

from rich.console import Console
from rich.markup import escape

from kdimg.errors import BuildError

_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")
_STAGE = re.compile(r"^FROM\s+\S+\s+AS\s+(\S+)", re.IGNORECASE)
_BUILT = re.compile(r"^Successfully built ([0-9a-f]+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class BuildLog:
    """Parses the engine's build events; remembers the current step and its output."""

    stage: str = "-"
    step: str = ""
    step_no: int = 0
    steps: int = 0
    tail: Deque[str] = field(default_factory=lambda: deque(maxlen=25))
    image_id: Optional[str] = None
    cached_steps: int = 0

    def feed(self, line: str) -> str:
        """Consume one output line; return 'step', 'cached' or 'output'."""
        match = _STEP.match(line)
        if match:
            self.step_no, self.steps, self.step = int(match[1]), int(match[2]), match[3]
            stage = _STAGE.match(self.step)
            if stage:
                self.stage = stage[1]
            self.tail.clear()
            return "step"
        built = _BUILT.match(line)
        if built:
            self.image_id = built[1]
        if line.strip() == "---> Using cache":
            self.cached_steps += 1
            return "cached"
        self.tail.append(line)
        return "output"


def follow_build(events: Iterable[dict], console: Console, quiet: bool = False) -> str:
    """Print a build as it happens; return the image id or raise BuildError."""
    log = BuildLog()
    status = console.status("starting build", spinner="dots") if console.is_terminal and not quiet else None
    if status:
        status.start()
    try:
        for event in events:
            if "error" in event:
                detail = event.get("errorDetail", {}).get("message") or event["error"]
                raise BuildError(
                    f"build failed in stage {log.stage}, step {log.step_no}/{log.steps}: {str(detail).strip().splitlines()[-1] if str(detail).strip() else 'unknown error'}",
                    step=log.step,
                    tail=list(log.tail),
                )
            if "aux" in event and isinstance(event["aux"], dict) and "ID" in event["aux"]:
                log.image_id = event["aux"]["ID"]
            text = event.get("stream")
            if not text:
                continue
            for line in _ANSI.sub("", text).splitlines():
                if not line.strip():
                    continue
                kind = log.feed(line)
                if quiet:
                    continue
                if kind == "step":
                    console.print(f"[bold cyan]\\[{escape(log.stage)}][/] step {log.step_no}/{log.steps}: {escape(log.step[:160])}", highlight=False)
                    if status:
                        status.update(f"\\[{escape(log.stage)}] step {log.step_no}/{log.steps}: {escape(log.step[:80])}")
                elif kind == "output":
                    console.print(f"  {escape(line)}", style="dim", highlight=False)
    finally:
        if status:
            status.stop()
    if not log.image_id:
        raise BuildError("the engine reported no image id at the end of the build", step=log.step, tail=list(log.tail))
    return log.image_id
