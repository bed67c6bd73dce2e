"""Regexes built as a trie: one branch per next token, so ``re`` tries a text position once
per character rather than once per word of a long list."""

from __future__ import annotations

import re


def trie_regex(node: dict) -> str:
    """Regex text for a trie node: ``node`` maps a regex token (already escaped) to its child
    node, and the key ``""`` marks that a word ends here (the rest is then optional).

    >>> trie_regex({"A": {"B": {"": {}}, "c": {"": {}, "o": {"": {}}}}})
    'A(?:B|c(?:o)?)'
    """
    branches = [token + trie_regex(child) for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return body + "?" if len(branches) > 1 else "(?:" + body + ")?"
    return body


_TRIE_DEPTH = 100  # words longer than this are listed before the trie (longest first), keeping its nesting shallow


def literal_trie(words) -> str:
    """A regex for any of ``words`` that tries a text position once per character, not once per word.

    It prefers the longest word that matches, as a longest-first alternation does: the
    words matching at one position are prefixes of each other, and the trie tries the
    longer first. Words longer than ``_TRIE_DEPTH`` come first as plain alternatives.

    >>> literal_trie(["Acme", "AcmeCo", "AB"])
    'A(?:B|cme(?:Co)?)'
    >>> re.fullmatch(literal_trie(["Acme", "Acme Mining"]) + " Miningx", "Acme Miningx").group()
    'Acme Miningx'
    """
    words = set(words)
    long = sorted((w for w in words if len(w) > _TRIE_DEPTH), key=lambda w: (-len(w), w))
    trie: dict = {}
    for word in words:
        if len(word) > _TRIE_DEPTH:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(re.escape(ch), {})
        node[""] = {}
    return "|".join([re.escape(w) for w in long] + ([trie_regex(trie)] if trie else []))
