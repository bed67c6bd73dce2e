"""Reviewed claim sets: ``factcheck extract``, editing ``claims.json``, ``validate`` and ``diff``.

Every test works on a copy of a real story in a temporary folder, so the bundled
``claims/`` stays as reviewed. The edits made here are real extractor mistakes an
editor corrected in the flagship's reviewed claim set (AInvest's sector-wide value per
megawatt given to Cipher; the news brief's "two US bitcoin miners" read as a count).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from factcheck import claimset
from factcheck.cli import cli
from factcheck.pipeline import analyse

from corpus import CORPUS, FLAGSHIP, STORIES, needs_flagship

pytestmark = needs_flagship
BUNDLED = sorted(p.name for p in FLAGSHIP.parent.iterdir() if (p / "sources").is_dir())


def copy_story(source: Path, target: Path) -> Path:
    """A story's articles and annotations (not its claims.json) copied to ``target``."""
    shutil.copytree(source / "sources", target / "sources")
    for name in ("expected.json",):
        if (source / name).is_file():
            shutil.copy(source / name, target / name)
    if (source / "drafts").is_dir():
        shutil.copytree(source / "drafts", target / "drafts")
    return target


@pytest.fixture
def story(tmp_path) -> Path:
    """A copy of the flagship story without its claims.json."""
    return copy_story(FLAGSHIP, tmp_path / "jpm-miners-2025-11")


def invoke(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def run_json(runner, folder: Path, *options) -> dict:
    result = invoke(runner, "run", folder, "--format", "json", "-o", "-", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def read_set(folder: Path) -> dict:
    return json.loads((folder / "claims.json").read_text(encoding="utf-8"))


def write_set(folder: Path, doc: dict) -> None:
    (folder / "claims.json").write_text(claimset.render(doc), encoding="utf-8")


def find_claim(doc: dict, source: str, value_text: str, measure: str | None = None) -> dict:
    [claim] = [c for c in doc["claims"] if c["source"] == source and c["value_text"] == value_text
               and (measure is None or c["measure"] == measure)]
    return claim


# --------------------------------------------------------------------------- round trip


def _story_paths():
    rows = [pytest.param(FLAGSHIP.parent / name, id=name) for name in BUNDLED]
    rows += [pytest.param(CORPUS / name, id=f"corpus/{name}") for name in STORIES if name not in BUNDLED]
    return rows


@pytest.mark.parametrize("source", _story_paths())
def test_extract_then_run_gives_what_run_alone_gives(runner, tmp_path, source):
    folder = copy_story(source, tmp_path / source.name)
    alone = run_json(runner, folder)
    result = invoke(runner, "extract", folder)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"wrote {folder / 'claims.json'} (")
    with_set = run_json(runner, folder)
    assert with_set == alone
    assert json.loads(json.dumps(read_set(folder)["findings"])) == [
        {k: f[k] for k in ("id", "kind", "subject", "measure", "unit", "explanation")}
        | {"values": [{"label": v["label"], "sources": v["sources"], "claims": v["claims"]} for v in f["values"]]}
        for f in alone["findings"]
    ]


def test_claim_records_round_trip_every_extracted_claim(story):
    analysis = analyse([story], claims="fresh")
    for claim in analysis.claims:
        if claim.measure.startswith("implied"):
            continue
        record = json.loads(json.dumps(claimset.claim_record(claim)))
        assert claimset.claim_from_record(record) == claim


def test_the_claim_set_is_laid_out_for_people(runner, story):
    invoke(runner, "extract", story)
    text = (story / "claims.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    first = doc["claims"][0]
    assert f'      "quote": {json.dumps(first["quote"], ensure_ascii=False)},' in text.splitlines()
    assert '      "span": [' in text and text.endswith("}\n")
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in sorted(
        doc["claims"], key=lambda c: (c["source"], c["value_span"], c["measure"], c["subject"]))]
    assert all(c["status"] == "extracted" for c in doc["claims"])
    assert {s["id"]: s["file"] for s in doc["sources"]} == {p.stem: f"sources/{p.name}" for p in (story / "sources").iterdir()}


def test_ids_are_the_offset_of_the_value_so_they_survive_changes_elsewhere(runner, story):
    invoke(runner, "extract", story)
    before = {c["id"]: c for c in read_set(story)["claims"]}
    article = story / "sources" / "coindesk.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe bank also set a $99 price target on Acme Corp.\n",
                       encoding="utf-8")
    after = {c.id for c in analyse([story], claims="fresh").claims}
    assert set(before) <= after
    for ident, claim in before.items():
        source_text = (story / "sources" / f"{claim['source']}.txt").read_text(encoding="utf-8")
        assert ident.startswith(f"{claim['source']}@{claim['value_span'][0]}")
        assert source_text[slice(*claim["value_span"])] == claim["value_text"]


# --------------------------------------------------------------------------- editing


