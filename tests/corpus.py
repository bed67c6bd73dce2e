"""Where the tests find annotated stories: the flagship bundled in claims/, and the
third-party stories of ../shared/corpus/ (or $FACTCHECK_CORPUS), which stay out of the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "claims" / "jpm-miners-2025-11"
CORPUS = next(
    (p for p in (Path(os.environ.get("FACTCHECK_CORPUS", "/nonexistent")), REPO.parent / "shared" / "corpus") if p.is_dir()),
    None,
)
STORIES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file()) if CORPUS else []
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not beside the repository")
needs_flagship = pytest.mark.skipif(not FLAGSHIP.is_dir(), reason="claims/jpm-miners-2025-11 is missing")
