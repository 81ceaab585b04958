"""A thing offered as its own alternative: an editing slip, flagged with low confidence.

Catches: "Istanbul’s Dolmabahçe Palace or NATO-allied Dolmabahçe Palace"; "Hamburg or Germany’s Hamburg".
Must not flag: "Istanbul or Ankara"; "the Riverside Palace or the Dolmabahçe Palace"; a qualifier that makes
another category of the same name ("Republican or leaning Republican", "Labour or former Labour", "Tory or
anti-Tory": a participle, or a word of degree, time or negation, plain English).
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.checks.base import Finding
from app.document import Document

# x: one to four capitalised words (`(?<![\w’'-])(?:[A-Z][\w’'-]*+\s+){0,3}[A-Z][\w’'-]*+`, the same words in the same
# order of trial), written to open on the capital so that `re` looks only at capitals
_SELF_ALTERNATIVE = re.compile(
    r"(?P<x>[A-Z](?<![\w’'-][A-Z])[\w’'-]*+(?:\s+[A-Z][\w’'-]*+){0,3})\s+or\s+(?:the\s+)?(?P<q>(?:[\w’'-]+\s+){1,2}?)"
    r"(?P=x)\b")


_ANOTHER_KIND = caseless(r"[a-z]+ing|(?:former|ex|non|anti|pro|not|semi|quasi|nominally|mostly|largely|partly|"
                           r"formerly|once|soon-to-be|would-be|so-called|self-described|lapsed|moderate|hardline|"
                           r"independent)(?:-)?")


def check_alternatives(document: Document) -> list[Finding]:
    """'X or <qualifier> X': the same name on both sides of an 'or'."""
    findings: list[Finding] = []
    for s in document.body:
        for m in _SELF_ALTERNATIVE.finditer(document.text, s.start, s.end):
            before = document.text[max(s.start, m.start("x") - 30):m.start("x")].split()
            if before and before[-1][:1].isupper() and not re.search(r"[’']s$", before[-1]):
                continue  # "Riverside Palace or the Dolmabahçe Palace": x is only the tail of a longer name
            q = m.group("q").strip()
            if _ANOTHER_KIND.fullmatch(q):
                continue  # "Republican or leaning Republican": another category, not the same one twice
            x = m.group("x")
            findings.append(Finding(
                check="alternatives", type="logical",
                a=(document.span(m.start("x"), m.end("x")),), b=(document.span(m.start("q"), m.end()),),
                explanation=(f"“{x}” is offered as an alternative to itself (“… or {m.group('q').strip()} {x}”). "
                             f"Probably an editing slip: one of the two was meant to name something else."),
                confidence=0.4,
            ))
    return findings
