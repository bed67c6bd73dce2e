"""The benchmark's synthetic corpora: variants of a real story that keep its shape.

A variant must be deterministic from its seed, rename every company the story
introduces, scale its figures by one factor (so agreements and disagreements between
sources survive), shuffle sentences only inside a line, and still read as news to the
pipeline: about as many claims, on the renamed companies.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from factcheck import pipeline, synth
from factcheck.quantities import find_quantities

from corpus import FLAGSHIP, needs_flagship

pytestmark = needs_flagship


@pytest.fixture(scope="module")
def template():
    return synth.read_template(str(FLAGSHIP))


def test_same_seed_same_text_other_seed_other_text(template):
    assert synth.variant(template, 3) == synth.variant(template, 3)
    assert synth.variant(template, 3) != synth.variant(template, 4)


def test_names_come_from_the_text(template):
    """Every learned name is written in the story (or is its ticker spelled as a name); tickers are upper case."""
    text = "\n".join(a.text for a in template.articles)
    assert len(template.names) >= 10
    for alias, ident in template.names:
        assert alias in text or alias == ident.title()
        assert ident == ident.upper()


def test_every_learned_name_is_renamed(template):
    for name, text in synth.variant(template, 1):
        for alias, _ in template.names:
            assert not re.search(rf"(?<![\w$]){re.escape(alias)}(?![\w])", text), (name, alias)


def test_figures_scale_by_one_factor(template):
    """Sorted by value, the variant's dollar figures are the template's times one factor (rounded as written)."""
    for article, (_, text) in zip(template.articles, synth.variant(template, 2)):
        old = sorted(q.value for q in find_quantities(article.text, article.body_start) if q.unit == "USD" and q.value)
        new = sorted(q.value for q in find_quantities(text, article.body_start) if q.unit == "USD" and q.value)
        assert len(old) == len(new) >= 3
        factor = sorted(b / a for a, b in zip(old, new))[len(old) // 2]
        assert abs(factor - 1) > 0.01
        close = [abs(b / a / factor - 1) < 0.1 for a, b in zip(old, new)]
        assert sum(close) >= 0.8 * len(close)


def test_years_and_dates_stay(template):
    for (_, text), article in zip(synth.variant(template, 5), template.articles):
        years = lambda t: Counter(re.findall(r"\b20\d\d\b", t))  # noqa: E731
        assert years(text) == years(article.text)


def test_sentences_move_only_inside_their_line(template):
    """With figures kept, each line keeps its characters; lines of several sentences change order."""
    moved = 0
    for article in template.articles:
        text = synth._rewrite(article, 1.0, synth.random.Random(6))
        old_lines, new_lines = article.text.split("\n"), text.split("\n")
        assert len(old_lines) == len(new_lines)
        for a, b in zip(old_lines, new_lines):
            assert sorted(a.replace(" ", "")) == sorted(b.replace(" ", ""))
        moved += sum(1 for a, b in zip(old_lines, new_lines) if a != b)
    assert moved >= 10


def test_a_corpus_has_the_articles_asked_for(template, tmp_path):
    folders = synth.write_corpus(tmp_path, [template], 12, seed=1)
    files = [f for folder in folders for f in (tmp_path / folder / "sources").iterdir()]
    assert len(folders) == 3 and len(files) == 12  # 5 + 5 + 2
    assert synth.write_corpus(tmp_path / "again", [template], 12, seed=1) and all(
        f.read_bytes() == (tmp_path / "again" / f.relative_to(tmp_path)).read_bytes() for f in files)


def test_variants_read_as_news(template, tmp_path):
    """A variant gives about as many claims and findings as its template, about its renamed companies."""
    original = pipeline.analyse([str(FLAGSHIP)], claims="fresh")
    folder = synth.write_corpus(tmp_path, [template], 5, seed=9)[0]
    varied = pipeline.analyse([folder], claims="fresh")
    assert 0.8 <= len(varied.claims) / len(original.claims) <= 1.2
    assert len(varied.findings) >= len(original.findings) * 0.6
    renamed = {ident for _, ident in template.names}
    assert not {c.subject for c in varied.claims} & renamed  # no claim is about a company under its old ticker
    assert len({c.subject for c in varied.claims} - {c.subject for c in original.claims}) >= 5
