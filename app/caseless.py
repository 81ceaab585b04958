"""Case-insensitive regular expressions, searched faster: as case-sensitive ones over the lower-cased text.

    _WORDS = caseless(r"\\b(?:terrible|disgrace(?:ful)?|shame)\\b")   # instead of re.compile(..., re.IGNORECASE)
    _WORDS.search(text)        # the same re.Match (on `text`) that the case-insensitive pattern gives

Why: Python's `re` skips an alternative of an alternation on its first character only when that character is
matched case-sensitively; with IGNORECASE it enters every alternative at every position, so a lexicon of 60
words costs about 15 µs per news sentence. The same pattern without IGNORECASE over `text.lower()` is about 3x
faster (measured on the bench article's sentences, `make bench`).

Why the result is the same: with IGNORECASE, `re` matches a lower-case ASCII letter to a code point c exactly
when c.lower() is that letter, and \\w, \\d, \\s, \\b and [^…] classes answer the same for c and c.lower(), for
every code point except three: U+0130 'İ' (whose lower case is two code points, so offsets would shift), U+0131
'ı' and U+017F 'ſ' (which IGNORECASE matches to i and s). tests/test_caseless.py checks this over all code
points. A text holding one of the three is searched with the case-insensitive pattern as written, and so is
every text when the pattern holds anything but lower-case ASCII letters and uncased characters (outside
backslash escapes) or an inline flag. The match found over the lower-cased text is taken again from `text`
with the case-insensitive pattern at the same offset, so callers get a re.Match on their own text.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator

_RECENT_SIZE = 8


class _Recent(threading.local):
    """Per thread: id -> (text, its _lowered answer) for the texts searched last."""

    def __init__(self) -> None:
        self.kept: dict[int, tuple[str, str | None]] = {}


_recent = _Recent()


def _lowered(text: str) -> str | None:
    """`text.lower()` when it keeps every offset and every case-insensitive match, else None. The last few
    texts' answers are kept, per thread (each text held, so its id cannot be reused while kept): a document's
    text that many patterns search between offsets is lower-cased once."""
    kept = _recent.kept
    found = kept.get(id(text))
    if found is not None and found[0] is text:
        return found[1]
    # İ ı ſ (see the module docstring), asked with three `in` tests: each a fast scan in C, about 10x faster than
    # a search for the class [İıſ] on a news sentence
    unsafe = not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text)
    low = None if unsafe else text.lower()
    if len(kept) >= _RECENT_SIZE:
        del kept[next(iter(kept))]
    kept[id(text)] = (text, low)
    return low


_GROUP_NAME = re.compile(r"\(\?P<\w+>")  # '(?P<hedge>': a group's name, not text to match


def lowered(text: str) -> str | None:
    """`text.lower()` when lower-casing keeps every offset and every case-insensitive match (see the module
    docstring), else None; the last few texts' answers are kept per thread."""
    return _lowered(text)


def _plain(pattern: str) -> bool:
    """Whether the pattern source, outside its backslash escapes and the names of its named groups, has no
    upper-case ASCII letter, no cased non-ASCII character and no inline flag (a backreference by name, `(?P=…)`,
    is not plain)."""
    if re.search(r"\(\?[a-zA-Z-]*[aiLmsux]", pattern):
        return False
    for ch in _GROUP_NAME.sub("(", re.sub(r"\\.", "", pattern)):
        if "A" <= ch <= "Z" or (not ch.isascii() and not ch.lower() == ch.upper() == ch):
            return False
    return True


_END = sys.maxsize


class Caseless:
    """A case-insensitive pattern with re.Pattern's search, match, fullmatch and finditer (same results, the
    same re.Match objects on the caller's text)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags | re.IGNORECASE
        self._ci = re.compile(pattern, self.flags)
        body = pattern.removeprefix("(?i)")  # a leading (?i) is the flag this class adds anyway
        self._cs = re.compile(body, flags & ~re.IGNORECASE) if _plain(body) else None

    @property
    def plain(self) -> bool:
        """Whether this pattern is searched over the lower-cased text (where that is exact), not as written."""
        return self._cs is not None

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """As re.Pattern.search with IGNORECASE."""
        low = _lowered(text) if self._cs is not None else None
        if low is None or self._cs is None:
            return self._ci.search(text, pos, endpos)
        m = self._cs.search(low, pos, endpos)
        return self._ci.match(text, m.start(), endpos) if m else None

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """As re.Pattern.match with IGNORECASE."""
        low = _lowered(text) if self._cs is not None else None
        if low is None or self._cs is None or self._cs.match(low, pos, endpos):
            return self._ci.match(text, pos, endpos)
        return None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        """As re.Pattern.fullmatch with IGNORECASE."""
        low = _lowered(text) if self._cs is not None else None
        if low is None or self._cs is None or self._cs.fullmatch(low, pos, endpos):
            return self._ci.fullmatch(text, pos, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        """As re.Pattern.finditer with IGNORECASE."""
        low = _lowered(text) if self._cs is not None else None
        if low is None or self._cs is None:
            return self._ci.finditer(text, pos, endpos)
        found = []
        for m in self._cs.finditer(low, pos, endpos):
            again = self._ci.match(text, m.start(), endpos)
            if again is None or again.span() != m.span():  # an empty match next to another: re's own rule
                return self._ci.finditer(text, pos, endpos)
            found.append(again)
        return iter(found)


def caseless(pattern: str, flags: int = 0) -> Caseless:
    """`re.compile(pattern, flags | re.IGNORECASE)`, searched over the lower-cased text where that is exact."""
    return Caseless(pattern, flags)


def _top_level_alternatives(alternation: str) -> list[str]:
    """`alternation` split at its top-level `|` (not inside a group, a class or after a backslash)."""
    parts, depth, in_class, i, last = [], 0, False, 0, 0
    while i < len(alternation):
        ch = alternation[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if alternation[i + 1:i + 2] == "]":  # '[]…]': a ']' first in a class is a member
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(alternation[last:i])
            last = i + 1
        i += 1
    parts.append(alternation[last:])
    return parts


def word_start(alternation: str) -> str:
    r"""`\b(?:alternation)` as alternatives that each open on a literal character, so that `re` looks for a match
    only where one of those characters is (Python's `re` skips ahead on a set of first characters only when every
    top-level alternative opens on a literal; `\b` or a look-behind first makes it try every position, about 3x
    slower on news sentences). Splice the answer into a top-level alternation whose other alternatives open on
    literals too, or put it in `(?:…)` (a pattern that opens on a group is searched from the group's first
    characters).

    Each alternative of `alternation` must open on a literal word character (ASCII letter or digit) that no
    quantifier follows; ValueError otherwise. The alternatives are grouped by that character, in their own order
    within a group: at one position only the alternatives opening on the character found there can match, so
    the order between groups does not matter. `\b` before a word character c is "no word character before c",
    which `(?<!\w\w)` just after c says (c itself is one).
    """
    groups: dict[str, list[str]] = {}
    for alternative in _top_level_alternatives(alternation):
        first, rest = alternative[:1], alternative[1:]
        if not (first.isascii() and first.isalnum()) or rest[:1] in ("?", "*", "+", "{"):
            raise ValueError(f"an alternative does not open on a literal word character: {alternative!r}")
        groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?<!\\w\\w)(?:{'|'.join(rests)})" for first, rests in groups.items())
