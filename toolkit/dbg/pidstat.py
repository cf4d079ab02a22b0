"""Pure parsers for /proc/PID/stat and /proc/PID/cmdline, and /proc/stat's btime."""
from __future__ import annotations


class PidStat:
    __slots__ = ("pid", "comm", "state", "ppid", "starttime", "rss_pages")

    def __init__(self, pid: int, comm: str, state: str, ppid: int, starttime: int, rss_pages: int) -> None:
        self.pid = pid
        self.comm = comm
        self.state = state
        self.ppid = ppid
        self.starttime = starttime  # clock ticks after boot
        self.rss_pages = rss_pages


def parse_stat(text: str) -> "PidStat | None":
    """Parse /proc/PID/stat; comm may hold spaces and parentheses. None when malformed."""
    open_, close = text.find("("), text.rfind(")")
    if open_ < 0 or close < open_:
        return None
    rest = text[close + 1:].split()
    try:
        return PidStat(int(text[:open_]), text[open_ + 1:close], rest[0], int(rest[1]),
                       int(rest[19]), int(rest[21]))
    except (ValueError, IndexError):
        return None


def parse_cmdline(data: bytes) -> "list[str]":
    """NUL-separated argv (kernel threads and zombies have none)."""
    if not data:
        return []
    if data.endswith(b"\0"):
        data = data[:-1]
    return [a.decode("utf-8", "surrogateescape") for a in data.split(b"\0")]


def parse_btime(proc_stat: str) -> "int | None":
    for line in proc_stat.split("\n"):
        if line.startswith("btime "):
            try:
                return int(line.split()[1])
            except (ValueError, IndexError):
                return None
    return None


def is_pause(comm: "str | None", argv: "list[str]") -> bool:
    """The pod sandbox's pause process."""
    if comm == "pause":
        return True
    return bool(argv) and (argv[0] == "/pause" or argv[0].rsplit("/", 1)[-1] == "pause")
