"""Synthetic corpora for benchmarks: variants of real stories, deterministic from a seed.

A variant of a story renames its companies (the tickers and names the story itself
introduces, learned as the pipeline learns them), scales its figures by one factor per
variant (so sources that agreed still agree and those that differed still differ), and
shuffles the sentences inside each paragraph. Nothing about any particular story is
written here: entities come from the text, figures from the quantity parser.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

from . import output
from .clean import clean
from .entities import learn_entities, literal_trie
from .load import load_source, story_files
from .quantities import find_quantities
from .segment import segment, split_spans
from .timeexpr import find_time_expressions

_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SYLLABLES = ("ka", "lo", "mir", "ta", "ven", "dor", "sil", "ra", "qu", "bel", "no", "zan", "tri", "vo", "lex", "pa")


@dataclass(frozen=True)
class Article:
    """One source of a template: its text, and where its figures and sentences are."""

    file: str
    text: str
    body_start: int
    figures: tuple[tuple[int, int], ...]  # spans of the digits to scale, in text order
    lines: tuple[tuple[tuple[int, int], ...], ...]  # per body line with several sentences: their spans


@dataclass(frozen=True)
class Template:
    """A story to vary: its articles and the company names it introduces (name -> entity id)."""

    name: str
    articles: tuple[Article, ...]
    names: tuple[tuple[str, str], ...]


def read_template(folder: str) -> Template:
    """Load a story folder, learn the names of its companies as the pipeline would, and find its figures."""
    name, files = story_files([folder])
    sources = [load_source(f) for f in files]
    table = learn_entities([(s.text, segment(clean(s))) for s in sources])
    names = tuple(sorted((alias, ident) for alias, ident in table.aliases.items() if ident in table.names))
    articles = tuple(Article(Path(s.path).name, s.text, s.body_start, _figures(s.text, s.body_start),
                             _sentence_lines(s.text, s.body_start)) for s in sources)
    return Template(name, articles, names)


def _figures(text: str, start: int) -> tuple[tuple[int, int], ...]:
    """The digits of every quantity after ``start``, leaving out dates, times and years."""
    dates = [t.span for t in find_time_expressions(text, start)]
    spans = []
    for q in find_quantities(text, start):
        if any(a < q.span[1] and q.span[0] < b for a, b in dates):
            continue
        spans += [m.span() for m in _DIGITS.finditer(text, q.span[0], q.span[1]) if not _YEAR.fullmatch(m.group())]
    return tuple(spans)


def _sentence_lines(text: str, start: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For each body line made of several sentences (and nothing else), the sentences' spans."""
    out = []
    pos = start
    for line in text[start:].split("\n"):
        spans = split_spans(line)
        whole = spans and spans[0][0] == 0 and spans[-1][1] == len(line.rstrip())
        if len(spans) > 1 and whole and all(not line[b:a].strip() for (_, b), (a, _) in zip(spans, spans[1:])):
            out.append(tuple((pos + a, pos + b) for a, b in spans))
        pos += len(line) + 1
    return tuple(out)


def _word(rng: random.Random) -> str:
    """A pronounceable made-up word, capitalised."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _renames(names: tuple[tuple[str, str], ...], rng: random.Random) -> dict[str, str]:
    """Each company name and ticker -> its new spelling: one made-up word per capitalised word, new capitals per ticker."""
    words: dict[str, str] = {}
    out: dict[str, str] = {}
    tickers = {ident: "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in ident) for _, ident in names}
    for alias, ident in names:
        if alias.upper() == ident:  # the ticker, or the ticker as a name ("Nwnd")
            out[alias] = tickers[ident] if alias == ident else tickers[ident].title()
            continue
        parts = alias.split(" ")
        new = [words.setdefault(p, _word(rng)) if p[:1].isupper() and p.isalpha() and p.lower() != p else p
               for p in parts[:1]] + parts[1:]
        out[alias] = " ".join(new)
    return out


def _scaled(number: str, factor: float) -> str:
    """A number as written, times ``factor``, written with the same decimals and thousands commas.

    >>> _scaled("1,250", 1.1), _scaled("4.20", 0.5), _scaled("7", 1.2)
    ('1,375', '2.10', '8')
    """
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number.replace(",", "")) * factor
    text = f"{value:,.{decimals}f}" if "," in number else f"{value:.{decimals}f}"
    return text if float(text.replace(",", "")) > 0 else number


def _rewrite(article: Article, factor: float, rng: random.Random) -> str:
    """The article with its figures scaled by ``factor`` and the sentences of each line shuffled."""
    edits = {span: _scaled(article.text[span[0]:span[1]], factor) for span in article.figures}
    pieces, last = [], 0
    for line in article.lines:
        parts = [_apply(article.text, a, b, edits) for a, b in line]
        rng.shuffle(parts)
        pieces += [_apply(article.text, last, line[0][0], edits), " ".join(parts)]
        last = line[-1][1]
    return "".join(pieces) + _apply(article.text, last, len(article.text), edits)


def _apply(text: str, start: int, end: int, edits: dict[tuple[int, int], str]) -> str:
    """``text[start:end]`` with the edits whose spans lie inside it."""
    pieces, last = [], start
    for (a, b), new in edits.items():
        if start <= a and b <= end:
            pieces += [text[last:a], new]
            last = b
    return "".join(pieces) + text[last:end]


def _rename(text: str, renames: dict[str, str]) -> str:
    """Every whole-word occurrence of a name in ``renames`` replaced, longest names first."""
    if not renames:
        return text
    pattern = re.compile(rf"(?<![\w$])(?:{literal_trie(renames)})(?![\w])")
    return pattern.sub(lambda m: renames[m.group()], text)


def variant(template: Template, seed: int) -> list[tuple[str, str]]:
    """Variant ``seed`` of a story: (file name, article text) for each of its sources."""
    rng = random.Random(f"{template.name}:{seed}")
    renames = _renames(template.names, rng)
    factor = math.exp(rng.uniform(-0.4, 0.4))
    return [(a.file, _rename(_rewrite(a, factor, rng), renames)) for a in template.articles]


def write_corpus(folder: str | Path, templates: list[Template], articles: int, seed: int = 0) -> list[str]:
    """Write story folders holding ``articles`` articles in all under ``folder``; return the folders.

    Stories are variants of the templates in turn (the last one cut short to make the count).
    """
    folder = Path(folder)
    stories: list[str] = []
    written = 0
    while written < articles:
        template = templates[len(stories) % len(templates)]
        story = folder / f"{template.name}-v{len(stories):05d}"
        for name, text in variant(template, seed * 1_000_003 + len(stories))[: articles - written]:
            output.write_atomic(story / "sources" / name, text)
            written += 1
        stories.append(str(story))
    return stories
