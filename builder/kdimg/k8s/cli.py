"""The `kdimg k8s` sub-commands. The only place that turns a K8sError into `kdimg: error: ...`."""
from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer

from kdimg.k8s import DEFAULT_IMAGE, NONROOT_IMAGE, debug_cmd, force_start, output, secret_copy, sidecar
from kdimg.k8s.edit import Target, edit_manifest, workloads_in
from kdimg.k8s.errors import K8sError
from kdimg.k8s.manifest import load_stream
from kdimg.k8s.workloads import Workload

k8s_app = typer.Typer(
    name="k8s",
    help="Apply the debugging procedures for Kubernetes workloads: edit manifests (sidecar, force-start, "
    "secret-copy) keeping comments and layout, or print the `kubectl debug` command that will work.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FILE_HELP = "Manifest to change: multi-document YAML with a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob; `-` reads stdin."
NAME_HELP = "The workload to change (metadata.name, or KIND/NAME) when the file holds several; other documents pass through untouched."
OUTPUT_HELP = "Write the changed manifest to this file (atomically: all or nothing) instead of stdout."
IMAGE_HELP = f"Debug image (default {DEFAULT_IMAGE}; {NONROOT_IMAGE} when the pod requires runAsNonRoot)."


@contextmanager
def _reported() -> Iterator[None]:
    """Errors as one line on stderr and exit 2 (1 for a bug); never a traceback."""
    try:
        yield
    except K8sError as exc:
        typer.echo(f"kdimg: error: {' '.join(str(exc).split())}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # noqa: BLE001 - the promise is one line, even for a bug
        typer.echo(f"kdimg: error: internal error ({type(exc).__name__}: {' '.join(str(exc).split())}); please report it", err=True)
        raise typer.Exit(1) from None


def _edit(file: str, name: Optional[str], out: Optional[Path], operation: Callable[[Target], None]) -> None:
    with _reported():
        output.write(edit_manifest(file, name, operation), out)


@k8s_app.command("sidecar")
def sidecar_cmd(
    file: str = typer.Option(..., "--file", "-f", help=FILE_HELP),
    container: Optional[str] = typer.Option(None, "--container", "-c", help="The app container to look at (default: the only one)."),
    image: Optional[str] = typer.Option(None, "--image", help=IMAGE_HELP),
    remove: bool = typer.Option(False, "--remove", help="Undo an earlier `sidecar` exactly, from its kdimg.io/sidecar annotation."),
    name: Optional[str] = typer.Option(None, "--name", help=NAME_HELP),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
):
    """Add a `debug` container that stays up beside the app (kubectl attach -it ... -c debug).

    It mounts every volume the app mounts, at the same paths, and shareProcessNamespace: true lets
    it see the app's processes (the app's files: /proc/PID/root). Running it twice changes nothing
    more; --remove gives back the manifest as it was.
    """
    if remove and (container or image):
        with _reported():
            raise K8sError("--remove takes no --container or --image: it undoes what the annotation recorded")
    _edit(file, name, out, sidecar.remove if remove else lambda t: sidecar.add(t, container, image))


@k8s_app.command("force-start")
def force_start_cmd(
    file: str = typer.Option(..., "--file", "-f", help=FILE_HELP),
    container: Optional[str] = typer.Option(None, "--container", "-c", help="The crash-looping container (default: the only one; with --restore: every recorded one)."),
    restore: bool = typer.Option(False, "--restore", help="Put the container back exactly as it was, from the kdimg.io/force-start annotation."),
    name: Optional[str] = typer.Option(None, "--name", help=NAME_HELP),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
):
    """Make a crash-looping container start and stay up, to enter it with kubectl exec.

    Drops its liveness, readiness and startup probes, replaces command/args with a shell that
    waits (the image needs `sh`), and sets tty and stdin. The original container is recorded in
    an annotation; --restore puts it back byte for byte.
    """
    _edit(file, name, out, lambda t: (force_start.restore if restore else force_start.apply)(t, container))


@k8s_app.command("secret-copy")
def secret_copy_cmd(
    file: str = typer.Option(..., "--file", "-f", help=FILE_HELP),
    volume: str = typer.Option(..., "--volume", help="The secret, configMap, projected or downwardAPI volume to serve as plain files."),
    container: Optional[str] = typer.Option(None, "--container", "-c", help="Only this container's mounts (default: every container mounting the volume)."),
    image: Optional[str] = typer.Option(None, "--image", help=IMAGE_HELP + " Needs `dbg`."),
    mode: Optional[str] = typer.Option(None, "--mode", help="File mode of the copies, passed to `dbg copy-secrets --mode` (e.g. 0600)."),
    name: Optional[str] = typer.Option(None, "--name", help=NAME_HELP),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
):
    """Serve a Secret/ConfigMap volume as regular files, for programs that skip symlinks.

    Adds an emptyDir VOL-copy and an init container copy-VOL running `dbg copy-secrets`, and points
    the containers' mounts of VOL at the copy (same mountPath, readOnly, subPath). The copy is a
    snapshot: updates of the Secret show after the pod restarts. Running it twice changes nothing more.
    """
    _edit(file, name, out, lambda t: secret_copy.apply(t, volume, container, image, mode))


@k8s_app.command("debug")
def debug_cmd_cmd(
    pod: str = typer.Argument(..., help="The pod to debug, or node/NAME for the node."),
    image: Optional[str] = typer.Option(None, "--image", help=IMAGE_HELP),
    target: Optional[str] = typer.Option(None, "--target", help="Container whose processes to join (default with -f: the only one)."),
    file: Optional[str] = typer.Option(None, "--file", "-f", help="The pod's YAML (kubectl get pod POD -o yaml), or its workload's: lets kdimg pick target, user and profile."),
    purpose: str = typer.Option(debug_cmd.DEFAULT_PURPOSE, "--purpose", help="net (tcpdump: netadmin), attach (strace/gdb: general) or fs (/proc/PID/root: baseline)."),
    namespace: Optional[str] = typer.Option(None, "--namespace", "-n", help="Namespace (default: the YAML's, else kubectl's)."),
    uid: Optional[int] = typer.Option(None, "--uid", help="Run the debug container as this UID (default: the target's runAsUser; 0 is root)."),
    restricted: bool = typer.Option(False, "--restricted", help="The namespace enforces the restricted Pod Security Standard: no capabilities, non-root."),
    copy_to: Optional[str] = typer.Option(None, "--copy-to", help="Debug a copy of the pod with this name instead of the pod itself."),
    share_processes: bool = typer.Option(False, "--share-processes", help="With --copy-to: the copy shares one process namespace."),
    same_node: bool = typer.Option(False, "--same-node", help="With --copy-to: schedule the copy on the pod's node."),
    custom_file: Optional[str] = typer.Option(None, "--custom-file", help="Where to write the --custom container spec (default: a new temporary file)."),
    run: bool = typer.Option(False, "--exec", help="Run the command (needs kubectl on PATH) instead of only printing it."),
):
    """Print the `kubectl debug` command that will work for POD, and say what will not.

    With -f it picks the target container, the profile the purpose needs and, for non-root pods,
    a --custom securityContext with the target's UID (printed, and written to a file).
    """
    with _reported():
        if (share_processes or same_node) and not copy_to:
            raise K8sError("--share-processes and --same-node go with --copy-to")
        workload = _debug_workload(file, pod) if file else None
        if namespace is None and workload is not None:
            namespace = (workload.obj.get("metadata") or {}).get("namespace")
        request = debug_cmd.Request(pod, image, target, workload, purpose, namespace, uid, restricted, copy_to, share_processes, same_node)
        plan = debug_cmd.plan(request)
        lines = []
        if plan.custom is not None:
            path = debug_cmd.write_custom(plan, custom_file)
            lines.append(f"# --custom file {path}:")
            lines += [f"#   {line}" for line in plan.custom_text().splitlines()]
        lines += [f"# note: {note}" for note in plan.notes]
        lines.append(shlex.join(plan.command))
        if not run:
            typer.echo("\n".join(lines))
            return
        if shutil.which("kubectl") is None:
            raise K8sError("kubectl is not on PATH; run the printed command where kubectl is set up (drop --exec to print it)")
        typer.echo("\n".join(lines), err=True)
        code = subprocess.call(plan.command)
    raise typer.Exit(code)


def _debug_workload(file: str, pod: str) -> Workload:
    found = workloads_in(load_stream(file))
    if len(found) > 1:
        found = [t for t in found if t.name == pod] or found
    if len(found) != 1:
        raise K8sError(f"{file}: several workloads ({', '.join(t.label for t in found)}); give the YAML of one pod")
    return found[0].workload


def main() -> None:  # pragma: no cover - for `python -m kdimg.k8s.cli` while the lead wires kdimg k8s
    k8s_app(prog_name="kdimg k8s")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
