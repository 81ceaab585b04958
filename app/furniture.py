"""Page furniture: the lines of a page that are not the article.

The one place the rules live. A line is furniture only as a whole line;
"Share prices fell 4 percent." is news, "Share" alone is a button.
"""

from __future__ import annotations

import re

_SINGLE = {
    "share", "share this", "share this article", "share this story", "share article", "tweet", "print",
    "email", "e-mail", "comments", "comment", "menu", "search", "close", "next", "previous", "home",
    "back to top", "top", "read more", "more", "advertisement", "advertising", "ad", "sponsored",
    "sponsored content", "local news", "related stories", "related articles", "related", "related content",
    "related topics", "most read", "most popular", "trending", "top stories", "more stories",
    "more from this section", "recommended", "recommended for you", "you may also like", "see also",
    "skip to content", "skip to main content", "skip to navigation", "listen to this article",
    "sign up", "sign in", "log in", "login", "register", "subscribe", "subscribe now", "newsletter",
    "follow us", "copy link", "link copied", "save", "save article", "gift this article", "image caption",
    "image source", "media caption", "getty images", "reuters", "ap", "afp", "loading", "watch", "video",
    "live", "view comments", "show comments", "hide caption", "toggle caption", "enlarge this image",
    "story continues below advertisement", "article continues below", "continue reading",
    "accept cookies", "accept all", "reject all", "manage cookies", "cookie settings", "breaking news",
    "editor's picks", "editors' picks", "don't miss", "latest news", "view all", "load more",
}
_PATTERNS = [
    ("promo", r"(read more|read next|related|see also|also read|recommended|more on this story|watch|"
              r"listen|more from|latest|up next|don't miss|must read)\s*[:»›|–—-]\s*\S.*"),
    ("share", r"share (on|via|to|this on) \w+.*"),
    ("share", r"(share|tweet|email|print)(\s*[|·•/]\s*(facebook|twitter|x|linkedin|whatsapp|email|print|copy link|reddit|share))+"),
    ("copyright", r"(©|\(c\)).*"),
    ("copyright", r"copyright\s*(©|\(c\))?\s*(\d{4}|by\b).*"),
    ("copyright", r".*\ball rights reserved\b.*"),
    ("photo-credit", r"(photo|photograph|photos|image|picture|pictures|credit|photo credit|illustration|video)s?\s*(credit)?\s*:\s*\S.*"),
    ("photo-credit", r"\(?(getty images|reuters|ap photo|afp|epa|associated press|shutterstock)(\s*[/|].*)?\)?"),
    ("photo-credit", r"(image|media) (caption|source),?.*"),
    ("timestamp", r"(updated|published|posted|last updated|first published|modified)\s*:?\s*.{0,60}\d.{0,40}"),
    ("reading-time", r"\d+\s*(-\s*)?min(ute)?s?\s+read"),
    ("social", r"follow (us|@?\w+) on \w+.*"),
    ("newsletter", r"(subscribe|sign up|register)\b.{0,80}(newsletter|inbox|updates|free|today|now|here).*"),
    ("cookies", r".*\bcookies?\b.*\b(accept|consent|privacy|policy|settings|experience)\b.*"),
    ("comments", r"\d+\s+comments?"),
    ("advert", r"(advertisement|sponsored)\s*[-–—:|].*"),
]
_COMPILED = [(name, re.compile(rf"^{pat}$", re.IGNORECASE)) for name, pat in _PATTERNS]
_NAV_SEP = re.compile(r"\s+[|·•»›/]\s+|\s{3,}")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|[A-Z]{2,}[\w'’.-]*|de|van|von|der|la|al|bin)$")
_ROLE_TAIL = re.compile(
    r"^(staff|senior|chief|special|political|business|sports?|science|health|foreign|local|"
    r"associated|the|a|an|\w+ (writer|reporter|correspondent|editor)|writer|reporter|correspondent|editor|"
    r"press|news|cnn|bbc|reuters|afp|ap|bloomberg|for|in|and|with|contributing|[A-Z][\w'-]*)", re.IGNORECASE)
_FINAL = tuple('.!?;,"”’\'…')


def _is_byline(line: str) -> bool:
    """'By Jane Smith', 'By JANE SMITH and ROB LEE, Associated Press'; not 'By Tuesday, the river had crested.'."""
    m = re.match(r"^by\s+(.+)$", line, re.IGNORECASE)
    if not m or line.endswith(_FINAL) or len(line.split()) > 14:
        return False
    head, _, tail = m.group(1).partition(",")
    tokens = [t for t in re.split(r"\s+", head.strip()) if t.lower() not in {"and", "&"}]
    if not tokens or not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if tokens[0].lower() in {w.capitalize().lower() for w in (
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "then", "now",
            "the", "law", "contrast", "comparison", "far", "year", "noon", "midnight", "dawn")}:
        return False
    tail = tail.strip()
    return not tail or bool(_ROLE_TAIL.match(tail))


def _is_nav(line: str) -> bool:
    """A navigation bar: 'Home | News | Sport | Weather'."""
    items = [i for i in _NAV_SEP.split(line) if i.strip()]
    if len(items) < 3:
        return False
    return all(len(i.split()) <= 3 and not i.strip().endswith((".", "?", "!")) for i in items)


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a whole line matches, or None when it is news."""
    stripped = line.strip().strip("\u00a0\u200b\ufeff")
    if not stripped:
        return None
    low = re.sub(r"\s+", " ", stripped.lower()).strip(" :»›|•·-–—")
    if low in _SINGLE:
        return "ui"
    for name, pattern in _COMPILED:
        if pattern.match(stripped):
            # a full sentence that merely starts like a promo or a timestamp is news
            if name in {"timestamp", "newsletter", "social"} and stripped.endswith(".") and len(stripped.split()) > 12:
                continue
            return name
    if _is_byline(stripped):
        return "byline"
    if _is_nav(stripped):
        return "navigation"
    return None
