"""Check the files people edit: claim sets, annotations and lexicons, and the reports factcheck writes.

Each file is checked against the JSON Schema of its kind, then against the text it
points at: a claim set's quotes and spans must be its sources' text, its articles must
still have the recorded digest, an annotation's quotes must be in the articles it names,
and a draft annotation's figures must be on their lines. Every problem is reported as
``FILE: JSON.PATH: what is wrong``; nothing stops at the first one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import claimset, lexicon
from .errors import FactcheckError, SourceError
from .load import load_source

@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where in it (a JSON path, or empty for the whole file) and what."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}" if self.where else f"{self.file}: {self.message}"


def lexicon_names() -> set[str]:
    """The names of the lexicon data files shipped in ``factcheck/data`` (``measures``, ``units``, ...)."""
    return {Path(f.name).stem for f in resources.files("factcheck.data").iterdir() if f.name.endswith(".json")}


def kind_of(path: str, data) -> str | None:
    """What a JSON file is, from its name and then its keys; None when it is none of factcheck's files.

    >>> kind_of("claims/x/claims.json", {}), kind_of("a/b.review.json", {}), kind_of("my/units.json", {})
    ('claims', 'draft-review', 'units')
    >>> kind_of("out.json", {"draft": "d.md", "summary": {}, "claims": []}), kind_of("notes.json", [])
    ('review-report', None)
    """
    name = os.path.basename(path)
    if name == claimset.FILE_NAME:
        return "claims"
    if name == "expected.json":
        return "expected"
    if name.endswith(".review.json"):
        return "draft-review"
    if name[: -len(".json")] in lexicon_names():
        return name[: -len(".json")]
    if not isinstance(data, dict):
        return None
    if "expect" in data and "draft" in data:
        return "draft-review"
    if "facts" in data and "disagreements" in data:
        return "expected"
    if "draft" in data and "summary" in data:
        return "review-report"
    if "claims" in data and "findings" in data:
        return "claims" if claimset.is_claim_set(data) else "report"
    return None


def _read(path: str) -> tuple[object, Problem | None]:
    try:
        return lexicon.read_json(path, FactcheckError), None
    except FactcheckError as exc:
        message = str(exc)
        return None, Problem(path, "", message[len(path) + 2 :] if message.startswith(f"{path}: ") else message)


def validate_file(path: str) -> list[Problem]:
    """Every problem with one file factcheck knows (see ``kind_of``)."""
    return _check(path, strict=True)[1]


def _check(path: str, strict: bool) -> tuple[bool, list[Problem]]:
    """(whether the file was checked, its problems); with ``strict`` False a JSON file of no known kind is skipped."""
    data, problem = _read(path)
    if problem:
        return strict or kind_of(path, None) is not None, [problem] if strict or kind_of(path, None) else []
    kind = kind_of(path, data)
    if kind is None:
        if not strict:
            return False, []
        return True, [Problem(path, "", "not a file factcheck knows: expected claims.json, expected.json, *.review.json, "
                                        "a lexicon (e.g. measures.json) or a factcheck JSON report")]
    problems = [Problem(path, *line.split(": ", 1)) for line in lexicon.validation_errors(data, kind)]
    if kind == "claims":
        problems += [Problem(path, *line.split(": ", 1)) for line in claimset.duplicate_ids(data)]
    checks = {"claims": _claim_set_text, "expected": _expected_text, "draft-review": _draft_text}
    if kind not in checks:
        return True, problems
    broken = {_item(p.where) for p in problems}
    if any(item is None for item in broken):  # the document's shape is wrong: its items cannot be read
        return True, problems
    return True, sorted(problems + checks[kind](path, data, broken), key=_order)


def _item(where: str) -> str | None:
    """The list item a JSON path is in ("claims[3].value" -> "claims[3]"), or None outside any item."""
    match = re.match(r"[A-Za-z_]+\[\d+\]", where)
    return match.group(0) if match else None


def _order(p: Problem) -> tuple:
    """Problems in document order: by section, then item number, then the rest of the path."""
    parts = re.split(r"\[(\d+)\]", p.where)
    return tuple((0, int(x), "") if i % 2 else (1, 0, x) for i, x in enumerate(parts)), p.message


def _source_text(path: str, file: str, where: str, cache: dict) -> tuple[str | None, Problem | None]:
    if file not in cache:
        try:
            cache[file] = (load_source(file).text, None)
        except SourceError as exc:
            cache[file] = (None, Problem(path, where, str(exc)))
    return cache[file]


def _span_problem(path: str, at: str, text: str, span, expected: str, what: str, file: str) -> Problem | None:
    """A ``what`` (quote, value_text) that is not in the source, or a span that does not point at it."""
    start, end = span
    if text[start:end] == expected:
        return None
    found = list(_occurrences(text, expected))
    if not found:
        return Problem(path, f"{at}.{what}", f"{_short(expected)!r} is not in {file}")
    near = min(found, key=lambda i: abs(i - start))
    off = f" (off by {start - near:+d})" if abs(start - near) == 1 else ""
    span_key = "span" if what == "quote" else "value_span"
    return Problem(path, f"{at}.{span_key}", f"[{start}, {end}] points at {text[start:end][:40]!r}, not the {what}; "
                                            f"the {what} is at [{near}, {near + len(expected)}]{off}")


def _occurrences(text: str, part: str):
    i = text.find(part)
    while i >= 0 and part:
        yield i
        i = text.find(part, i + 1)


def _claim_set_text(path: str, data: dict, broken: set[str]) -> list[Problem]:
    """Quotes and spans of a claim set against its sources, the sources' digests, and known measures."""
    folder = os.path.dirname(path)
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    files = {s["id"]: s["file"] for s in data["sources"] if isinstance(s, dict) and "id" in s and "file" in s}
    cache: dict = {}
    for i, source in enumerate(data["sources"]):
        if f"sources[{i}]" in broken:
            texts[source.get("id") if isinstance(source, dict) else None] = None
            continue
        text, problem = _source_text(path, os.path.join(folder, source["file"]), f"sources[{i}].file", cache)
        texts[source["id"]] = text
        if problem:
            problems.append(problem)
        elif claimset.digest(text) != source["sha256"]:
            problems.append(Problem(path, f"sources[{i}].sha256", f"{source['file']} changed since its claims were "
                                    "extracted; `factcheck diff` shows what a fresh extraction gives, "
                                    "`factcheck extract --force` records it"))
    measures = {m["name"] for m in lexicon.load("measures")["measures"]}
    for i, claim in enumerate(data["claims"]):
        at = f"claims[{i}]"
        if at in broken:
            continue
        for field_path, measure in ((f"{at}.measure", claim["measure"]),
                                    (f"{at}.correction.measure", claim.get("correction", {}).get("measure"))):
            if measure is not None and measure not in measures:
                problems.append(Problem(path, field_path, f"{measure!r} is not a measure of factcheck/data/measures.json"))
        if claim["source"] not in texts:
            problems.append(Problem(path, f"{at}.source", f"{claim['source']!r} is not listed in sources"))
            continue
        text = texts[claim["source"]]
        if text is None:
            continue
        file = files[claim["source"]]
        problem = _span_problem(path, at, text, claim["span"], claim["quote"], "quote", file)
        if problem:
            problems.append(problem)
        value_span = claim.get("value_span")
        if value_span:
            problem = _span_problem(path, at, text, value_span, claim.get("value_text", ""), "value_text", file)
            if problem:
                problems.append(problem)
            elif not (claim["span"][0] <= value_span[0] and value_span[1] <= claim["span"][1]):
                problems.append(Problem(path, f"{at}.value_span", f"{value_span} is outside the quote's span {claim['span']}"))
    return problems


