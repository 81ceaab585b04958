"""Bounds on HTML that the parser and the text extraction would take super-linear time over.

100,000 nested `div`s took 96 s of CPU to extract (10,000 took 0.4 s: quadratic), and one element with 60,000
attributes (500 KB) took longer still. No article needs either, so such HTML is refused with a 422 before it is
parsed. The scan is one pass of one regular expression over the tags (`[^>]*` cannot backtrack).

Depth counts only elements that must be closed: void elements (`br`, `img` ...) and those whose end tag HTML
lets a page leave out (`p`, `li`, `td` ...) are not counted, so old pages with unclosed paragraphs pass.
"""

from __future__ import annotations

import re

from app.errors import InvalidInput

MAX_DEPTH = 1_000
MAX_ATTRIBUTES = 256

_TAG = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9:-]*)([^>]*)>")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript", "template"})
_ATTRIBUTE = re.compile(r"[^\s=/>\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# Void elements and those whose end tag is optional (WHATWG HTML, 13.1.2.4 "Optional tags")
_UNCOUNTED = frozenset("""area base br col embed hr img input link meta source track wbr param keygen command
    p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp html head body""".split())


def check_html(html: str, loc: list[str | int]) -> None:
    """Raise InvalidInput (422, naming `loc`) when `html` nests more than MAX_DEPTH elements that must be closed,
    or has an element with more than MAX_ATTRIBUTES attributes (a long attribute value, an SVG path or a data URI,
    is fine).
    Comments and the raw text of `script`, `style`, `textarea` and `title` are skipped, as a parser does."""
    lower = html.lower()
    depth = deepest = 0
    pos = 0
    while (m := _TAG.search(html, pos)) is not None:
        pos = m.end()
        if html.startswith("<!--", m.start()):
            end = html.find("-->", m.start() + 4)
            pos = len(html) if end < 0 else end + 3
            continue
        closing, name, rest = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1) if name not in _UNCOUNTED else depth
            continue
        if name in _RAW_TEXT:  # its content is text, not tags: jump to its end tag
            end = lower.find(f"</{name}", pos)
            pos = len(html) if end < 0 else end
            continue
        if len(rest) > MAX_ATTRIBUTES and len(_ATTRIBUTE.findall(rest)) > MAX_ATTRIBUTES:
            raise _refuse(loc, f"a <{name}> element with more than {MAX_ATTRIBUTES} attributes")
        if name not in _UNCOUNTED and not rest.rstrip().endswith("/"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise _refuse(loc, f"elements nested more than {MAX_DEPTH:,} deep")


def _refuse(loc: list[str | int], why: str) -> InvalidInput:
    return InvalidInput(f"the HTML has {why}", errors=[{"loc": loc, "msg": f"HTML has {why}", "type": "html_limit"}])
