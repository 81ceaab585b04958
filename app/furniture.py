"""Page furniture: the lines of a page that are not the article.

The one place the rules live. A line is furniture only as a whole line;
"Share prices fell 4 percent." is news, "Share" alone is a button. Two entry
points: `furniture_rule` judges one line on its own, `furniture_lines` judges
the lines of a page together, so that the headlines listed under "Related
Stories" are furniture too although each looks like a heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.caseless import caseless

# Lines longer than this are prose, never furniture; the bound also keeps the
# backtracking patterns below linear on a 200,000-character one-line article.
MAX_FURNITURE_CHARS = 300

_SINGLE = {
    "share", "share this", "share this article", "share this story", "share article", "share story", "tweet",
    "print", "print this page", "print this article", "email", "e-mail", "email this", "comments", "comment",
    "menu", "search", "close", "next", "previous", "home", "back to top", "top", "return to top", "read more",
    "more", "advertisement", "advertising", "ad", "sponsored", "sponsored content", "related stories",
    "related articles", "related", "related content", "related topics", "related links", "most read",
    "most popular", "most viewed", "trending", "trending now", "top stories", "more stories", "more on this story",
    "more from this section", "recommended", "recommended for you", "you may also like", "you might also like",
    "see also", "skip to content", "skip to main content", "skip to navigation", "listen to this article",
    "listen to this story", "sign up", "sign in", "log in", "login", "log out", "register", "subscribe",
    "subscribe now", "newsletter", "newsletters", "follow us", "copy link", "link copied", "save", "save article",
    "saved", "gift this article", "image caption", "image source", "media caption", "getty images", "reuters", "ap",
    "afp", "loading", "loading...", "watch", "video", "live", "view comments", "show comments", "hide comments",
    "hide caption", "toggle caption", "enlarge this image", "story continues below advertisement",
    "article continues below", "article continues below advertisement", "continue reading", "continue reading below",
    "accept cookies", "accept all", "reject all", "manage cookies", "cookie settings", "cookie policy",
    "manage preferences", "breaking news", "editor's picks", "editors' picks", "editor’s picks", "don't miss",
    "don’t miss", "view all", "load more", "show more", "see more", "privacy policy", "privacy notice",
    "terms of use", "terms of service", "terms and conditions", "terms & conditions", "contact us", "contact",
    "about us", "about", "careers", "accessibility", "site map", "sitemap", "join the conversation",
    "open in app", "download our app", "download the app", "get the app", "report an error", "report a correction",
    "report a typo", "corrections", "corrections policy", "topics", "tags", "filed under", "photos", "gallery",
    "view gallery", "opinion", "play", "pause", "mute", "unmute", "expand", "collapse", "show caption",
}
# "Local News", "World News": section names used as labels.
_SECTION = re.compile(
    r"(local|world|national|international|regional|business|sports?|politics|political|uk|us|u\.s\.|"
    r"top|latest|more|breaking|tech|technology|science|health|entertainment|weather|city|metro|state)\s+news")
_PATTERNS = [
    ("promo", r"(read more|read next|related|see also|also read|recommended|more on this story|watch|"
              r"listen|more from|latest|up next|don't miss|don’t miss|must read)\s*[:»›|–—-]\s*\S.*"),
    ("share", r"share (on|via|to|this on) \w+.*"),
    ("share", r"(share|tweet|email|print)(\s*[|·•/]\s*(facebook|twitter|x|linkedin|whatsapp|email|print|copy link|"
              r"reddit|share))+"),
    ("copyright", r"(©|\(c\)).*"),
    ("copyright", r"copyright\s*(©|\(c\))?\s*(\d{4}|by\b).*"),
    ("copyright", r".*\ball rights reserved\b.*"),
    ("photo-credit", r"(photo|photograph|photos|image|picture|pictures|credit|photo credit|illustration|video|"
                     r"pictured|above|top|main image|file photo|clip|video clip|footage|graphic|slideshow|gallery|audio)s?"
                     r"\s*(credit)?\s*:\s*\S.*"),  # a caption of a photo, clip or graphic: "Clip: ..."
    ("photo-credit", r"\(?(getty images|reuters|ap photo|afp|epa|associated press|shutterstock)(\s*[/|].*)?\)?"),
    ("photo-credit", r"(image|media) (caption|source),?.*"),
    ("photo-credit", r".{0,200}\((photo|photograph|picture|image|credit|video)\s*:\s*[^)]{1,60}\)"),
    ("credits", r"\(?(additional )?(reporting|writing|editing|edited|compiled|produced|research|graphics|"
                r"translation|translated)\s+by\s+[^.]{1,150}\)?\.?"),
    ("reading-time", r"\d+\s*(-\s*)?min(ute)?s?\s+read"),
    ("listen", r"listen to this (article|story)\b.{0,40}"),
    ("social", r"follow (us|@?\w+) on \w+.*"),
    ("newsletter", r"(subscribe|sign up|register)\b.{0,80}(newsletter|inbox|updates|free|today|now|here).*"),
    ("newsletter", r".{0,80}\b(your inbox|our newsletters?)\b.{0,40}"),
    ("cookies", r".*\bcookies?\b.*\b(accept|consent|privacy|policy|settings|experience)\b.*"),
    ("comments", r"(\d+\s+comments?|(show|view|hide|read|see|load)\s+(all\s+)?\d*\s*comments?\s*(\(\d+\))?)"),
    ("advert", r"(advertisement|sponsored)\s*[-–—:|].*"),
    ("app", r"(click|tap) here\b.{0,80}"),
    ("app", r"(download|get|open)\s+(our|the)\s+.{0,30}\bapp\b.{0,40}"),
    ("tags", r"(tags|topics|filed under|categories|related topics|more about)\s*:\s*\S.{0,200}"),
]
_COMPILED = [(name, re.compile(rf"^(?:{pat})$", re.IGNORECASE)) for name, pat in _PATTERNS]
# All patterns in one alternation: one call in C decides most lines (news) at once.
_ANY = re.compile("|".join(rf"(?:{pat})$" for _, pat in _PATTERNS), re.IGNORECASE)
# Timestamps: "Updated 3:42 PM EST", "Published: 10:15 BST, 3 May 2025", "Published 2 hours ago",
# "Last updated on 12 June 2025"; not "Updated figures will be published next month."
_TIMESTAMP = caseless(
    r"^(updated|published|posted|last updated|first published|modified|last modified)\b\s*(on|at)?\s*:?\s*"
    r"(?=.{0,60}(\d{1,2}[:.]\d{2}|\b\d+\s+(hours?|hrs?|minutes?|mins?|days?|weeks?)\s+ago\b|\byesterday\b|"
    r"\btoday\b|\b(19|20)\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))")
_NAV_SEP = re.compile(r"\s+[|·•»›>/]\s+|\s{3,}")
_CRUMB_SEP = re.compile(r"\s+[»›>]\s+")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|[A-Z]{2,}[\w'’.-]*|de|van|von|der|la|al|bin)$")
_ROLE_TAIL = re.compile(
    r"^(staff|senior|chief|special|political|business|sports?|science|health|foreign|local|"
    r"associated|the|a|an|\w+ (writer|reporter|correspondent|editor)|writer|reporter|correspondent|editor|"
    r"press|news|cnn|bbc|reuters|afp|ap|bloomberg|for|in|and|with|contributing|[A-Z][\w'-]*)", re.IGNORECASE)
_CREDIT_NAME = re.compile(r"\bby\s+[A-Z]")
_BY = caseless(r"^by\s+(.+)$")
_FINAL = tuple('.!?;,"”’\'…')
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "then", "now",
              "the", "law", "contrast", "comparison", "far", "year", "noon", "midnight", "dawn", "train", "car",
              "bus", "air", "sea", "road", "hand", "mail", "phone", "email", "design", "default", "nature",
              "night", "day", "morning", "evening", "afternoon", "mid", "late", "early", "some", "all", "most"}
# Headers of a block of promoted headlines: the short lines under them are furniture too.
_BLOCK_HEADERS = {
    "related stories", "related articles", "related", "related content", "related links", "more on this story",
    "most read", "most popular", "most viewed", "trending", "trending now", "top stories", "more stories",
    "you may also like", "you might also like", "recommended", "recommended for you", "read next", "see also",
    "more from this section", "editor's picks", "editors' picks", "editor’s picks", "don't miss", "don’t miss",
    "latest news", "more news", "also read", "read more", "elsewhere", "popular now", "what to read next",
}
_BLOCK_MAX_LINES = 12


def _is_byline(line: str) -> bool:
    """'By Jane Smith', 'By JANE SMITH and ROB LEE, Associated Press'; not 'By Tuesday, the river had crested.'."""
    m = _BY.match(line)
    if not m or line.endswith(_FINAL) or len(line.split()) > 14:
        return False
    head, _, tail = m.group(1).partition(",")
    tokens = [t for t in head.split() if t.lower() not in {"and", "&"}]
    if not tokens or len(tokens) > 8 or not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if tokens[0].lower() in _NOT_NAMES or any(t[:1].isdigit() for t in tokens):
        return False
    tail = tail.strip()
    return not tail or bool(_ROLE_TAIL.match(tail))


def _is_nav(line: str) -> bool:
    """A navigation bar or breadcrumb: 'Home | News | Sport', 'Home > News > Local', 'Privacy Policy | Terms'."""
    items = [i.strip() for i in _NAV_SEP.split(line) if i.strip()]
    if len(items) < 2 or not all(len(i.split()) <= 3 and not i.endswith((".", "?", "!", ",")) for i in items):
        return False
    if len(items) >= 3 or _CRUMB_SEP.search(line):
        return True
    # two items only: both must read as Title Case labels, not "7 | 4" or a quotation
    return all(re.fullmatch(r"[A-Z][\w'’&-]*(\s+([A-Z][\w'’&-]*|of|and|&|the|to|for|in|us))*", i) for i in items)


def _is_timestamp(line: str) -> bool:
    """'Updated 3:42 PM EST'; a long sentence that starts with 'Posted' is news."""
    if not _TIMESTAMP.match(line):
        return False
    return len(line.split()) <= 12 and not (line.endswith(".") and len(line.split()) > 8)


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a whole line matches, or None when it is news."""
    stripped = line.strip().strip("\u00a0\u200b\ufeff").strip()
    if not stripped or len(stripped) > MAX_FURNITURE_CHARS:
        return None
    low = " ".join(stripped.lower().split()).strip(" :»›|•·-–—")
    if low in _SINGLE or _SECTION.fullmatch(low):
        return "ui"
    if _is_timestamp(stripped):
        return "timestamp"
    if not _ANY.match(stripped):
        return "byline" if _is_byline(stripped) else "navigation" if _is_nav(stripped) else None
    words = len(stripped.split())
    for name, pattern in _COMPILED:
        if pattern.match(stripped):
            # a full sentence that merely starts like a promo, a credit or a sign-up is news
            if name in {"newsletter", "social", "credits", "app", "listen"} and stripped.endswith(".") \
                    and words > 12:
                continue
            if name == "newsletter" and words > 20:
                continue
            if name == "credits" and not _CREDIT_NAME.search(stripped):
                continue  # "Reporting by the newspaper prompted an inquiry" is news
            return name
    if _is_byline(stripped):
        return "byline"
    if _is_nav(stripped):
        return "navigation"
    return None


