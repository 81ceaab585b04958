"""Layout of plain text: lines, furniture, headings, list items and paragraphs, as offsets.

The text is read line by line (CR, LF and CRLF all break lines). A line is furniture when
`app.furniture` says so; a short line without final punctuation that stands alone is a heading;
bullets, numbered items and the lines after a colon are list items; lines carried over a break
(hard wrap, a lowercase start) continue the paragraph above. The result is a list of `Block`s,
each one paragraph of the Document: nothing here slices the text into Spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.document.chars import WS
from app.furniture import furniture_lines

_SENTENCE_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_PROSE_FINAL = re.compile(r"[.!?…;:,][\"'”’»)\]]*$")
_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "with", "that", "by", "at", "from",
                   "or", "but", "as", "is", "was", "are", "were", "be", "his", "her", "its", "their", "than"}
_BULLET = re.compile(r"^\s*(?:[-*•–—▪●◦‣·⁃]|\d{1,2}(?:\.\)|[.)])|[a-z][.)])\s+")
_LINE = re.compile(r"[^\r\n]+")
_HEADING_MAX_WORDS = 20
_HEADING_MAX_CHARS = 150
_WRAP_MIN, _WRAP_MAX = 40, 120  # hard-wrapped text is wrapped at 60-100 columns; longer lines are paragraphs

BlockKind = Literal["body", "heading", "dateline"]
LineKind = Literal["body", "list", "heading", "furniture", "dateline"]


@dataclass
class Line:
    """A non-blank line of the text."""

    start: int  # content offsets, surrounding white space trimmed
    end: int
    width: int  # the line as printed, indentation included (for hard-wrap detection)
    blank_before: bool
    index: int = 0  # position among all lines, furniture included
    kind: LineKind = "body"


@dataclass(frozen=True)
class Block:
    """One paragraph of the Document: text[start:end] (code points), a body paragraph, a heading or the dateline."""

    start: int
    end: int
    kind: BlockKind


def lines_of(text: str) -> list[Line]:
    """Non-blank lines with content offsets (surrounding white space trimmed)."""
    lines: list[Line] = []
    prev_end = 0
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s] in WS:
            s += 1
        while e > s and text[e - 1] in WS:
            e -= 1
        if s == e:
            continue
        gap = text[prev_end:m.start()]
        breaks = gap.count("\n") + gap.count("\r") - gap.count("\r\n")
        lines.append(Line(s, e, e - m.start(), blank_before=not lines or breaks >= 2, index=len(lines)))
        prev_end = m.end()
    return lines


def mark_furniture(lines: list[Line], raw: list[str]) -> list[Line]:
    """Mark the furniture lines (kind "furniture", by `app.furniture`'s rules) and return them."""
    rules = furniture_lines(raw, [ln.blank_before for ln in lines])
    marked = []
    for line, rule in zip(lines, rules):
        if rule is not None:
            line.kind = "furniture"
            marked.append(line)
    return marked


def heading_shape(line: str) -> bool:
    """A short line without final punctuation: 'A Ceasefire as the First Condition'."""
    if len(line) > _HEADING_MAX_CHARS or _PROSE_FINAL.search(line) or _BULLET.match(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "“\"‘'«"):
        return False
    words = line.split()
    if len(words) > _HEADING_MAX_WORDS or words[-1].lower().strip("”’\"'") in _FUNCTION_WORDS:
        return False
    if len(words) > 12:  # a long heading is a headline in Title Case, not a sentence missing its full stop
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS and w[:1].isalpha()]
        return bool(content) and sum(w[0].isupper() for w in content) >= 0.6 * len(content)
    return True


def blocks_of(lines: list[Line], raw: list[str]) -> list[Block]:
    """The paragraphs, headings and dateline of the lines that are not furniture, in order.

    `raw[line.index]` is each line's text; a line already marked "dateline" stays the dateline.
    """
    content = [ln for ln in lines if ln.kind != "furniture"]
    continues, alone = _classify(content, raw)
    blocks: list[Block] = []
    para: list[Line] = []
    first = 0

    def flush(after: int) -> None:
        # a headline hard-wrapped over two or three lines becomes one heading
        if 1 < len(para) <= 3 and para[0].kind == "body" and alone[first] \
                and heading_shape(" ".join(raw[ln.index] for ln in para)) \
                and (after >= len(content) or not raw[content[after].index][:1].islower()):
            blocks.append(Block(para[0].start, para[-1].end, "heading"))
        else:
            blocks.append(Block(para[0].start, para[-1].end, "body"))

    for i, line in enumerate(content):
        if para and continues[i]:
            para.append(line)
            continue
        if para:
            flush(i)
            para = []
        if line.kind in {"body", "list"}:
            para, first = [line], i
        elif line.kind == "heading" or line.kind == "dateline":  # (furniture is not content)
            blocks.append(Block(line.start, line.end, line.kind))
    if para:
        flush(len(content))
    return blocks


