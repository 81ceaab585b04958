"""HTML in, article text out: the article's paragraphs, headings, lists and tables; furniture dropped.

Two extractors read the page. trafilatura (a maintained boilerplate remover) is the main one; a
structural one of our own, on selectolax (lexbor, an HTML5 parser that copes with fragments and
broken markup), picks the `<article>`/`<main>` element and drops furniture elements. Of two
extractions that agree (at least 80% of one's word 4-grams are in the other) the tighter is kept:
trafilatura's precision-favouring extraction (with only its blocks that ours has too) where it
lies inside ours, else ours where it lies inside trafilatura's plain extraction (without its
fallbacks). Where they disagree, trafilatura's plain extraction; where trafilatura finds fewer
than 10 words, ours.
Reader comments are never kept. Measured side by side on 181 real news pages
(`python -m bench.extraction`); see the README.

Blocks (paragraphs, headings, list items, quotations) are separated by a blank line; the items
of one list, the rows of one table and `<br>` breaks by a single line break. Entities are
decoded (`&rsquo;` to ’, `&nbsp;` to U+00A0, which is kept).
"""

from __future__ import annotations

import collections
import logging
import re
from dataclasses import dataclass
from typing import Any, Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.dates import find_dates

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "button", "iframe", "svg", "canvas",
    "select", "input", "textarea", "object", "embed", "figure", "figcaption", "menu", "dialog", "video", "audio",
    "picture", "img", "map", "head", "label", "option",
)
_DROP_HINT = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|promo|advert|ads?|ad-slot|advertisement|newsletter|cookie|"
    r"consent|breadcrumbs?|comments?|byline|subscribe|sidebar|recommend(ed|ations)?|most-read|"
    r"trending|tags|author-bio|skip-link|visually-hidden|sr-only|outbrain|taboola|popup|modal|toolbar|"
    r"read-more|readmore|more-stories|signup|sign-up|caption|credits?|print|banner|masthead|site-header|"
    r"site-footer|footer|nav|navbar|navigation|menu)($|[\s_-])",
    re.IGNORECASE,
)
_COMMENTS = re.compile(r"(^|[\s_-])(comments?|comment-list|commentlist|replies|discussion)($|[\s_-])",
                       re.IGNORECASE)
# Classes that hide the rest of an article from some readers (a paywall, a "show more" fold): the paragraphs
# inside them are the article, and what else sits there ("Subscribe to keep reading") is furniture.
_FOLD_HINT = re.compile(r"(^|[\s_-])(paywall|paywalled|premium|subscriber-only|subscribers-only|locked|"
                        r"truncated|fade|show-more|gated|meteredContent|metered)($|[\s_-])", re.IGNORECASE)
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu",
               "menubar", "toolbar"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "caption", "div",
           "section", "article", "main", "ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "tr", "body", "hr",
           "header", "address", "details", "summary", "center", "form", "fieldset", "html"}
# Inside these, blocks are lines of one group (list items, table rows): one line break between them.
_GROUPS = {"ul", "ol", "dl", "table"}
_CELLS = {"td", "th"}
_SPACE_RUN = re.compile(r"[ \t\r\f\v\n]+")
_BLANK_RUN = re.compile(r"\n{3,}")
_TITLE_SEP = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass(frozen=True)
class ExtractedArticle:
    """The text of an HTML page's article, its headline (the <h1>, else the <title>'s first part),
    and which extraction the text is: "precise" or "plain" (trafilatura's) or "structural" (ours)."""

    text: str
    title: str | None
    method: Literal["precise", "plain", "structural"] = "structural"


def _attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value or ""


def _ancestors(node: LexborNode) -> set[int]:
    ids = set()
    current: LexborNode | None = node
    while current is not None:
        ids.add(current.mem_id)
        current = current.parent
    return ids


def _text_len(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=True))


