"""``factcheck validate``: every problem in hand-edited files, with file and JSON path.

Each broken file is made from a real one (the flagship's claim set, annotation, draft
annotation and a packaged lexicon) by the edit a person could make by mistake; the
expected lines are written out by hand.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources

import pytest
from click.testing import CliRunner

from factcheck import claimset
from factcheck.cli import cli
from factcheck.validate import kind_of

from corpus import FLAGSHIP, REPO, needs_flagship

pytestmark = needs_flagship
ENUM = "['exact', 'about', 'more_than', 'less_than', 'up_to', 'range']"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """The flagship's reviewed files in a scratch folder (claims.json, expected.json, sources, drafts)."""
    root = tmp_path_factory.mktemp("pristine") / "story"
    shutil.copytree(FLAGSHIP, root)
    return root


@pytest.fixture
def story(pristine, tmp_path, monkeypatch):
    """A fresh copy of the flagship's files, with the current folder set beside it so paths read ``story/...``."""
    shutil.copytree(pristine, tmp_path / "story")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "story"


def edit_json(path, change):
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")


def validate(*paths):
    """``factcheck validate PATH...`` with paths relative to the current folder, as a user types them."""
    return CliRunner().invoke(cli, ["validate", *(os.path.relpath(p) for p in paths)], catch_exceptions=False)


def test_the_bundled_files_are_valid():
    result = CliRunner().invoke(cli, ["validate", str(REPO / "claims")])
    assert result.exit_code == 0, result.stdout
    assert result.stderr == "4 file(s) checked: no problems\n"


def test_packaged_lexicons_are_checked_by_default(story):
    result = validate()
    assert result.exit_code == 0
    lexicons = [f for f in resources.files("factcheck.data").iterdir() if f.name.endswith(".json")]
    assert result.stderr == f"{len(lexicons)} file(s) checked: no problems\n"


def test_bad_json_names_line_and_column(story):
    (story / "claims.json").write_text('{\n  "story": "x",\n}\n', encoding="utf-8")
    result = validate(story / "claims.json")
    assert result.exit_code == 1
    assert result.stdout == (
        "story/claims.json: not valid JSON (line 3, column 1: Expecting property name enclosed in double quotes)\n"
    )


def test_schema_violations_at_several_paths_are_all_reported(story):
    def break_it(doc):
        doc["claims"][0]["value"] = ["four"]
        doc["claims"][1]["hedge"] = "roughly"
        doc["claims"][2]["stauts"] = "extracted"
        doc["claims"][6]["status"] = "edited"
        doc["claims"][10]["correction"] = {"value": 19}
        doc["sources"][1]["sha256"] = "not-a-digest"

    edit_json(story / "claims.json", break_it)
    result = validate(story / "claims.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "story/claims.json: claims[0].value: ['four'] is not of type 'number', 'string'",
        f"story/claims.json: claims[1].hedge: 'roughly' is not one of {ENUM}",
        "story/claims.json: claims[2]: Additional properties are not allowed ('stauts' was unexpected)",
        "story/claims.json: claims[6]: 'correction' is a required property",
        "story/claims.json: claims[10].status: 'edited' was expected",
        "story/claims.json: sources[1].sha256: 'not-a-digest' does not match '^[0-9a-f]{64}$'",
    ]
    assert result.stderr == "6 problem(s) in 1 of 1 file(s)\n"


def test_quotes_and_spans_must_point_at_the_source(story):
    def break_it(doc):
        doc["claims"][4]["quote"] = "JPMorgan expects miners to add 900 MW."
        span = doc["claims"][5]["span"]
        doc["claims"][5]["span"] = [span[0] + 1, span[1] + 1]
        vspan = doc["claims"][6]["value_span"]
        doc["claims"][6]["value_span"] = [vspan[0] - 1, vspan[1] - 1]
        doc["claims"][7]["value_span"] = [0, 6]
        doc["claims"][7]["value_text"] = "outlet"
        doc["claims"][8]["source"] = "wire"

    edit_json(story / "claims.json", break_it)
    result = validate(story / "claims.json")
    assert result.exit_code == 1
    text = (story / "sources" / "ainvest.txt").read_text(encoding="utf-8")
    assert text[0:6] == "outlet"
    assert result.stdout.splitlines() == [
        "story/claims.json: claims[4].quote: 'JPMorgan expects miners to add 900 MW.' is not in sources/ainvest.txt",
        f"story/claims.json: claims[5].span: [711, 863] points at {text[711:751]!r}, not the quote; "
        "the quote is at [710, 862] (off by +1)",
        "story/claims.json: claims[6].value_span: [822, 825] points at ' 35', not the value_text; "
        "the value_text is at [823, 826] (off by -1)",
        "story/claims.json: claims[7].value_span: [0, 6] is outside the quote's span [863, 982]",
        "story/claims.json: claims[8].source: 'wire' is not listed in sources",
    ]


