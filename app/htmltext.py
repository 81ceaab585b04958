"""HTML in, article text out: furniture elements dropped, paragraph breaks kept, entities decoded."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
    "iframe", "svg", "canvas", "select", "input", "textarea", "object", "embed", "figure", "menu", "dialog",
)
_DROP_HINT = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|promo|advert|ads?|ad-slot|advertisement|newsletter|cookie|"
    r"consent|breadcrumbs?|comments?|byline|subscribe|paywall|sidebar|recommend(ed|ations)?|most-read|"
    r"trending|tags|author-bio|skip-link|visually-hidden|sr-only)($|[\s_-])",
    re.IGNORECASE,
)
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd", "td", "th",
           "caption", "div", "section", "article", "main", "ul", "ol", "table", "tr", "body", "br", "hr"}
_ROOT_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]", "body")


def _drop_furniture(root: LexborNode) -> None:
    for tag in _DROP_TAGS:
        for node in root.css(tag):
            node.decompose()
    for node in root.css("[class], [id], [role], [aria-hidden]"):
        attrs = node.attributes
        if attrs.get("aria-hidden") == "true" or attrs.get("role") in {"navigation", "banner", "contentinfo",
                                                                        "complementary"}:
            node.decompose()
            continue
        hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if node.tag not in {"article", "main", "body", "html"} and _DROP_HINT.search(hint):
            node.decompose()


def _blocks(node: LexborNode, out: list[str], buf: list[str]) -> None:
    """Walk the tree, gathering inline text into `buf` and flushing a block at each block boundary."""
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag == "br":
            buf.append("\n")
        elif tag in _BLOCKS:
            _flush(out, buf)
            _blocks(child, out, buf)
            _flush(out, buf)
        elif tag in {"-comment", "-doctype"}:
            continue
        else:
            _blocks(child, out, buf)


def _flush(out: list[str], buf: list[str]) -> None:
    if not buf:
        return
    raw = "".join(buf)
    buf.clear()
    lines = [re.sub(r"[ \t\r\f\v\n]+", " ", part).strip(" ") for part in raw.split("\n")]
    block = "\n".join(line for line in lines if line.strip(" \u00a0"))
    if block.strip():
        out.append(block)


def extract_text(html: str) -> tuple[str, str | None]:
    """The article text of an HTML page or fragment, and the page title if there is one."""
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    root = tree.root
    if root is None:
        return "", title
    _drop_furniture(root)
    body = None
    for selector in _ROOT_SELECTORS:
        body = tree.css_first(selector)
        if body is not None and body.text(strip=True):
            break
    out: list[str] = []
    buf: list[str] = []
    _blocks(body or root, out, buf)
    _flush(out, buf)
    return "\n\n".join(out), title