def _choose_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article: the <article> with the most text, else <main>, else <body>.

    A reader comment is never the article: an element marked as a schema.org Comment, or inside
    an element whose class or id names comments.
    """
    articles = [n for n in tree.css("article, [itemtype*=Article], [itemprop=articleBody]")
                if _text_len(n) > 0 and not _is_comment(n)]
    mains = [n for n in tree.css("main, [role=main]") if _text_len(n) > 0]
    best_article = max(articles, key=_text_len, default=None)
    best_main = max(mains, key=_text_len, default=None)
    if best_article is not None and (best_main is None or _text_len(best_article) >= 0.5 * _text_len(best_main)):
        return best_article
    if best_main is not None:
        return best_main
    return tree.body or tree.root


def _is_comment(node: LexborNode) -> bool:
    """Whether the element is a reader comment or sits in a comments section."""
    current: LexborNode | None = node
    while current is not None and current.tag not in {"body", "html"}:
        if "Comment" in _attr(current, "itemtype") or _COMMENTS.search(f"{_attr(current, 'class')} "
                                                                         f"{_attr(current, 'id')}"):
            return True
        current = current.parent
    return False


def _drop_furniture(root: LexborNode) -> None:
    """Remove elements that are page furniture, never the root or an element that holds it.

    Furniture elements are those of `_DROP_TAGS`, hidden ones (`hidden`, `display: none`), landmark
    roles other than the main one, elements whose class or id names furniture (`_DROP_HINT`) unless
    they hold half the article's text or its <h1>, lists of links (teasers: "Recommended from ...")
    with the heading just above them, and, in paywall or fold containers and `aria-hidden`
    elements, whatever is not a paragraph: sighted readers see those paragraphs.
    """
    keep = _ancestors(root)
    for tag in _DROP_TAGS:
        for node in root.css(tag):
            node.decompose()
    root_len = max(1, _text_len(root))  # after scripts and styles are gone: their text is not the article's
    # site headers go; an article's own <header> holds its headline and dateline and stays
    for node in root.css("header"):
        if node.mem_id not in keep and node.css_first("h1, h2, time") is None:
            node.decompose()
    for node in root.css("form"):
        if node.mem_id not in keep and node.css_first("p") is None:
            node.decompose()
    for node in root.css("[class], [id], [role], [aria-hidden], [hidden], [style]"):
        if node.mem_id in keep:
            continue
        hint = f"{_attr(node, 'class')} {_attr(node, 'id')}"
        if _attr(node, "aria-hidden") == "true" or _FOLD_HINT.search(hint):
            if node.tag != "p" and node.css_first("p") is None:
                node.decompose()
            continue
        if "Comment" in _attr(node, "itemtype") or (_COMMENTS.search(hint) and node.css_first("h1") is None):
            node.decompose()  # reader comments go however long they are
            continue
        if ("hidden" in node.attributes or _attr(node, "role") in _DROP_ROLES
                or _HIDDEN_STYLE.search(_attr(node, "style"))):
            node.decompose()
            continue
        if _DROP_HINT.search(hint) and node.tag not in {"article", "main", "body", "html", "time", "h1"} \
                and node.css_first("h1") is None \
                and _text_len(node) < 0.5 * root_len:  # a container of most of the text is not a promo
            # a byline goes, but the publication date printed in it stays where it was
            dated = [t for t in node.css("time") if _is_dated(t.text(strip=True))]
            if dated:
                node.insert_before(dated[0])
            node.decompose()
    _drop_link_lists(root, keep)


def _drop_link_lists(root: LexborNode, keep: set[int]) -> None:
    """Remove lists of two or more items that are all links (teaser lists), and a heading right above one."""
    for node in root.css("ul, ol"):
        if node.mem_id in keep:
            continue
        items = [li for li in node.iter() if li.tag == "li"]
        total = _text_len(node)
        if len(items) < 2 or total == 0:
            continue
        linked = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
        if linked < 0.8 * total or any(li.css_first("a") is None for li in items):
            continue
        above = node.prev
        while above is not None and above.tag == "-text" and not (above.text_content or "").strip():
            above = above.prev
        if above is not None and above.tag in {"h2", "h3", "h4", "h5", "h6"} and above.mem_id not in keep:
            above.decompose()
        node.decompose()


class _Walker:
    """Gathers inline text into lines and lines into blocks, walking the tree without recursion."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, int | None]] = []  # (text, group id or None)
        self.buf: list[str] = []

    def flush(self, group: int | None) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf.clear()
        lines = [_SPACE_RUN.sub(" ", part).strip() for part in raw.split("\n")]
        # one <br> breaks a line; two or more in a row ("<br><br>", old pages' paragraphs) leave a blank line
        block = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
        if block:
            self.blocks.append((block, group))

    def walk(self, root: LexborNode) -> None:
        # each stack entry: (node, group id of the enclosing list/table, leaving?)
        stack: list[tuple[LexborNode, int | None, bool]] = [(root, None, False)]
        while stack:
            node, group, leaving = stack.pop()
            tag = node.tag
            if leaving:
                self.flush(group)
                continue
            if tag == "-text":
                self.buf.append(node.text_content or "")
                continue
            if tag in {"-comment", "-doctype"} or tag is None:
                continue
            if tag == "br":
                self.buf.append("\n")
                continue
            if tag in _CELLS:
                self.buf.append(" ")
            inner_group = group
            if tag in _BLOCKS:
                self.flush(group)
                if tag in _GROUPS:
                    inner_group = node.mem_id
                stack.append((node, group, True))
            children = list(node.iter(include_text=True))
            for child in reversed(children):
                stack.append((child, inner_group, False))

    def text(self) -> str:
        out: list[str] = []
        prev_group: int | None = None
        for block, group in self.blocks:
            if out:
                out.append("\n" if group is not None and group == prev_group else "\n\n")
            out.append(block)
            prev_group = group
        return "".join(out)


