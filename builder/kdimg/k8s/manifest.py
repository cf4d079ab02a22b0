"""Read a YAML stream into documents, edit them as round-trip data, and write it back.

A stream is split into documents at its `---` lines. Each document is parsed on its own with
ruamel.yaml (round trip: comments, key order, quoting and flow style survive) and dumped with the
indentation detected in its own text. Documents that are not changed are written back verbatim,
and a changed one keeps the original text of every line the change did not touch (textmerge).
"""
from __future__ import annotations

import io
import re
import sys
from collections import Counter
from typing import Any, Callable, List, Optional

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kdimg.k8s.errors import K8sError
from kdimg.k8s.textmerge import carry_over
from kdimg.yamlfile import read_text_file

_MARKER = re.compile(r"^---(?=[ \t\r\n]|$)")
_MARKER_ONLY = re.compile(r"^---[ \t]*(#.*)?\r?\n?$")
_KEY_LINE = re.compile(r"^( *)(?:- +)?[^#\s][^#]*:[ \t]*(#.*)?$")


def read_source(source: str) -> str:
    """The text of FILE, or of stdin for `-`."""
    if source != "-":
        return read_text_file(source, K8sError, expected="a YAML manifest", newline="")
    try:
        stdin = getattr(sys.stdin, "buffer", None)  # bytes: keep \r\n line ends as they are
        return stdin.read().decode("utf-8") if stdin is not None else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise K8sError(f"-: cannot read stdin: {exc}") from None


def detect_indent(text: str):
    """(mapping indent, sequence indent, dash offset) most used in TEXT; kubectl's 2/2/0 by default."""
    mapping: Counter = Counter()
    offsets: Counter = Counter()
    gaps: Counter = Counter()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for line, nxt in zip(lines, lines[1:]):
        m = _KEY_LINE.match(line)
        if not m:
            continue
        key_col = len(m.group(1))
        if line.lstrip().startswith("- "):
            key_col = len(line) - len(line.lstrip("- ").lstrip())
        nxt_col = len(nxt) - len(nxt.lstrip(" "))
        if nxt.lstrip().startswith("- "):
            if nxt_col >= key_col:
                offsets[nxt_col - key_col] += 1
                rest = nxt[nxt_col + 1 :]
                gaps[1 + len(rest) - len(rest.lstrip(" "))] += 1
        elif nxt_col > key_col:
            mapping[nxt_col - key_col] += 1
    indent = mapping.most_common(1)[0][0] if mapping else 2
    offset = offsets.most_common(1)[0][0] if offsets else 0
    gap = gaps.most_common(1)[0][0] if gaps else 2
    return indent, offset + max(gap, 2), offset


def new_yaml(text: str = "") -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    mapping, sequence, offset = detect_indent(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def to_plain(node: Any) -> Any:
    """Round-trip data as plain dicts, lists and scalars (ruamel's str/int subclasses unwrapped)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    for plain in (bool, int, float, str):
        if isinstance(node, plain):
            return plain(node)
    return node


def _yaml_problem(exc: YAMLError, first_line: int) -> str:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        problem = exc.problem or exc.context or "cannot parse"
        return f"invalid YAML at line {first_line + mark.line}, column {mark.column + 1}: {problem}"
    return f"invalid YAML near line {first_line}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"


class Document:
    """One document of a stream: its `---` line, its text, and its round-trip data."""

    def __init__(self, source: str, index: int, line: int, head: str, body: str):
        self.source, self.index, self.line, self.head = source, index, line, head
        self.where = f"{source}: document {index} (line {line})"
        self._set_body(body)

    def _set_body(self, body: str) -> None:
        self.body = body
        self.yaml = new_yaml(body)
        self.data = self.parse(body)

    def parse(self, text: str) -> Any:
        try:
            return self.yaml.load(text)
        except YAMLError as exc:
            raise K8sError(f"{self.source}: {_yaml_problem(exc, self.line + self.head.count(chr(10)))}") from None

    def edit(self, change: Callable[[Any], None]) -> None:
        """Apply CHANGE to the data and the resulting lines to the text; no-op edits change nothing."""
        baseline = dump(self.yaml, self.data)
        change(self.data)
        edited = dump(self.yaml, self.data)
        if edited == baseline:
            return
        body = self.body if self.body.endswith("\n") else self.body + "\n"
        merged = "".join(carry_over(body.splitlines(True), baseline.splitlines(True), edited.splitlines(True)))
        if not self._holds(merged, self.data):
            merged = edited  # the original's own layout could not carry the change: use ruamel's
        if not self.body.endswith("\n"):
            merged = merged[:-1]
        self.replace_body(merged)

    def _holds(self, text: str, data: Any) -> bool:
        try:
            return to_plain(self.yaml.load(text)) == to_plain(data)
        except YAMLError:
            return False

    def render(self, value: Any) -> str:
        """VALUE as YAML text in this document's indentation."""
        return dump(self.yaml, value)

    def replace_body(self, body: str) -> None:
        if body != self.body:
            self._set_body(body)

    def text(self) -> str:
        return self.head + self.body


class Stream:
    """A YAML stream split into documents; written back with unchanged documents verbatim."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.crlf = "\r\n" in text
        if self.crlf:
            text = text.replace("\r\n", "\n")
        self.bom = text.startswith("\ufeff")
        if self.bom:
            text = text[1:]
        self.documents: List[Document] = []
        for index, (line, chunk) in enumerate(_split(text), start=1):
            first = chunk.split("\n", 1)[0]
            cut = min(len(first) + 1, len(chunk)) if _MARKER_ONLY.match(first) else 0
            self.documents.append(Document(source, index, line, chunk[:cut], chunk[cut:]))

    def objects(self):
        """(document, object) for every non-empty document; an error for documents that are no object."""
        for doc in self.documents:
            if doc.data is None:
                continue
            if not isinstance(doc.data, dict):
                what = "a list" if isinstance(doc.data, list) else f"a {type(doc.data).__name__} scalar"
                raise K8sError(f"{doc.where} is {what}, not a Kubernetes object")
            yield doc, doc.data

    def text(self) -> str:
        text = "".join(doc.text() for doc in self.documents)
        if self.bom:
            text = "\ufeff" + text
        return text.replace("\n", "\r\n") if self.crlf else text


def _split(text: str):
    """(first line number, text) of each document: a new one starts at every `---` line."""
    chunks: List[List[str]] = [[]]
    starts = [1]
    for number, line in enumerate(text.splitlines(True), start=1):
        if _MARKER.match(line) and chunks[-1]:
            chunks.append([])
            starts.append(number)
        chunks[-1].append(line)
    return [(start, "".join(lines)) for start, lines in zip(starts, chunks) if lines or start == 1]


def load_stream(source: str, text: Optional[str] = None) -> Stream:
    name = "<stdin>" if source == "-" else source
    return Stream(read_source(source) if text is None else text, name)
