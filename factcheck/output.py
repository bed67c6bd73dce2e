"""Decide where reports go and write them so a reader never sees half a file.

``plan_runs`` turns the ``factcheck run`` arguments into (story, paths, destination)
jobs; ``write_output`` writes one report to a file (atomically) or to stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from typing import NamedTuple

from .errors import OutputError, StoryError
from .load import story_folder

EXTENSIONS = {"md": "md", "json": "json"}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and ``os.replace``.

    Missing parent folders are created. On any failure the temporary file is removed and an
    existing file at ``path`` is left as it was; ``OSError`` becomes ``OutputError``.
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise OutputError(f"{path}: is a folder; give a file name for the report")
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write there ({exc.strerror or exc})") from None
        raise


def write_output(text: str, out: str) -> None:
    """Write ``text`` to the file ``out``, or to standard output when ``out`` is ``-``."""
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(out, text)


class Run(NamedTuple):
    """One story to check: its name, the paths handed to the pipeline, where the report goes."""

    story: str
    paths: list[str]
    out: str


def story_name(paths: list[str]) -> str:
    """The story a folder or a set of article files belongs to (a ``sources`` folder names its parent).

    >>> story_name(["claims/acme-deal/sources/wire.txt"])
    'acme-deal'
    >>> story_name(["tmp/mystory/a.txt", "tmp/mystory/b.txt"])
    'mystory'
    """
    return story_folder(paths).name or "story"


def find_stories(root: str) -> list[str]:
    """The story folders under ``root``, sorted: sub-folders holding ``sources/`` or ``.txt`` articles."""
    if not os.path.isdir(root):
        raise StoryError(f"{root}/: no such folder; pass a story folder or article files")
    stories = []
    for name in sorted(os.listdir(root)):
        folder = os.path.join(root, name)
        if name.startswith((".", "_")) or not os.path.isdir(folder):
            continue
        if os.path.isdir(os.path.join(folder, "sources")) or any(f.endswith(".txt") for f in os.listdir(folder)):
            stories.append(folder)
    if not stories:
        raise StoryError(f"{root}/: no story folders found; pass a story folder or article files")
    return stories


def plan_runs(paths, fmt: str, out: str | None, claims_dir: str = "claims", reports_dir: str = "reports") -> list[Run]:
    """The runs ``factcheck run PATH... --format FMT --out OUT`` asks for.

    No path: every story under ``claims_dir``. Paths: one story folder, or article files of one
    story. Reports go to ``reports_dir/<story>.<ext>`` unless ``out`` names a file or ``-``.
    """
    paths = [os.fspath(p) for p in paths]
    for p in paths:
        if not os.path.exists(p):
            raise StoryError(f"{p}: no such file or directory")
    if not paths:
        groups = [[folder] for folder in find_stories(claims_dir)]
    else:
        folders = [p for p in paths if os.path.isdir(p)]
        if folders and len(paths) > 1:
            raise StoryError(
                f"{folders[0]}: a story folder must be given alone; pass one story folder or the article files of one story"
            )
        groups = [paths]
    if out is not None and len(groups) > 1:
        raise StoryError(f"--out {out}: {len(groups)} stories found under {claims_dir}/; --out takes one story")
    ext = EXTENSIONS[fmt]
    return [
        Run(story_name(group), group, out if out is not None else os.path.join(reports_dir, f"{story_name(group)}.{ext}"))
        for group in groups
    ]
