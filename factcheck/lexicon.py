"""Load the domain data files under ``factcheck/data`` and check them against their schemas.

``load("units")`` reads ``data/units.json``, validates it with
``schemas/units.schema.json`` and caches the result. Users extend a lexicon by
editing its data file; nothing domain-specific is kept as a list in code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema

from .errors import LexiconError


def _read_json(package: str, name: str):
    ref = resources.files(package).joinpath(name)
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{package.replace('.', '/')}/{name}: file not found") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(
            f"{package.replace('.', '/')}/{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The JSON Schema ``factcheck/schemas/<name>.schema.json``."""
    return _read_json("factcheck.schemas", f"{name}.schema.json")


def json_path(error: jsonschema.ValidationError) -> str:
    """Render a validation error's location like ``claims[12].value``.

    >>> json_path(jsonschema.ValidationError("x", path=["claims", 12, "value"]))
    'claims[12].value'
    """
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validation_errors(document, schema_name: str) -> list[str]:
    """Every schema violation of ``document`` as ``path: message``, sorted by path."""
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [f"{json_path(e)}: {e.message}" for e in errors]


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The lexicon ``factcheck/data/<name>.json``, validated against its schema."""
    data = _read_json("factcheck.data", f"{name}.json")
    problems = validation_errors(data, name)
    if problems:
        raise LexiconError(f"factcheck/data/{name}.json: {problems[0]}")
    return data
