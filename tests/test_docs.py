"""The README shows real output: its worked example must still be what factcheck prints."""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.pipeline import run_story
from factcheck.report import render_markdown

REPO = Path(__file__).resolve().parents[1]


def test_readme_quick_start_is_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert commands == ["pip install . && factcheck run", "pip install '.[test]' && python -m pytest"]


def test_readme_worked_example_matches_the_real_report():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Worked example", 1)[1]
    report = render_markdown(run_story([str(REPO / "claims" / "jpm-miners-2025-11")]))
    paragraphs = [p for p in example.split("\n\n") if p.startswith(("Sources disagree", "CIFR share price"))]
    assert len(paragraphs) == 2
    for p in paragraphs:
        assert p in report
    rows = [line for line in example.splitlines() if line.startswith("| CoinDesk ") or line.startswith("| MarketDash ")]
    assert rows and all(r in report for r in rows)
    assert re.search(r"jpm-miners-2025-11\s+117/117 = 1\.00\s+8/8\s+8/8\s+0\s+0", example)