def test_ids_measures_and_changed_articles(story):
    def break_it(doc):
        doc["claims"][3]["id"] = doc["claims"][2]["id"]
        doc["claims"][10]["measure"] = "drawdwon"
        doc["claims"][11].update(status="edited", correction={"measure": "capactiy"})

    edit_json(story / "claims.json", break_it)
    article = story / "sources" / "theblock.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    result = validate(story / "claims.json")
    assert result.stdout.splitlines() == [
        "story/claims.json: claims[3].id: 'ainvest@235:CIFR' is used twice (also claims[2]); ids must be unique",
        "story/claims.json: claims[10].measure: 'drawdwon' is not a measure of factcheck/data/measures.json",
        "story/claims.json: claims[11].correction.measure: 'capactiy' is not a measure of factcheck/data/measures.json",
        "story/claims.json: sources[4].sha256: sources/theblock.txt changed since its claims were extracted; "
        "`factcheck diff` shows what a fresh extraction gives, `factcheck extract --force` records it",
    ]


def test_annotations_must_quote_their_articles(story):
    def break_it(doc):
        doc["facts"][1]["quote"]["coindesk"] = "raised its price target on the stock to $19 from $12"
        del doc["disagreements"][0]["category"]
        doc["disagreements"][1]["quotes"]["wire"] = "a quote from an article the story does not have"

    edit_json(story / "expected.json", break_it)
    result = validate(story / "expected.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "story/expected.json: disagreements[0]: 'category' is a required property",
        "story/expected.json: disagreements[1].quotes.wire: story/sources/wire.txt: no such file or directory",
        "story/expected.json: facts[1].quote.coindesk: 'raised its price target on the stock to $19 from $12' is not in coindesk.txt",
    ]


def test_draft_annotations_must_match_their_draft(story):
    def break_it(doc):
        doc["expect"][0]["text"] = "slashed"
        doc["expect"][1]["line"] = 400
        doc["expect"][2]["status"] = "wrong"

    edit_json(story / "drafts" / "newsletter.review.json", break_it)
    result = validate(story / "drafts")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("story/drafts/newsletter.review.json: expect[0].text: 'slashed' is not on line 3 of newsletter.md")
    assert lines[1] == "story/drafts/newsletter.review.json: expect[1].line: 400 is past the end of newsletter.md (11 lines)"
    assert lines[2].startswith("story/drafts/newsletter.review.json: expect[2].status: 'wrong' is not one of [")
    assert len(lines) == 3


def test_a_user_lexicon_is_checked_against_its_schema(story):
    units = story / "units.json"
    units.write_text(resources.files("factcheck.data").joinpath("units.json").read_text(encoding="utf-8"), encoding="utf-8")
    edit_json(units, lambda doc: doc.update(per_words=5))
    result = validate(units)
    assert result.exit_code == 1
    assert result.stdout == "story/units.json: per_words: 5 is not of type 'array'\n"


def test_files_it_cannot_read_or_does_not_know(story):
    (story / "notes.json").write_text('{"todo": []}', encoding="utf-8")
    (story / "latin.json").write_bytes('{"note": "caf\xe9"}'.encode("latin-1"))
    result = validate(story / "notes.json", story / "latin.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "story/notes.json: not a file factcheck knows: expected claims.json, expected.json, *.review.json, "
        "a lexicon (e.g. measures.json) or a factcheck JSON report",
        "story/latin.json: not UTF-8 text (invalid continuation byte at byte 13)",
    ]
    folder = validate(story)  # in a folder, JSON files of no known kind are skipped
    assert folder.exit_code == 0 and folder.stderr == "4 file(s) checked: no problems\n"


def test_every_file_is_checked_and_the_count_is_right(story):
    edit_json(story / "claims.json", lambda doc: doc["claims"][0].update(hedge="roughly"))
    edit_json(story / "expected.json", lambda doc: doc["facts"][0].pop("entity"))
    result = validate(story)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"story/claims.json: claims[0].hedge: 'roughly' is not one of {ENUM}",
        "story/expected.json: facts[0]: 'entity' is a required property",
    ]
    assert result.stderr == "2 problem(s) in 2 of 4 file(s)\n"


def test_a_run_report_is_checked_as_one(story, tmp_path):
    report = tmp_path / "report.json"
    CliRunner().invoke(cli, ["run", "story", "--format", "json", "-o", str(report)])
    assert kind_of(str(report), json.loads(report.read_text(encoding="utf-8"))) == "report"
    edit_json(report, lambda doc: doc["findings"][0].update(kind="disagreement"))
    result = validate(report)
    assert result.exit_code == 1
    assert result.stdout.startswith("report.json: findings[0].kind: 'disagreement' is not one of [")


def test_claimset_read_names_the_first_problem_and_how_to_see_all(story):
    edit_json(story / "claims.json", lambda doc: [doc["claims"][i].update(hedge="roughly") for i in (0, 1, 2)])
    with pytest.raises(Exception) as err:
        claimset.read("story/claims.json")
    assert str(err.value) == (
        f"story/claims.json: claims[0].hedge: 'roughly' is not one of {ENUM} "
        "(and 2 more; `factcheck validate story/claims.json` lists them)"
    )
