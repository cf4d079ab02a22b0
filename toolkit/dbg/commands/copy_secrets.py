"""dbg copy-secrets SRC DST: copy an AtomicWriter volume as plain files (init-container fix).

Only the visible names are copied (every name starting with ``..`` is skipped
at every level); visible symlinks are followed but must stay inside SRC;
nested keys (foo/bar) keep their directories.  Each file is written to a
temporary file in its destination directory, fsync'ed, then os.replace'd over
the final name, so DST never holds a partial file.  Identical files are
skipped; a differing file is replaced only with --force.  Runs in dbg's own
file system (not through /proc/PID/root).
"""
from __future__ import annotations

import os
import stat as _stat

from dbg.atomicwriter import DATA_LINK, is_internal_name
from dbg.errors import DbgError, UsageError

CHUNK = 1 << 16


def parse_mode(text: "str | None") -> "int | None":
    if text is None:
        return None
    try:
        mode = int(text, 8)
    except ValueError:
        raise UsageError("--mode must be octal like 0600, not %r" % text) from None
    if not 0 <= mode <= 0o7777:
        raise UsageError("--mode must be between 0000 and 7777, not %s" % text)
    return mode


def parse_owner(text: "str | None") -> "tuple[int, int] | None":
    if text is None:
        return None
    uid, _, gid = text.partition(":")
    try:
        return int(uid), int(gid) if gid else -1
    except ValueError:
        raise UsageError("--chown must be numeric UID[:GID], not %r" % text) from None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def plan(src: str) -> "tuple[list[tuple[str, str]], list[dict]]":
    """([(relative name, real source path)], refusals) for the visible files below ``src``."""
    real_src = os.path.realpath(src)
    files, refused = [], []
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        here = os.path.join(src, rel_dir) if rel_dir else src
        for name in sorted(os.listdir(here), reverse=True):
            if is_internal_name(name):
                continue
            rel = os.path.join(rel_dir, name) if rel_dir else name
            path = os.path.join(here, name)
            real = os.path.realpath(path)
            if not _inside(real, real_src):
                refused.append({"path": rel, "status": "refused",
                                "message": "link leads outside SRC (%s)" % real})
                continue
            try:
                st = os.stat(path)
            except OSError as exc:
                refused.append({"path": rel, "status": "error", "message": "dangling or unreadable: %s" % (exc.strerror or exc)})
                continue
            if _stat.S_ISDIR(st.st_mode):
                stack.append(rel)
            elif _stat.S_ISREG(st.st_mode):
                files.append((rel, real))
            else:
                refused.append({"path": rel, "status": "skipped", "message": "not a regular file"})
    files.sort()
    return files, refused


def _same_content(a: str, b: str) -> bool:
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            ca, cb = fa.read(CHUNK), fb.read(CHUNK)
            if ca != cb:
                return False
            if not ca:
                return True


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_copy(src: str, dst: str, mode: int, owner: "tuple[int, int] | None") -> None:
    """Copy ``src`` to ``dst`` through a temporary file in dst's directory + fsync + os.replace."""
    import tempfile

    directory = os.path.dirname(dst)
    fd, tmp = tempfile.mkstemp(prefix=".dbg-copy-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            while True:
                chunk = inp.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)
            out.flush()
            os.fchmod(out.fileno(), mode)
            if owner is not None:
                os.fchown(out.fileno(), owner[0], owner[1])
            os.fsync(out.fileno())
        os.replace(tmp, dst)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)


def copy_one(rel: str, real: str, dst_root: str, mode: "int | None", owner, force: bool) -> dict:
    dst = os.path.join(dst_root, rel)
    st = os.stat(real)
    want = _stat.S_IMODE(st.st_mode) if mode is None else mode
    result = {"path": rel, "status": None, "mode": "%04o" % want, "size": st.st_size, "message": None}
    try:
        parent = os.path.dirname(dst)
        os.makedirs(parent, exist_ok=True)
        if os.path.lexists(dst):
            if os.path.islink(dst) or not os.path.isfile(dst):
                if not force:
                    result.update(status="conflict", message="destination exists and is not a regular file (use --force)")
                    return result
            elif _same_content(real, dst):
                dst_st = os.stat(dst)
                if _stat.S_IMODE(dst_st.st_mode) == want and (owner is None or (dst_st.st_uid == owner[0] and owner[1] in (-1, dst_st.st_gid))):
                    result["status"] = "skipped"
                    result["message"] = "identical"
                    return result
            elif not force:
                result.update(status="conflict", message="destination differs (use --force to replace it)")
                return result
                result["message"] = "same content, mode or owner changed"
            atomic_copy(real, dst, want, owner)
            result["status"] = "replaced"
            return result
        atomic_copy(real, dst, want, owner)
        result["status"] = "copied"
    except OSError as exc:
        result.update(status="error", message="%s: %s" % (exc.filename or dst, exc.strerror or exc))
    return result


def copy_tree(src: str, dst: str, mode: "int | None" = None, owner=None, force: bool = False) -> dict:
    if not os.path.isdir(src):
        raise DbgError("SRC %s is not a directory" % src)
    if os.path.lexists(dst) and not os.path.isdir(dst):
        raise DbgError("DST %s exists and is not a directory" % dst)
    real_src, real_dst = os.path.realpath(src), os.path.realpath(dst)
    if _inside(real_dst, real_src) or _inside(real_src, real_dst):
        raise DbgError("SRC and DST must not contain each other")
    warnings = []
    aw = os.path.islink(os.path.join(src, DATA_LINK))
    if not aw:
        warnings.append("%s has no ..data symlink: not a Secret/ConfigMap (AtomicWriter) volume; copying its "
                        "visible files anyway" % src)
    try:
        files, refused = plan(src)
    except OSError as exc:
        raise DbgError("cannot read %s: %s" % (exc.filename or src, exc.strerror or exc)) from None
    try:
        os.makedirs(dst, exist_ok=True)
    except OSError as exc:
        raise DbgError("cannot create %s: %s" % (dst, exc.strerror or exc)) from None
    results = [copy_one(rel, real, dst, mode, owner, force) for rel, real in files] + refused
    if not files and not refused:
        warnings.append("nothing to copy: %s has no visible files" % src)
    failed = [r for r in results if r["status"] in ("error", "conflict", "refused")]
    return {"src": src, "dst": dst, "atomic_writer": aw, "files": results, "ok": not failed,
            "failed": len(failed), "warnings": warnings}


def run(args, ctx) -> int:
    report = copy_tree(args.src, args.dst, parse_mode(args.mode), parse_owner(args.chown), args.force)
    if args.json:
        ctx.json(report)
    else:
        from dbg.render import table, warnings_block

        ctx.write(table(["STATUS", "MODE", "PATH", "MESSAGE"], [
            [r["status"], r.get("mode") or "-", r["path"], r["message"] or ""] for r in report["files"]]))
        ctx.write(warnings_block(report["warnings"]))
        if not report["ok"]:
            ctx.note("%d file(s) failed" % report["failed"])
    return 0 if report["ok"] else 1
