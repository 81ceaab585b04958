"""Closed word lists asked yes or no, answered from the words of a text: one pass over a text serves every list.

    _EVALUATIVE = Lexicon(r"terrible|disgrace(?:ful)?|out of touch")  # caseless(r"\\b(?:…)\\b"), asked yes or no
    words = Words(text)                 # once per text
    _EVALUATIVE.found(words)            # == caseless(r"\\b(?:terrible|disgrace(?:ful)?|out of touch)\\b").search(text)

`Lexicon(alternation, extra=None)` stands for the case-insensitive pattern `extra|\\b(?:alternation)\\b`
(`pattern`, an app.caseless pattern), and `found(words)` says whether that pattern's `search` finds anything in
the text. A feature that asks a dozen word lists about one sentence otherwise runs a dozen searches that each
visit every word boundary of it and try every word of its list there.

Why the answer is the same: the alternation must have a finite language (the strings it matches; checked when the
lexicon is made, else ValueError): literal characters, groups, alternatives, optional parts (`?`) and sets of
literal characters. A string of word characters only (`\\w+`) is found between word boundaries exactly where it is
a whole word of the text, a maximal run of `\\w`; so it is found when it is one of the text's words. The other
strings (with a space, a hyphen, an apostrophe) are searched with `\\b(?:those strings)\\b` only, and `extra` with
itself. Case is as in app.caseless: the words are those of `text.lower()` where lower-casing keeps every offset and
every case-insensitive match; where it does not (İ, ı, ſ), `found` searches the text with `pattern` as written.
"""

from __future__ import annotations

import importlib
import itertools
import re
from typing import Any

from app.caseless import Caseless, caseless, lowered

# the standard library's own reader of pattern sources (re's private modules, stable since Python 3.11)
sre_parse: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")
_WORD = re.compile(r"\w+")
_MAX_STRINGS = 20_000


class Words:
    """The words of one text (maximal runs of `\\w`, lower-cased), read once for every Lexicon asked about it."""

    __slots__ = ("text", "low", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = lowered(text)  # None: lower-casing is not exact for this text (app.caseless)
        self.tokens: frozenset[str] | None = frozenset(_WORD.findall(self.low)) if self.low is not None else None


class Lexicon:
    """A closed list of words and phrases (a regular-expression alternation with a finite language), asked whether a
    text holds one of them as whole words, case-insensitively; `extra`: a pattern of other things that also count
    (searched as it is, case-insensitively)."""

    def __init__(self, alternation: str, extra: str | None = None) -> None:
        self.pattern: Caseless = caseless(rf"{extra}|\b(?:{alternation})\b" if extra else rf"\b(?:{alternation})\b")
        strings = _language(sre_parse.parse(alternation))
        if strings is None or not strings or "" in strings:
            raise ValueError(f"not a finite list of words: {alternation[:60]}")
        self.words = frozenset(s for s in strings if _WORD.fullmatch(s))
        others = [s for s in strings if s not in self.words]
        self._others = re.compile(rf"\b{_trie(others)}\b") if others else None
        # a phrase that starts with a word character starts with one of the text's words
        firsts = [_WORD.match(s) for s in others]
        self._firsts = frozenset(m.group(0) for m in firsts if m) if all(firsts) else None
        self._extra = re.compile(extra) if extra else None
        if not self.pattern.plain:
            raise ValueError(f"not a pattern that app.caseless searches lower-cased: {self.pattern.pattern[:60]}")

    def found(self, words: Words) -> bool:
        """Whether `self.pattern.search(words.text)` finds something."""
        if words.tokens is None or words.low is None:
            return self.pattern.search(words.text) is not None
        if not self.words.isdisjoint(words.tokens) or self.found_phrase(words):
            return True
        return self._extra is not None and self._extra.search(words.low) is not None

    def found_phrase(self, words: Words) -> bool:
        """Whether one of the strings that are not a single word ('in office', 'co-sponsored') is in the text, as
        `pattern` would find it; for words whose lower-casing is exact (`words.tokens` is not None)."""
        if self._others is None or words.low is None or words.tokens is None:
            return False
        if self._firsts is not None and self._firsts.isdisjoint(words.tokens):
            return False
        return self._others.search(words.low) is not None


def _trie(strings: list[str]) -> str:
    """A pattern of exactly `strings`, with shared beginnings written once (`re` then tries one branch per
    character, not every string, at each position)."""
    root: dict[str, Any] = {}
    for string in strings:
        node = root
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return pattern(root)


def _language(items: Any) -> set[str] | None:
    """The strings a parsed pattern (or part of one) matches, when they are finitely many (and not too many)."""
    out: set[str] = {""}
    for op, av in items:
        if op is sre.LITERAL:
            part: set[str] | None = {chr(av)}
        elif op is sre.SUBPATTERN and not av[1] and not av[2]:  # a group without flags
            part = _language(av[3])
        elif op is sre.BRANCH:
            part = set()
            for branch in av[1]:
                found = _language(branch)
                if found is None:
                    return None
                part |= found
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            inner = _language(av[2])
            part = None if inner is None else inner | {""}
        elif op is sre.IN and all(o is sre.LITERAL for o, _ in av):
            part = {chr(c) for _, c in av}
        else:
            return None
        if part is None:
            return None
        out = {a + b for a, b in itertools.product(out, part)}
        if len(out) > _MAX_STRINGS:
            return None
    return out


__all__ = ["Lexicon", "Words"]