def _page_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("title")
    title = node.text(strip=True) if node else ""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    return max(parts[:2], key=len) if parts else None  # "Headline | Section | Site" gives the headline


def _is_dated(text: str) -> bool:
    return any(m.year is not None for m in find_dates(text))


def _has_date_near_top(text: str) -> bool:
    return any(m.year is not None for m in find_dates(text, 0, min(len(text), 400)))


_TRAFILATURA_MIN_WORDS = 10  # fewer words than this from trafilatura: it found no article
_AGREEMENT = 0.8  # share of the precise extraction's word 4-grams the structural one must also have
_WORD = re.compile(r"\w+")
_XML_BLOCKS = {"head", "p", "quote", "code", "list", "table", "div", "section"}
_log = logging.getLogger("copydesk.htmltext")
# trafilatura turns no-break spaces into spaces; they go through it as a printable stand-in and come back
_NBSP_IN_HTML = re.compile(r"\u00a0|&nbsp;?|&#0*160;|&#[xX]0*[aA]0;")
_ARIA_HIDDEN = re.compile(r"\saria-hidden=", re.IGNORECASE)
_NBSP_STAND_IN = "\U0001d159"  # MUSICAL SYMBOL NULL NOTEHEAD: printable, left alone, absent from news pages
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its messages may quote the page


def _shingles(text: str) -> collections.Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return collections.Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3))) if words \
        else collections.Counter()


def _agreement(part: str, whole: str | collections.Counter[tuple[str, ...]]) -> float:
    """The share of `part`'s word 4-grams (a multiset) that `whole` (a text, or its `_shingles`) also has: 0 to 1."""
    a = _shingles(part)
    b = whole if isinstance(whole, collections.Counter) else _shingles(whole)
    return sum((a & b).values()) / max(1, sum(a.values()))


