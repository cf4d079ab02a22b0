"""The manifest commands' pipeline: read, pick the workload, change it, validate, render."""
from __future__ import annotations

from typing import Any, Callable, List, Optional

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from kdimg.k8s.errors import K8sError
from kdimg.k8s.manifest import Document, Stream, load_stream, to_plain
from kdimg.k8s.validate import check
from kdimg.k8s.workloads import KINDS, Kind, Workload, kind_of


class Target:
    """A workload document. `workload` is re-read after every change of the text."""

    def __init__(self, doc: Document, kind: Kind, name: str):
        self.doc, self.kind, self.name = doc, kind, name
        self.label = f"{kind.name}/{name}"

    @property
    def workload(self) -> Workload:
        return Workload(self.doc.data, self.kind)

    def edit(self, change: Callable[[Workload], None]) -> None:
        self.doc.edit(lambda data: change(Workload(data, self.kind)))


def workloads_in(stream: Stream) -> List[Target]:
    """The workloads of STREAM; an error when it holds none (or a document that is no object)."""
    found: List[Target] = []
    kinds: List[str] = []
    for doc, obj in stream.objects():
        kind = kind_of(obj, doc.where)
        if kind is None:
            kinds.append(str(obj["kind"]))
            continue
        metadata = obj.get("metadata")
        found.append(Target(doc, kind, str(metadata.get("name")) if isinstance(metadata, dict) else ""))
    if not found:
        seen = f" (it holds {', '.join(dict.fromkeys(kinds))})" if kinds else ""
        raise K8sError(f"{stream.source}: no workload to change{seen}; kdimg k8s changes {', '.join(KINDS)}")
    return found


def select(stream: Stream, name: Optional[str]) -> Target:
    """The workload named NAME (or KIND/NAME); without a name, the only workload of the stream."""
    found = workloads_in(stream)
    if name is not None:
        labels = ", ".join(t.label for t in found)
        found = [t for t in found if name in (t.name, t.label)]
        if not found:
            raise K8sError(f"{stream.source}: no workload named {name!r} (workloads: {labels})")
    if len(found) > 1:
        choices = ", ".join(t.label for t in found)
        raise K8sError(f"{stream.source} holds several workloads ({choices}); choose one with --name NAME or --name KIND/NAME")
    return found[0]


def edit_manifest(source: str, name: Optional[str], operation: Callable[[Target], None], text: Optional[str] = None) -> str:
    """The stream of SOURCE with OPERATION applied to its workload, checked against the object model."""
    stream = load_stream(source, text)
    target = select(stream, name)
    check(to_plain(target.doc.data), target.kind, target.label)  # the operations rely on a sound pod spec
    operation(target)
    check(to_plain(target.doc.data), target.kind, target.label)
    return stream.text()


def fresh(value: Any, flow: bool = False) -> Any:
    """Plain data as round-trip nodes (block style unless FLOW), ready to insert into a document."""
    if isinstance(value, (CommentedMap, CommentedSeq)):
        return value  # already a node, with its own style
    if isinstance(value, dict):
        node = CommentedMap((k, fresh(v, flow)) for k, v in value.items())
    elif isinstance(value, list):
        node = CommentedSeq(fresh(v, flow) for v in value)
    else:
        return value
    node.fa.set_flow_style() if flow else node.fa.set_block_style()
    return node


def command(words: List[str]) -> Any:
    """A command as a one-line flow list of double-quoted words: ["sh", "-c", "..."]."""
    return fresh([DoubleQuotedScalarString(w) for w in words], flow=True)


def insert_after(mapping: Any, anchor: str, key: str, value: Any, before: bool = False) -> None:
    """Set KEY right after (or BEFORE) ANCHOR when KEY is new; an existing KEY keeps its place."""
    if key in mapping or anchor not in mapping:
        mapping[key] = value
    else:
        mapping.insert(list(mapping).index(anchor) + (0 if before else 1), key, value)


def insert_before(mapping: Any, anchor: str, key: str, value: Any) -> None:
    insert_after(mapping, anchor, key, value, before=True)
