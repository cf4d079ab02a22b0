"""Record what a command changed in an annotation on the object's metadata, and read it back.

The record lives on the object's own `metadata.annotations` (for a Pod that is the pod itself):
it describes the manifest edit, so it should not be copied into every pod of a Deployment, and
it stays readable with `kubectl get -o yaml`. Removing the last record also removes the
`annotations` mapping kdimg had to create.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ruamel.yaml.comments import CommentedMap

from kdimg.k8s import ANNOTATION_PREFIX
from kdimg.k8s.errors import K8sError


def key(name: str) -> str:
    return ANNOTATION_PREFIX + name


def get(obj: Any, name: str) -> Optional[str]:
    annotations = (obj.get("metadata") or {}).get("annotations") or {}
    value = annotations.get(key(name))
    return None if value is None else str(value)


def put(obj: Any, name: str, value: Any) -> None:
    metadata = obj["metadata"]
    annotations = metadata.get("annotations")
    if not isinstance(annotations, dict):
        annotations = metadata["annotations"] = CommentedMap()
    elif not annotations:
        annotations.fa.set_block_style()  # `annotations: {}` would otherwise grow into a flow mapping
    annotations[key(name)] = value


def drop(obj: Any, name: str) -> None:
    metadata = obj["metadata"]
    annotations = metadata.get("annotations") or {}
    annotations.pop(key(name), None)
    if not annotations and "annotations" in metadata:
        del metadata["annotations"]


def get_json(obj: Any, name: str, label: str) -> Optional[dict]:
    """A record written by put_json, or None; an error when someone broke it."""
    text = get(obj, name)
    if text is None:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        raise K8sError(f"{label}: annotation {key(name)} is not kdimg's JSON record; remove it by hand")
    return record


def put_json(obj: Any, name: str, record: dict) -> None:
    put(obj, name, json.dumps(record, separators=(", ", ": ")))