def _trafilatura(html: str, precise: bool) -> _Walker:
    """trafilatura's extraction as our block text ('' when it finds nothing or fails): precision-favouring
    with its fallback extractors, or plain without them; never reader comments."""
    import trafilatura  # imported on first use: it takes a few hundred milliseconds

    # trafilatura drops aria-hidden elements; sighted readers see them, and our own walk judges them
    html = _ARIA_HIDDEN.sub(" data-aria-hidden=", html)
    stand_in = _NBSP_STAND_IN not in html
    if stand_in:
        html = _NBSP_IN_HTML.sub(_NBSP_STAND_IN, html)
    try:
        xml = trafilatura.extract(html, output_format="xml", favor_precision=precise, fast=not precise,
                                  include_comments=False, include_tables=True, include_images=False,
                                  include_links=False, include_formatting=False)
    except Exception as exc:  # noqa: BLE001 - a page it cannot read is a page without its extraction, not a failure
        _log.warning("trafilatura failed", extra={"error": type(exc).__name__})
        xml = None
    walker = _Walker()
    if not xml:
        return walker
    from lxml import etree

    try:
        main = etree.fromstring(xml).find("main")
    except etree.XMLSyntaxError:
        main = None
    if main is not None:
        _walk_xml(main, walker, None)
        walker.flush(None)
    if stand_in:
        walker.blocks = [(b.replace(_NBSP_STAND_IN, "\u00a0"), g) for b, g in walker.blocks]
    return walker


def _walk_xml(node: Any, walker: _Walker, group: int | None) -> None:
    """trafilatura's XML (head, p, list/item, table/row/cell, quote, lb) into blocks, as `_Walker` does HTML."""
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in {"list", "table"}:
            walker.flush(group)
            inner = id(child)
            for item in child:
                walker.flush(inner)
                if item.tag == "row":
                    walker.buf.append(" ".join(" ".join(c.itertext()) for c in item))
                else:
                    _inline(item, walker)
                walker.flush(inner)
            walker.flush(inner)
        elif tag in _XML_BLOCKS or tag == "item":
            walker.flush(group)
            if any(isinstance(c.tag, str) and c.tag in _XML_BLOCKS for c in child):
                if child.text:
                    walker.buf.append(child.text)
                _walk_xml(child, walker, group)
            else:
                _inline(child, walker)
            walker.flush(group)
        else:
            _inline(child, walker)
        if child.tail:
            walker.buf.append(child.tail)


def _inline(node: Any, walker: _Walker) -> None:
    """The text of one block, `<lb/>` as a line break."""
    if node.text:
        walker.buf.append(node.text)
    for child in node:
        if child.tag == "lb":
            walker.buf.append("\n")
        else:
            _inline(child, walker)
        if child.tail:
            walker.buf.append(child.tail)


def _choose(html: str, structural: str) -> tuple[str, Literal["precise", "plain", "structural"]]:
    """The extraction to keep. Of two that agree (80% of one's word 4-grams in the other), the tighter: trafilatura's
    precise one inside ours, or ours inside trafilatura's plain one. Where they disagree, trafilatura's plain one;
    where trafilatura finds no article (under 10 words), ours."""
    precise = _trafilatura(html, precise=True)
    text = precise.text()
    ours = _shingles(structural)
    if len(text.split()) >= _TRAFILATURA_MIN_WORDS and _agreement(text, ours) >= _AGREEMENT:
        # of what both kept, the blocks the structural extraction has too (it saw the page's structure)
        squashed = _SPACE_RUN.sub(" ", structural)
        precise.blocks = [(b, g) for b, g in precise.blocks
                          if _SPACE_RUN.sub(" ", b) in squashed or _agreement(b, ours) >= 0.5]
        return precise.text(), "precise"
    plain = _trafilatura(html, precise=False).text()
    if structural.strip() and _agreement(structural, plain) >= _AGREEMENT:
        return structural, "structural"  # the plain extraction holds ours and more: of two that agree, the tighter
    if len(plain.split()) >= _TRAFILATURA_MIN_WORDS:
        return plain, "plain"
    return structural, "structural"