def _edit_and_reject(folder: Path) -> None:
    doc = read_set(folder)
    wrong = find_claim(doc, "ainvest", "$8 million to $17 million per megawatt")
    wrong.update(status="edited", correction={"subject": "miners"}, note="a sector-wide valuation, not Cipher's")
    count = find_claim(doc, "newsbrief", "two US bitcoin miners")
    count.update(status="rejected", note="counts the two upgrades, which are claims already")
    write_set(folder, doc)


def test_an_edit_and_a_rejection_change_the_report(runner, story):
    invoke(runner, "extract", story)
    before = run_json(runner, story)
    _edit_and_reject(story)
    after = run_json(runner, story)

    def single(doc):
        return {(f["subject"], f["measure"], c) for f in doc["findings"] if f["kind"] == "single_source" for c in f["claims"]}

    assert ("CIFR", "value_per_mw", "ainvest@2193") in single(before)
    assert not [row for row in single(after) if row[2] == "ainvest@2193"]
    assert ("CIFR+CLSK", "count", "newsbrief@192") in single(before)
    assert not [row for row in single(after) if row[:2] == ("CIFR+CLSK", "count")]
    [miners] = [f for f in after["findings"] if (f["subject"], f["measure"], f["kind"]) == ("miners", "value_per_mw", "agreement")]
    assert "ainvest" in miners["values"][0]["sources"]
    assert len(after["claims"]) == len(before["claims"]) - 1
    report = invoke(runner, "run", story, "-o", "-").stdout
    assert "| CIFR+CLSK | count" not in report


def test_extract_refuses_to_overwrite_a_reviewed_set(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    reviewed = (story / "claims.json").read_bytes()
    result = invoke(runner, "extract", story)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {story / 'claims.json'}: already exists and may hold an editor's review; `factcheck extract --dry-run` "
        "shows what would change, --force rewrites it keeping edited, rejected and added claims\n"
    )
    assert (story / "claims.json").read_bytes() == reviewed


