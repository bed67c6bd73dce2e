"""Which lexicon phrases a sentence may hold, judged from its words: lets a stage skip patterns that cannot match.

Shared by the stages that run lexicon patterns sentence by sentence (quantities, time
expressions, claims).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD_RUN = re.compile(r"\w+")


class PhraseIndex:
    """Which groups of lexicon phrases may occur in a text, judged from its words alone (:func:`text_words`).

    The lexicon patterns (in timeexpr, quantities and extract) match a phrase only as whole
    words (no word character right before or after it), so each word of a phrase found in a text is
    also a word of the text: a group none of whose phrases has all its words there cannot match,
    and its pattern need not run. A phrase holding a non-ASCII character or no word at all is
    always possible.

    >>> index = PhraseIndex({"session": ["in early trading", "at the close"], "ago": ["ago"]})
    >>> sorted(index.possible(text_words("Acme rose in EARLY trading"))), index.possible(text_words("early close"))
    (['session'], set())
    """

    def __init__(self, groups: dict[str, list[str]]):
        self.groups = list(groups)
        self.always: set[str] = set()
        self.by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}  # a phrase's longest word -> (group, words)
        for group, phrases in groups.items():
            for phrase in phrases:
                words = tuple(w.lower() for w in _WORD_RUN.findall(phrase))
                if not words or not phrase.isascii():
                    self.always.add(group)
                else:
                    self.by_word.setdefault(max(words, key=len), []).append((group, words))
        self.keys = frozenset(self.by_word)

    def possible(self, words: frozenset[str] | None) -> set[str]:
        """The groups that may match in a sentence of these ``words`` (:func:`text_words`; None: every group)."""
        if words is None:
            return set(self.groups)
        found = set(self.always)
        for word in words & self.keys:
            for group, needed in self.by_word[word]:
                if group not in found and words.issuperset(needed):
                    found.add(group)
        return found


@lru_cache(maxsize=8)
def text_words(text: str, start: int = 0, end: int | None = None) -> frozenset[str] | None:
    """The words (runs of word characters) of ``text[start:end]`` in lower case, or None when one holds
    a non-ASCII character: case folding beyond ASCII is left to ``re``, so such a sentence rules nothing out.

    The stages that read one sentence (quantities, times, claims) ask in turn: the last few answers are kept."""
    words = _WORD_RUN.findall(text, start, len(text) if end is None else end)
    if not "".join(words).isascii():
        return None
    return frozenset(map(str.lower, words))
