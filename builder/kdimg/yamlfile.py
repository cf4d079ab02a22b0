"""Read a YAML definition file into plain data, with one-line errors."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Type

import yaml

from kdimg.errors import DefinitionError


def load_yaml(path: Path, error_type: Type[DefinitionError] = DefinitionError) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_type(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error_type(f"{path}: is a directory, expected a YAML file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error_type(f"{path}: cannot read: {exc}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error_type(f"{path}: invalid YAML{where}: {problem}") from None