def structural_article(html: str) -> ExtractedArticle:
    """Our structural extraction alone: the article element's text with furniture elements dropped,
    the headline put first when it sits outside, and a publication date from a dropped byline."""
    return _extract(html, use_trafilatura=False)


def extract_article(html: str) -> ExtractedArticle:
    """The article text of an HTML page or fragment, its headline if there is one, and the method used."""
    return _extract(html, use_trafilatura=True)


# A document type declaration with an internal subset (`<!DOCTYPE html [<!ENTITY x SYSTEM "...">]>`: XML's
# syntax, XML 1.0 section 2.8) is no HTML: an HTML5 parser ends the declaration at its first ">" (WHATWG HTML,
# "bogus DOCTYPE state") and reads the rest ("]>") as text. Such a declaration is cut whole before either
# extractor reads the page; its entities are never expanded ("&x;" stays as written).
_DOCTYPE_OPEN = re.compile(r"<!doctype\b", re.IGNORECASE)
# the rest of an internal subset after its "[": quoted strings may hold "]" or ">"; possessive, so linear time
_SUBSET_REST = re.compile(r"""(?:[^\]"']++|"[^"]*+"|'[^']*+')*+\]\s*+>""")


def without_internal_subsets(html: str) -> str:
    """`html` with every `<!DOCTYPE name ... [ ... ]>` (any name) cut out whole; a declaration without a
    subset is kept, and one whose subset is left open (no closing "]>") is left as it is, with all after it.
    Linear time: each scan starts where the previous one ended."""
    kept: list[str] = []
    done = pos = 0
    bracket = -1
    while (m := _DOCTYPE_OPEN.search(html, pos)) is not None:
        close = html.find(">", m.end())
        if bracket < m.end():
            bracket = html.find("[", m.end())
        if close < 0 or bracket < 0:
            break
        if close < bracket:  # no internal subset: the parser reads it as a doctype
            pos = close + 1
            continue
        rest = _SUBSET_REST.match(html, bracket + 1)
        if rest is None:
            break
        kept.append(html[done:m.start()])
        done = pos = rest.end()
    return "".join(kept) + html[done:] if kept else html


def _extract(html: str, use_trafilatura: bool) -> ExtractedArticle:
    html = without_internal_subsets(html)
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return ExtractedArticle("", None)
    title = _page_title(tree)
    # the headline and the published date often sit outside <article>, or inside a byline that goes
    times = [t.text(strip=True) for t in tree.css("time") if t.text(strip=True)]
    for node in tree.css("script, style, noscript, template"):
        node.decompose()  # their text is not the article's, and must not make a container look long
    root = _choose_root(tree)
    h1 = tree.css_first("h1")
    headline = _SPACE_RUN.sub(" ", h1.text(strip=True)) if h1 is not None else None
    structural = ""
    headline_inside = False
    if root is not None:
        headline_inside = h1 is not None and h1.mem_id != root.mem_id and root.mem_id in _ancestors(h1)
        _drop_furniture(root)
        walker = _Walker()
        walker.walk(root)
        walker.flush(None)
        structural = walker.text()
    text, method = _choose(html, structural) if use_trafilatura else (structural, "structural")
    prefix: list[str] = []
    if method == "structural":
        add_headline = bool(headline) and not headline_inside and root is not None and root.tag != "body"
    else:
        add_headline = bool(headline) and _SPACE_RUN.sub(" ", text[:len(headline or "") + 400]).find(
            headline or "") < 0
    if add_headline and headline:
        prefix.append(headline)
    if times and not _has_date_near_top(text):
        dated = [t for t in times if _is_dated(t)]
        if dated:
            prefix.append(_SPACE_RUN.sub(" ", dated[0]))
    if prefix:
        text = "\n\n".join(prefix + ([text] if text else []))
    return ExtractedArticle(text, headline or title, method)


def extract_text(html: str) -> tuple[str, str | None]:
    """The article text of an HTML page or fragment, and its headline (kept for callers of the first version)."""
    article = extract_article(html)
    return article.text, article.title
