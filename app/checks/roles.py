"""One named person given two incompatible roles.

Catches: "Finance Minister Ana Ruiz" and "Health Minister Ana Ruiz".
Must not flag: "Health Minister Rui Cabral" beside "Finance Minister Ana Ruiz" (two people); "Director Ana Ruiz"
beside "Film Director Ana Ruiz" (one title more specific); capitals glued on by scraping ("homage to Saint
Katherine Director Michael Redwood");
"former Health Minister Ana Ruiz" or "Ana Ruiz, who was appointed Health Minister" (a change of post).
"""

from __future__ import annotations

import re

from app.caseless import caseless, word_start
from app.checks.base import Finding
from app.document import Document
from app.models import Span

_ROLE_NOUNS = (r"Minister|Secretary|Mayor|Governor|Director|Chancellor|President|Chief Executive|Coach|Manager|"
               r"Captain|Senator|Commissioner|Ambassador|Judge|Treasurer|Chair|Chairman|Chairwoman|Spokesman|"
               r"Spokeswoman|Superintendent|Sheriff|Prosecutor|Attorney General|Speaker|Leader|Chief")
_ROLE = re.compile(rf"(?P<title>(?:[A-Z][a-z]+\s+){{0,3}}(?:{_ROLE_NOUNS}))\s+"
                   rf"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][\w’'-]+){{1,2}})")
_ROLE_HINT = re.compile(rf"(?:{word_start(_ROLE_NOUNS)})\s+[A-Z]")  # `\b(?:_ROLE_NOUNS)\s+[A-Z]`
_GLUED = re.compile(r"\b(?:to|and|of|with|for|by|from|between|at|than)\s+$")
_CHANGE = caseless(r"\b(?:former|formerly|then|ex|new|newly|appointed|named|replaces|replaced|replacing|became|"
                     r"become|moved|promoted|previously|acting|interim|until|succeeds|succeeded|nominated|"
                     r"elected|steps? down|resigned|will become)\b")


def check_roles(document: Document) -> list[Finding]:
    """The same full name under two different titles of the same kind (two ministries, two clubs' coaches)."""
    seen: dict[str, list[tuple[str, Span]]] = {}
    findings: list[Finding] = []
    for s in document.body:
        if not _ROLE_HINT.search(s.text):
            continue
        for m in _ROLE.finditer(document.text, s.start, s.end):
            around = document.text[max(s.start, m.start() - 30):min(s.end, m.end() + 40)]
            if _CHANGE.search(around):
                continue
            title = " ".join(w for w in m.group("title").split() if w not in {"The", "A", "An"})
            if len(title.split()) > 1 and _GLUED.search(document.text[max(s.start, m.start() - 9):m.start()]):
                # "pay homage to Saint Katherine Director Michael Redwood": after "to" or "and" the capitals
                # before the role are the end of another phrase (a sentence glued by scraping), not its title
                title = title.split()[-1]
            name = re.sub(r"[’']s$", "", m.group("name"))
            span = document.span(m.start(), m.end())
            for other_title, other_span in seen.get(name, []):
                if other_title != title and other_title.split()[-1] == title.split()[-1] \
                        and not other_title.endswith(" " + title) and not title.endswith(" " + other_title):
                    findings.append(Finding(
                        check="roles", type="entity", a=(other_span,), b=(span,),
                        explanation=(f"{name} is called {other_title} here and {title} later. "
                                     f"Check which post {name} holds."),
                        confidence=0.8,
                    ))
                    break
            seen.setdefault(name, []).append((title, span))
    return findings