def test_dry_run_shows_the_changes_and_writes_nothing(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    reviewed = (story / "claims.json").read_bytes()
    result = invoke(runner, "extract", story, "--dry-run")
    assert result.exit_code == 0
    assert "Claims: 0 added, 0 removed, 0 changed" in result.stdout
    assert "CIFR value_per_mw" in result.stdout  # the recorded findings predate the edit
    assert (story / "claims.json").read_bytes() == reviewed


def test_force_keeps_the_editors_decisions(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    edited = {c["id"]: c for c in read_set(story)["claims"] if c["status"] != "extracted"}
    result = invoke(runner, "extract", story, "--force")
    assert result.exit_code == 0
    assert "2 reviewed by an editor" in result.stderr
    kept = {c["id"]: c for c in read_set(story)["claims"] if c["status"] != "extracted"}
    assert kept == edited
    findings = read_set(story)["findings"]
    assert not [f for f in findings if (f["subject"], f["measure"]) == ("CIFR+CLSK", "count")]


def test_a_correction_the_extractor_now_makes_is_promoted_back_to_extracted():
    claim = claimset.claim_from_record(
        {"id": "a@5", "source": "a", "subject": "ACME", "measure": "capacity", "value": 410, "unit": "MW",
         "quote": "Acme has 410 MW.", "span": [0, 16]})
    stored = [claimset.Reviewed(claim, "edited", {"value": 410}, "was read as 41"),
              claimset.Reviewed(claimset.claim_from_record({**claimset.claim_record(claim), "id": "a@9"}), "added", {}, "missed")]
    merged = claimset.merge(stored, [claim])
    assert [(r.claim.id, r.status, r.correction, r.note) for r in merged] == [
        ("a@5", "extracted", {}, "was read as 41"), ("a@9", "added", {}, "missed")]


def test_run_warns_when_an_article_changed_since_extraction(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    article = story / "sources" / "newsbrief.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nShares were little changed.\n", encoding="utf-8")
    result = invoke(runner, "run", story, "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert (f"warning: {story / 'claims.json'}: sources/newsbrief.txt changed since its claims were written; its claims "
            "were extracted again with the editor's decisions carried over") in result.stderr
    doc = json.loads(result.stdout)
    assert not [c for c in doc["claims"] if c["source"] == "newsbrief" and c["measure"] == "count"]


def test_fresh_ignores_the_claim_set(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    assert run_json(runner, story, "--fresh") != run_json(runner, story)
    (story / "claims.json").unlink()
    fresh = run_json(runner, story)
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    assert run_json(runner, story, "--fresh") == fresh


def test_review_uses_the_claim_set(runner, story):
    invoke(runner, "extract", story)
    doc = read_set(story)
    for claim in doc["claims"]:
        if (claim["subject"], claim["measure"]) == ("CIFR", "price_target"):
            claim.update(status="rejected", note="every CIFR target rejected, to see review follow the set")
    write_set(story, doc)
    draft = story / "drafts" / "planted-errors.md"

    def targets(*options):
        doc = json.loads(invoke(runner, "review", draft, "--against", story, "--format", "json", *options).stdout)
        return {c["status"] for c in doc["claims"] if (c["subject"], c["measure"]) == ("CIFR", "price_target")}

    assert targets("--fresh") == {"contradicted"}
    assert targets() == {"unsupported"}


def test_a_broken_claim_set_stops_run_with_one_line(runner, story):
    invoke(runner, "extract", story)
    doc = read_set(story)
    doc["claims"][3]["hedge"] = "roughly"
    doc["claims"][5]["value"] = [1]
    write_set(story, doc)
    result = invoke(runner, "run", story)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {story / 'claims.json'}: claims[3].hedge: 'roughly' is not one of ['exact', 'about', 'more_than', "
        f"'less_than', 'up_to', 'range'] (and 1 more; `factcheck validate {story / 'claims.json'}` lists them)\n"
    )


# --------------------------------------------------------------------------- diff


def test_diff_right_after_extract_shows_nothing(runner, story):
    invoke(runner, "extract", story)
    result = invoke(runner, "diff", story, "--format", "text")
    assert result.exit_code == 0
    assert "Findings: 0 added, 0 removed, 0 changed" in result.stdout
    assert "Claims: 0 added, 0 removed, 0 changed" in result.stdout
    assert result.stdout.rstrip().endswith("No finding changed.")
    assert "- disagreements detected: 8/8\n" in result.stdout


def test_diff_after_a_rule_change_shows_the_changed_findings(runner, story, monkeypatch):
    invoke(runner, "extract", story)
    import factcheck.rules

    monkeypatch.setattr(factcheck.rules, "_ABOUT", 0.5)  # "about" now stretches a value by half
    result = invoke(runner, "diff", story)
    assert result.exit_code == 1
    rows = [line for line in result.stdout.splitlines() if line.startswith("| changed  | CIFR capacity (MW)")]
    assert len(rows) == 1
    before, after = [cell.strip() for cell in rows[0].split(" | ")[3:5]]
    assert before.startswith("conflict: 410 MW (marketdash, theblock); about 600 MW (coindesk)")
    assert "conflict" not in after and "agreement: about 600 MW (coindesk, marketdash, theblock)" in after
    assert "- disagreements detected: 8/8 → 6/8 (changed)" in result.stdout
    assert "### Claims: 0 added, 0 removed, 0 changed" in result.stdout
    assert result.stdout.rstrip().endswith("Findings changed.")


def test_diff_shows_an_edit_before_it_is_recorded(runner, story):
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    result = invoke(runner, "diff", story, "--format", "text")
    assert result.exit_code == 1
    removed = [line.split() for line in result.stdout.splitlines() if line.startswith("removed")]
    assert ["removed", "CIFR+CLSK", "count", "(miners)", "single_source"] in [r[:5] for r in removed]


def test_diff_against_a_report_file(runner, story, tmp_path):
    report = tmp_path / "before.json"
    invoke(runner, "run", story, "--format", "json", "-o", report)
    invoke(runner, "extract", story)
    _edit_and_reject(story)
    result = invoke(runner, "diff", story, "--against", report, "--format", "text")
    assert result.exit_code == 1
    assert f"Baseline: {report} (165 claims" in result.stdout
    assert "removed   newsbrief@192" in result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_against_a_git_revision(runner, story):
    git = ["git", "-C", str(story), "-c", "user.name=t", "-c", "user.email=t@t"]
    invoke(runner, "extract", story)
    subprocess.run(["git", "init", "-q", str(story)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "reviewed"], check=True)
    _edit_and_reject(story)
    result = invoke(runner, "diff", story, "--against", "HEAD", "--format", "text")
    assert result.exit_code == 1
    assert "Baseline: claims.json at HEAD" in result.stdout
    bad = invoke(runner, "diff", story, "--against", "no-such-rev")
    assert bad.exit_code == 2
    assert bad.output.startswith("Error: --against no-such-rev: not a file, and git cannot show the claim set at that revision (")


def test_diff_needs_a_baseline(runner, story):
    result = invoke(runner, "diff", story)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {story / 'claims.json'}: no claim set to compare with; run `factcheck extract {story}` first, "
        "or pass --against FILE or a git revision\n"
    )


def test_extract_is_deterministic(runner, story):
    invoke(runner, "extract", story)
    first = (story / "claims.json").read_bytes()
    invoke(runner, "extract", story, "--force")
    assert (story / "claims.json").read_bytes() == first


def test_force_does_not_overwrite_a_claim_set_it_cannot_read(runner, story):
    (story / "claims.json").write_text('{"story": "x", "claims": [', encoding="utf-8")
    broken = (story / "claims.json").read_bytes()
    result = invoke(runner, "extract", story, "--force")
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {story / 'claims.json'}: not valid JSON (line 1, column 27:")
    assert (story / "claims.json").read_bytes() == broken
