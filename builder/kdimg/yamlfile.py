"""Read text and YAML definition files, with one-line errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Type

import yaml

from kdimg.errors import DefinitionError, KdimgError


def read_text_file(path, error_type: Type[KdimgError], expected: str = "a YAML file", newline: Optional[str] = None) -> str:
    """The UTF-8 text of `path`, or `error_type` with a one-line reason."""
    try:
        with open(path, encoding="utf-8", newline=newline) as fh:
            return fh.read()
    except FileNotFoundError:
        raise error_type(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error_type(f"{path}: is a directory, expected {expected}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error_type(f"{path}: cannot read: {exc}") from None


def load_yaml(path: Path, error_type: Type[DefinitionError] = DefinitionError) -> Any:
    text = read_text_file(path, error_type)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error_type(f"{path}: invalid YAML{where}: {problem}") from None
