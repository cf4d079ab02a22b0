"""`kdimg k8s force-start`: make a crash-looping container start and stay up for `kubectl exec`.

The container loses its probes, its command/args become a shell that waits, and it gets a tty and
stdin. Before that, the container's own source lines (its `-` line to its last line, comments
included) are appended to the object's annotation `kdimg.io/force-start`, which therefore reads
as a YAML list of the original containers. `--restore` puts those lines back in place of the
changed container, so the manifest comes back byte for byte.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from kdimg.k8s import KEEPALIVE, records
from kdimg.k8s.comments import pop, trailing_comment_kept
from kdimg.k8s.edit import Target, command, insert_after
from kdimg.k8s.errors import K8sError
from kdimg.k8s.manifest import new_yaml
from kdimg.k8s.regions import indent, item_lines
from kdimg.k8s.workloads import Workload, names

RECORD = "force-start"
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


class Record:
    """The annotation's text: the original containers' lines, one `-` item each."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines(True)
        try:
            self.items = new_yaml(text).load(text) if text.strip() else []
        except YAMLError:
            self.items = None
        if not isinstance(self.items, list):
            raise K8sError(f"annotation {records.key(RECORD)} is not kdimg's list of containers; remove it by hand")

    @property
    def names(self) -> List[str]:
        return names(self.items)

    def span(self, name: str) -> Tuple[int, int]:
        index = self.names.index(name)
        span = item_lines(self.lines, self.items, index)
        return span if span else (0, len(self.lines))

    def without(self, name: str) -> str:
        start, end = self.span(name)
        return "".join(self.lines[:start] + self.lines[end:])


def _literal(text: str):
    """Literal block style when YAML can hold TEXT that way exactly (no tabs, no trailing blanks)."""
    if "\t" in text or any(line != line.rstrip() for line in text.split("\n")):
        return text
    return LiteralScalarString(text)


def _container_text(target: Target, name: str) -> str:
    """The source lines of container NAME (ruamel's rendering when the list is in flow style)."""
    containers = target.workload.containers()
    index = names(containers).index(name)
    span = item_lines(target.doc.body.splitlines(True), containers, index)
    if span is None:
        return target.doc.render([containers[index]])
    start, end = span
    text = "".join(target.doc.body.splitlines(True)[start:end])
    return text if text.endswith("\n") else text + "\n"


def apply(target: Target, container: Optional[str]) -> None:
    """Force-start CONTAINER; a container already force-started stays as it is."""
    workload = target.workload
    name = str(workload.container(container)["name"])
    record = Record(records.get(workload.obj, RECORD) or "")
    if name in record.names:
        return
    text = record.text + _container_text(target, name)

    def change(workload: Workload) -> None:
        containers = workload.containers()
        app = containers[names(containers).index(name)]
        with trailing_comment_kept(containers, names(containers).index(name)):
            for key in (*PROBES, "args"):
                pop(app, key)
            insert_after(app, "image", "command", command(KEEPALIVE))
            app["stdin"] = True
            app["tty"] = True
        records.put(workload.obj, RECORD, _literal(text))

    target.edit(change)
    if records.get(target.doc.data, RECORD) != text:
        raise K8sError(f"{workload.label}: container {name!r} cannot be recorded exactly in an annotation")


def restore(target: Target, container: Optional[str]) -> None:
    """Put back CONTAINER (default: every recorded container) exactly as recorded."""
    workload = target.workload
    text = records.get(workload.obj, RECORD)
    if text is None:
        raise K8sError(f"{workload.label}: no {records.key(RECORD)} annotation, so nothing to restore")
    record = Record(text)
    wanted = record.names if container is None else [container]
    for name in wanted:
        if name not in record.names:
            raise K8sError(f"{workload.label}: container {name!r} was not force-started (recorded: {', '.join(record.names)})")
        _put_back(target, record, name)
        record = Record(record.without(name))
    remaining = record.text
    target.edit(lambda w: records.put(w.obj, RECORD, _literal(remaining)) if remaining.strip() else records.drop(w.obj, RECORD))


def _put_back(target: Target, record: Record, name: str) -> None:
    containers = target.workload.containers()
    if name not in names(containers):
        raise K8sError(f"{target.workload.label}: container {name!r} is gone, cannot restore it")
    index = names(containers).index(name)
    start, end = record.span(name)
    original = record.lines[start:end]
    lines = target.doc.body.splitlines(True)
    span = item_lines(lines, containers, index)
    if span and indent(lines[span[0]]) == indent(original[0]):
        target.doc.replace_body("".join(lines[: span[0]] + original + lines[span[1] :]))
        return
    item = record.items[record.names.index(name)]  # flow-style or moved list: restore the data

    def put_item(workload: Workload) -> None:
        workload.containers()[index] = item

    target.edit(put_item)