def _story_source(path: str, source: str) -> str:
    folder = os.path.dirname(path)
    sources = os.path.join(folder, "sources")
    return os.path.join(sources if os.path.isdir(sources) else folder, f"{source}.txt")


def _expected_text(path: str, data: dict, broken: set[str]) -> list[Problem]:
    """Every annotated quote is in the article it is attributed to."""
    problems: list[Problem] = []
    cache: dict = {}
    for section, key in (("facts", "quote"), ("disagreements", "quotes")):
        for i, item in enumerate(data.get(section, [])):
            quotes = item.get(key)
            if f"{section}[{i}]" in broken or not isinstance(quotes, dict):
                continue
            for source, quote in sorted(quotes.items()):
                where = f"{section}[{i}].{key}.{source}"
                text, problem = _source_text(path, _story_source(path, source), where, cache)
                if problem:
                    problems.append(problem)
                elif quote not in text:
                    problems.append(Problem(path, where, f"{_short(quote)!r} is not in {os.path.basename(_story_source(path, source))}"))
    return problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _draft_text(path: str, data: dict, broken: set[str]) -> list[Problem]:
    """The annotated draft exists and each expected figure's text is on its line."""
    draft = os.path.join(os.path.dirname(path), data["draft"])
    try:
        lines = Path(draft).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path, "draft", f"cannot read {data['draft']!r} beside the annotation ({getattr(exc, 'strerror', None) or exc})")]
    problems = []
    for i, item in enumerate(data["expect"]):
        if f"expect[{i}]" in broken:
            continue
        line = item["line"]
        if line > len(lines):
            problems.append(Problem(path, f"expect[{i}].line", f"{line} is past the end of {data['draft']} ({len(lines)} lines)"))
        elif item["text"] not in lines[line - 1]:
            problems.append(Problem(path, f"expect[{i}].text", f"{_short(item['text'])!r} is not on line {line} of {data['draft']}"))
    return problems


def json_files(folder: str) -> list[str]:
    """The JSON files under a folder, sorted, skipping hidden folders."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [os.path.join(root, f) for f in sorted(files) if f.endswith(".json")]
    return out


def validate_paths(paths: list[str]) -> tuple[int, list[Problem]]:
    """How many files were checked, and every problem found, in file order.

    A file named directly must be one factcheck knows; in a folder, other JSON files are skipped.
    """
    checked, problems = 0, []
    for path in paths:
        for file in json_files(path) if os.path.isdir(path) else [path]:
            known, found = _check(file, strict=not os.path.isdir(path))
            checked += known
            problems += found
    return checked, problems


def default_paths() -> list[str]:
    """What ``factcheck validate`` checks with no argument: ./claims/ and the packaged lexicons."""
    data = resources.files("factcheck.data")
    lexicons = sorted(str(data.joinpath(f"{name}.json")) for name in lexicon_names())
    return (["claims"] if os.path.isdir("claims") else []) + lexicons

