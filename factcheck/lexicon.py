"""Load the domain data files under ``factcheck/data`` and check them against their schemas.

``load("units")`` reads ``data/units.json``, validates it with
``schemas/units.schema.json`` and caches the result. Nothing domain-specific is kept as
a list in code: users extend a lexicon by editing its data file, or by putting a file of
the same name in a folder named by ``$FACTCHECK_LEXICONS`` (several folders separated by
``os.pathsep``), which is merged over the packaged one (see ``overlay``).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources

import jsonschema

from .errors import LexiconError


def parse_json(text: str, where: str, error=LexiconError):
    """JSON text parsed; bad JSON raises ``error`` as ``WHERE: not valid JSON (line L, column C: why)``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None


def read_json(path: str, error=LexiconError, missing: str = "no such file"):
    """A JSON file's data; a missing file (``missing`` says what to do), non-UTF-8 text or bad JSON raises ``error``."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_json(text, path, error)


def _read_json(package: str, name: str):
    ref = resources.files(package).joinpath(name)
    where = f"{package.replace('.', '/')}/{name}"
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{where}: file not found") from None
    return parse_json(text, where)


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
    return [f"{json_path(e)}: {_message(e)}" for e in errors]


def _message(error: jsonschema.ValidationError) -> str:
    """The error's message; for a pattern the schema describes, that description instead of the regex."""
    described = error.validator == "pattern" and isinstance(error.schema, dict) and error.schema.get("description")
    return f"{error.instance!r} is not {described}" if described else error.message


ENV = "FACTCHECK_LEXICONS"


def overlay(base, extra):
    """``extra`` merged over ``base``: objects key by key, lists extended, other values replaced.

    Items of a list that have a ``name`` replace the base item of the same name.

    >>> overlay({"a": [1, 2], "b": {"x": 1}, "m": [{"name": "n", "v": 1}]},
    ...         {"a": [2, 3], "b": {"y": 2}, "m": [{"name": "n", "v": 2}, {"name": "o"}]})
    {'a': [1, 2, 3], 'b': {'x': 1, 'y': 2}, 'm': [{'name': 'n', 'v': 2}, {'name': 'o'}]}
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{k: overlay(base[k], v) if k in base else v for k, v in extra.items()}}
    if isinstance(base, list) and isinstance(extra, list):
        named = {item["name"]: item for item in extra if isinstance(item, dict) and "name" in item}
        out = [named.pop(item["name"]) if isinstance(item, dict) and item.get("name") in named else item for item in base]
        return out + [item for item in extra if item not in out and (not isinstance(item, dict) or "name" not in item
                                                                      or item["name"] in named)]
    return extra


def user_files(name: str) -> list[str]:
    """The user's lexicon files for ``name``, from the folders in ``$FACTCHECK_LEXICONS``, in order."""
    folders = [f for f in os.environ.get(ENV, "").split(os.pathsep) if f]
    return [path for f in folders if os.path.isfile(path := os.path.join(f, f"{name}.json"))]


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The lexicon ``factcheck/data/<name>.json`` with the user's files merged over it, validated against its schema."""
    data = _read_json("factcheck.data", f"{name}.json")
    where = f"factcheck/data/{name}.json"
    for path in user_files(name):
        try:
            with open(path, encoding="utf-8") as fh:
                extra = json.load(fh)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LexiconError(f"{path}: cannot read this lexicon ({exc})") from None
        data = overlay(data, extra)
        where = f"{path} (merged over factcheck/data/{name}.json)"
    problems = validation_errors(data, name)
    if problems:
        raise LexiconError(f"{where}: {problems[0]}")
    return data
