"""HTML in, article text out: furniture elements dropped, paragraph breaks kept, entities decoded.

The parser is selectolax (lexbor), a maintained HTML5 parser: it copes with fragments and
broken markup and decodes entities (`&rsquo;` to ’, `&nbsp;` to U+00A0, which is kept).
Blocks (paragraphs, headings, list items, quotations) are separated by a blank line; the
items of one list, the rows of one table and `<br>` breaks by a single line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from app.dates import find_dates

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "button", "iframe", "svg", "canvas",
    "select", "input", "textarea", "object", "embed", "figure", "figcaption", "menu", "dialog", "video", "audio",
    "picture", "img", "map", "head", "label", "option",
)
_DROP_HINT = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|promo|advert|ads?|ad-slot|advertisement|newsletter|cookie|"
    r"consent|breadcrumbs?|comments?|byline|subscribe|paywall|sidebar|recommend(ed|ations)?|most-read|"
    r"trending|tags|author-bio|skip-link|visually-hidden|sr-only|outbrain|taboola|popup|modal|toolbar|"
    r"read-more|readmore|more-stories|signup|sign-up|caption|credits?|print|banner|masthead|site-header|"
    r"site-footer|footer|nav|navbar|navigation|menu)($|[\s_-])",
    re.IGNORECASE,
)
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
    """The text of an HTML page's article and its headline (the <h1>, else the <title>'s first part)."""

    text: str
    title: str | None


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
    """The element holding the article: the <article> with the most text, else <main>, else <body>."""
    articles = [n for n in tree.css("article, [itemtype*=Article], [itemprop=articleBody]") if _text_len(n) > 0]
    mains = [n for n in tree.css("main, [role=main]") if _text_len(n) > 0]
    best_article = max(articles, key=_text_len, default=None)
    best_main = max(mains, key=_text_len, default=None)
    if best_article is not None and (best_main is None or _text_len(best_article) >= 0.5 * _text_len(best_main)):
        return best_article
    if best_main is not None:
        return best_main
    return tree.body or tree.root


def _drop_furniture(tree: LexborHTMLParser, root: LexborNode) -> None:
    """Remove elements that are page furniture, never the root or an element that holds it."""
    keep = _ancestors(root)
    root_len = max(1, _text_len(root))
    for tag in _DROP_TAGS:
        for node in root.css(tag):
            node.decompose()
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
        if (_attr(node, "aria-hidden") == "true" or "hidden" in node.attributes
                or _attr(node, "role") in _DROP_ROLES or _HIDDEN_STYLE.search(_attr(node, "style"))):
            node.decompose()
            continue
        hint = f"{_attr(node, 'class')} {_attr(node, 'id')}"
        if _DROP_HINT.search(hint) and node.tag not in {"article", "main", "body", "html", "time", "h1"} \
                and node.css_first("h1") is None \
                and _text_len(node) < 0.5 * root_len:  # a container of most of the text is not a promo
            # a byline goes, but the publication date printed in it stays where it was
            dated = [t for t in node.css("time") if _is_dated(t.text(strip=True))]
            if dated:
                node.insert_before(dated[0])
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


def extract_article(html: str) -> ExtractedArticle:
    """The article text of an HTML page or fragment, and its headline if there is one."""
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return ExtractedArticle("", None)
    title = _page_title(tree)
    # the headline and the published date often sit outside <article>, or inside a byline that goes
    times = [t.text(strip=True) for t in tree.css("time") if t.text(strip=True)]
    root = _choose_root(tree)
    if root is None:
        return ExtractedArticle("", title)
    h1 = tree.css_first("h1")
    headline = h1.text(strip=True) if h1 is not None else None
    headline_inside = h1 is not None and h1.mem_id != root.mem_id and root.mem_id in _ancestors(h1)
    _drop_furniture(tree, root)
    walker = _Walker()
    walker.walk(root)
    walker.flush(None)
    text = walker.text()
    prefix: list[str] = []
    if headline and not headline_inside and root.tag != "body":
        prefix.append(_SPACE_RUN.sub(" ", headline))
    if times and not _has_date_near_top(text):
        dated = [t for t in times if _is_dated(t)]
        if dated:
            prefix.append(_SPACE_RUN.sub(" ", dated[0]))
    if prefix:
        text = "\n\n".join(prefix + ([text] if text else []))
    return ExtractedArticle(text, _SPACE_RUN.sub(" ", headline) if headline else title)


def extract_text(html: str) -> tuple[str, str | None]:
    """The article text of an HTML page or fragment, and its headline (kept for callers of the first version)."""
    article = extract_article(html)
    return article.text, article.title
