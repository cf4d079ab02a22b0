"""dbg: see what a Kubernetes target container sees, from a debug container.

Run it in a container that shares the target's PID namespace (kubectl debug
--target=CONTAINER, or shareProcessNamespace: true).  Everything about the
target is read through /proc/PID, so distroless targets work too.
"""
from __future__ import annotations

import sys

from dbg.errors import DbgError, UsageError

# (name, module in dbg.commands, one-line help)
COMMANDS = (
    ("inspect-mounts", "inspect_mounts", "classify the target's mounts: secrets, configmaps, subPath, permissions"),
    ("links", "links", "resolve a symlink chain inside the target's root, hop by hop"),
    ("inspect-volume", "inspect_volume", "walk a directory of the target: types, modes, owners, access, free space"),
    ("ps", "ps", "process tree of the shared PID namespace, with containers"),
    ("env", "env", "the target's environment, secret-looking values redacted"),
    ("net", "net", "the target's sockets and resolv.conf"),
    ("attach", "attach", "summary of the target; --shell, --strace or --gdb into it"),
    ("exitcode", "exitcode", "explain a container exit code and Kubernetes reason"),
    ("copy-secrets", "copy_secrets", "copy a Secret/ConfigMap volume as plain files (init-container fix)"),
    ("doctor", "doctor", "run all checks on the target, print findings, most serious first"),
    ("tools", "tools", "tools and versions in this debug image"),
)

_EPILOG = """exit codes: 0 ok; 1 error (doctor: an error-level finding; copy-secrets: a file failed);
2 usage error; 130 interrupted; 141 output pipe closed.
env: DBG_PROC_ROOT (proc tree, default /proc), DBG_MANIFEST, DBG_PASSWD, DBG_DEBUG=1 (tracebacks)."""


def _parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):  # one line, no usage dump
            raise UsageError("%s (see '%s --help')" % (message, self.prog))

    return argparse, Parser


def build_parser():
    argparse, Parser = _parser_class()
    from dbg import __version__

    raw = argparse.RawDescriptionHelpFormatter
    parser = Parser(prog="dbg", description=__doc__, epilog=_EPILOG, formatter_class=raw)
    parser.add_argument("--version", action="version", version="dbg %s" % __version__)
    parser.add_argument("--proc-root", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    p = {}
    for name, _, text in COMMANDS:
        p[name] = sub.add_parser(name, help=text, description=text, formatter_class=raw)

    def target_opts(sp):
        g = sp.add_mutually_exclusive_group()
        g.add_argument("--pid", metavar="N", help="target process id ('self': dbg's own process)")
        g.add_argument("--target", metavar="NAME",
                       help="target by process name (comm) or command-line substring")

    def json_opt(sp):
        sp.add_argument("--json", action="store_true", help="machine-readable JSON output")

    sp = p["inspect-mounts"]
    target_opts(sp)
    json_opt(sp)
    sp.add_argument("--all", action="store_true", help="also list system and rootfs mounts in the table")
    sp.add_argument("--max-entries", type=int, default=200, metavar="N",
                    help="entries listed per mount (default 200)")
    sp.epilog = ("kinds: secret configmap projected downward-api service-account empty-dir host-path "
                 "persistent etc-hosts resolv-conf hostname termination-log rootfs system other")

    sp = p["links"]
    sp.add_argument("path", metavar="PATH", help="absolute path inside the target")
    target_opts(sp)
    json_opt(sp)
    sp.epilog = "exit 1 when the chain does not resolve (missing, dangling, loop, unreadable)"

    sp = p["inspect-volume"]
    sp.add_argument("path", metavar="PATH", help="directory inside the target")
    target_opts(sp)
    json_opt(sp)
    sp.add_argument("--max-entries", type=int, default=10000, metavar="N",
                    help="stop after N entries (default 10000)")

    json_opt(p["ps"])

    sp = p["env"]
    target_opts(sp)
    json_opt(sp)
    sp.add_argument("--show-secrets", action="store_true", help="do not redact secret-looking values")

    sp = p["net"]
    target_opts(sp)
    json_opt(sp)

    sp = p["attach"]
    target_opts(sp)
    json_opt(sp)
    mode = sp.add_mutually_exclusive_group()
    mode.add_argument("--shell", action="store_true", help="a shell in the target's root and namespaces")
    mode.add_argument("--strace", action="store_true", help="exec strace -f -p PID [ARGS]")
    mode.add_argument("--gdb", action="store_true", help="exec gdb -p PID [ARGS]")
    sp.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    sp.add_argument("args", nargs="*", metavar="ARGS",
                    help="extra arguments for strace/gdb/the shell (after --)")
    sp.epilog = ("example: dbg attach --strace -- -e trace=file\n"
                 "checks ptrace (CAP_SYS_PTRACE or same uid, Yama ptrace_scope) and setns (CAP_SYS_ADMIN) first "
                 "and says what to add when they are missing")

    sp = p["exitcode"]
    sp.add_argument("code", metavar="CODE", help="container exit code (0-255)")
    sp.add_argument("--reason", metavar="REASON",
                    help="Kubernetes termination reason (OOMKilled, Error, Completed, ContainerCannotRun, StartError)")
    json_opt(sp)

    sp = p["copy-secrets"]
    sp.add_argument("src", metavar="SRC", help="mounted Secret/ConfigMap volume (or any directory)")
    sp.add_argument("dst", metavar="DST", help="destination directory, e.g. an emptyDir")
    sp.add_argument("--mode", metavar="MODE", help="octal file mode, e.g. 0600 (default: keep the source mode)")
    sp.add_argument("--chown", metavar="UID[:GID]", help="owner of the copies (needs CAP_CHOWN)")
    sp.add_argument("--force", action="store_true", help="overwrite files whose content differs")
    json_opt(sp)
    sp.epilog = ("skips every ..name, follows the visible links (never out of SRC), writes each file via a temporary "
                 "file + fsync + rename; exit 1 when any file fails or conflicts")

    sp = p["doctor"]
    target_opts(sp)
    json_opt(sp)
    sp.epilog = "exit 1 when any error-level finding, else 0"

    json_opt(p["tools"])
    return parser


def _run(argv: "list[str] | None", out, err) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        raise UsageError("no command given (see 'dbg --help')")
    import importlib

    from dbg.context import Context

    module = dict((n, m) for n, m, _ in COMMANDS)[args.command]
    ctx = Context(proc_root=args.proc_root, out=out, err=err)
    code = importlib.import_module("dbg.commands." + module).run(args, ctx)
    ctx.flush_notes()
    return code


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: "list[str] | None" = None) -> int:
    out, err = sys.stdout, sys.stderr
    for stream in (out, err):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        return _run(argv, out, err)
    except DbgError as exc:
        from dbg.text import printable

        err.write("dbg: error: %s\n" % printable(str(exc)))
        return exc.exit_code
    except KeyboardInterrupt:
        err.write("dbg: interrupted\n")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except SystemExit as exc:  # --help / --version
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except OSError as exc:
        from dbg.text import printable

        where = " %s:" % printable(exc.filename) if exc.filename else ""
        err.write("dbg: error:%s %s\n" % (where, printable(exc.strerror or str(exc))))
        return 1
    except Exception as exc:  # a bug: still one line unless asked
        import os

        if os.environ.get("DBG_DEBUG"):
            raise
        from dbg.text import printable

        err.write("dbg: internal error: %s: %s (set DBG_DEBUG=1 for a traceback)\n"
                  % (type(exc).__name__, printable(str(exc))))
        return 70


if __name__ == "__main__":
    sys.exit(main())