def _classify(content: list[Line], raw: list[str]) -> tuple[list[bool], list[bool]]:
    """Give each content line its kind (heading, list item, body); say whether it continues the line above,
    and whether it stands alone (a blank line, a heading or a finished sentence above it)."""
    def adjacent(i: int) -> bool:  # line i follows line i-1 with no blank line or furniture between
        return i > 0 and not content[i].blank_before and content[i - 1].index == content[i].index - 1

    text_of = [raw[ln.index] for ln in content]
    width = _wrap_width(content, text_of, adjacent)
    wrapped = [False] * len(content)
    for i in range(len(content) - 1):
        if width is not None and adjacent(i + 1):
            first = text_of[i + 1].split(maxsplit=1)[0]
            # a wrapped line had no room for the next line's first word
            wrapped[i] = content[i].width + 1 + len(first) > width
    shape = [heading_shape(t) for t in text_of]
    continues = [False] * len(content)
    alone = [False] * len(content)  # filled in order: whether a line above is a heading matters
    bulleted = [False] * len(content)  # the list item this line belongs to began with a bullet
    for i, line in enumerate(content):
        if line.kind == "dateline":
            continue
        t = text_of[i]
        prev = content[i - 1] if i else None
        adj = adjacent(i)
        alone[i] = _stands_alone(content, text_of, i, adj)
        bullet = bool(_BULLET.match(t))
        # a short heading-shaped line after a finished sentence is not carried over, however full that line
        carried = i > 0 and wrapped[i - 1] \
            and not (shape[i] and not wrapped[i] and _SENTENCE_FINAL.search(text_of[i - 1]))
        if prev is not None and adj and prev.kind in {"body", "list"} and carried and not bullet:
            line.kind, continues[i], bulleted[i] = prev.kind, True, bulleted[i - 1]
        elif bullet:
            line.kind, bulleted[i] = "list", True
        elif prev is not None and adj and prev.kind == "list":
            if not bulleted[i - 1]:
                line.kind = "list"  # each line of a list without bullets is an item
            elif t[0].islower():
                line.kind, continues[i], bulleted[i] = "list", True, True
        elif prev is not None and text_of[i - 1].endswith(":") and prev.kind != "heading":
            line.kind = "list"  # "Stallholders will be offered:" and what follows
        elif prev is not None and adj and prev.kind == "body" and t[0].islower():
            continues[i] = True  # a sentence carried over a line break
        elif shape[i] and not wrapped[i] and alone[i]:
            nxt = i + 1 if i + 1 < len(content) and adjacent(i + 1) else None
            if nxt is not None and text_of[nxt][:1].islower():
                pass
            elif nxt is not None and shape[nxt] and not wrapped[nxt] and content[nxt].kind != "dateline":
                line.kind = "list"  # short lines one under another: a list, not headings
            else:
                line.kind = "heading"
        if line.kind == "body" and not continues[i] and prev is not None and adj and prev.kind == "body":
            # the first version's rule for text without hard wraps: a line break inside a sentence
            continues[i] = not _PROSE_FINAL.search(text_of[i - 1])
    return continues, alone


def _stands_alone(content: list[Line], text_of: list[str], i: int, adj: bool) -> bool:
    """A heading has a blank line, a heading or a finished sentence above it."""
    line = content[i]
    if line.blank_before or i == 0 or not adj:
        return True
    return content[i - 1].kind in {"heading", "dateline"} or bool(_SENTENCE_FINAL.search(text_of[i - 1]))


def _wrap_width(content: list[Line], text_of: list[str], adjacent: Callable[[int], bool]) -> int | None:
    """The column the text is hard-wrapped at, or None when line breaks are the writer's own.

    Evidence is a line followed directly by one that starts in lowercase: a sentence carried over.
    """
    widths = [content[i].width for i in range(len(content) - 1)
              if adjacent(i + 1) and text_of[i + 1][:1].islower() and not _SENTENCE_FINAL.search(text_of[i])]
    if len(widths) < 3 or not _WRAP_MIN <= max(widths) <= _WRAP_MAX:
        return None
    return max(widths)

