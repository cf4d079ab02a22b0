"""Validate loaded YAML definitions against JSON Schemas with one-line messages.

jsonschema finds the problem; this module words it for a person: the bad value,
where it is, and the valid choices.
"""
from __future__ import annotations

import difflib
from typing import Any, Iterable, Type

import jsonschema

from kdimg.errors import DefinitionError

PACKAGE_NAME = r"^[a-z0-9][a-z0-9+._-]{0,99}$"
NAME = r"^[a-z0-9][a-z0-9._-]{0,62}$"


def choices(valid: Iterable[str]) -> str:
    return ", ".join(sorted(valid))


def suggest(bad: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(bad, list(valid), n=1)
    return f"did you mean '{close[0]}'? " if close else ""


def unknown(what: str, bad: str, valid: Iterable[str], where: str) -> str:
    valid = list(valid)
    return f"unknown {what} '{bad}' in {where} ({suggest(bad, valid)}valid: {choices(valid)})"


def _location(path: Iterable[Any]) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else "top level"


def _message(error: jsonschema.ValidationError, where: str) -> str:
    loc = _location(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        key = extra[0] if extra else "?"
        scope = f"{where}" if loc == "top level" else f"{where} at {loc}"
        return unknown("key", str(key), allowed, scope)
    if error.validator == "enum":
        return unknown("value", str(error.instance), map(str, error.validator_value), f"{where} at {loc}")
    if error.validator == "pattern":
        return f"invalid value {error.instance!r} in {where} at {loc} (must match {error.validator_value})"
    if error.validator == "required":
        return f"{where}: {error.message} at {loc}"
    if error.validator == "type":
        return f"{where} at {loc}: expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    return f"{where} at {loc}: {error.message}"


def validate(instance: Any, schema: dict, where: str, error_type: Type[DefinitionError] = DefinitionError) -> None:
    """Raise `error_type` with a one-line message for the first problem found."""
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: (len(list(e.absolute_path)), list(map(str, e.absolute_path))))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        raise error_type(_message(best, where))
