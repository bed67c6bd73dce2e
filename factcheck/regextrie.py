"""Regexes built as a trie: one branch per next token, so ``re`` tries a text position once
per character rather than once per word of a long list."""

from __future__ import annotations


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