def _is_block_header(line: str) -> bool:
    low = " ".join(line.lower().split()).strip(" :»›|•·-–—")
    return low in _BLOCK_HEADERS


def _is_promoted_headline(line: str) -> bool:
    """A line that can be a headline listed under 'Related Stories': short, no sentence punctuation."""
    stripped = line.strip()
    return (0 < len(stripped) <= 160 and len(stripped.split()) <= 22
            and not stripped.endswith((".", ":", ";", ",", "!")) and not stripped[:1].islower())


def furniture_lines(lines: Sequence[str], blank_before: Sequence[bool] | None = None) -> list[str | None]:
    """The furniture rule of each line of a page (None for news), judging lines in context.

    Besides `furniture_rule` on each line, the headlines listed under a block header
    ("Related Stories", "Most Read") are furniture, up to the first line that reads as prose.
    `blank_before[i]` says a blank line precedes line i; a block may be separated from its
    header by one blank line but its items end at the next blank line.
    """
    rules: list[str | None] = [furniture_rule(line) for line in lines]
    i = 0
    while i < len(lines):
        if rules[i] is not None and _is_block_header(lines[i]):
            j = i + 1
            taken = 0
            while j < len(lines) and taken < _BLOCK_MAX_LINES:
                gap = blank_before[j] if blank_before is not None else False
                if gap and taken > 0:
                    break
                if rules[j] is None:
                    if not _is_promoted_headline(lines[j]):
                        break
                    # a section heading sits directly above its paragraph; a promoted headline does not
                    nxt = j + 1
                    if nxt < len(lines) and not (blank_before[nxt] if blank_before is not None else False) \
                            and rules[nxt] is None and not _is_promoted_headline(lines[nxt]):
                        break
                    rules[j] = "promo-block"
                taken += 1
                j += 1
            i = j
            continue
        i += 1
    return rules
