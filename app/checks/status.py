"""One thing said to be in a state and, elsewhere, still not in it.

Catches: "The Kestrel Street Bridge reopened to traffic on Monday" and "the bridge remains closed
to all vehicles"; "The deal was approved by shareholders" and "The merger still requires approval
from shareholders".
Must not flag: "the bridge remained closed until Monday, when it reopened" (a sequence in one
sentence); "the council approved the budget" beside "the plan still requires approval" (different things).
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.checks.base import Finding
from app.document import Document, Sentence

# (name, done, not yet)
_STATES = [
    ("open",
     re.compile(r"\b(?:re)?opened\b(?!\s+(?:fire|talks|an?\s+investigation|the\s+way|the\s+door))|\bis\s+(?:now\s+)?open\b"),
     re.compile(r"\b(?:remains?|is\s+still|stays?)\s+closed\b|\b(?:has|have)\s+not\s+(?:yet\s+)?(?:re)?opened\b|"
                r"\byet\s+to\s+(?:re)?open\b")),
    ("approved",
     re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+approved\b|\b(?:approved|ratified)\s+(?:the|its|their)\b"),
     re.compile(r"\bstill\s+(?:requires?|needs?|awaits?)\s+(?:the\s+)?approval\b|\b(?:yet\s+to\s+be\s+approved|"
                r"pending\s+approval|has\s+not\s+(?:yet\s+)?been\s+approved|awaiting\s+approval)\b")),
    ("completed",
     re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:completed|finished)\b"),
     re.compile(r"\b(?:is|are)\s+still\s+under\s+construction\b|\bnot\s+yet\s+(?:been\s+)?(?:completed|finished)\b")),
    ("released",
     re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:released|freed)\b"),
     re.compile(r"\b(?:remains?|is\s+still|are\s+still)\s+(?:in\s+(?:custody|jail|prison|detention)|detained|held)\b")),
]
# (done, not yet): every match of the state's pattern holds one of these words (read off the patterns above), so a
# sentence without any of them is not searched
_NEEDS = {
    "open": (("open",), ("closed", "open")),
    "approved": (("approved", "ratified"), ("approv",)),
    "completed": (("completed", "finished"), ("construction", "completed", "finished")),
    "released": (("released", "freed"), ("custody", "jail", "prison", "detention", "detained", "held")),
}


def _holds(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Whether `text[start:end]` holds one of `words`."""
    return any(text.find(w, start, end) != -1 for w in words)


_HEDGE = caseless(r"\b(?:if|unless|would|could|might|may|will|plans?\s+to|expected\s+to|hopes?\s+to|once)\b")
_STOP = set("the a an of to in on at by for with from and or its their his her this that these those both all "
            "any some city state county new old".split())


def _subject_words(sentence: Sentence, start: int) -> set[str]:
    """Content words of the subject before the verb and of the agent after it ('by shareholders')."""
    rel = start - sentence.start
    before = re.findall(r"[A-Za-z][\w'-]+", sentence.text[max(0, rel - 45):rel])[-4:]
    after = re.findall(r"\b(?:by|from)\s+(?:the\s+)?([A-Za-z][\w'-]+)", sentence.text[rel:rel + 60])
    words = {w.lower() for w in before + after}
    return {w for w in words if w not in _STOP and len(w) > 2 and not w.endswith("ly")}


def check_status(document: Document) -> list[Finding]:
    """A thing said to be done (reopened, approved, completed, released) and elsewhere still not done."""
    findings: list[Finding] = []
    text = document.text
    body = document.body
    if not body:
        return findings
    start, end = body[0].start, body[-1].end
    for name, done, pending in _STATES:
        done_words, pending_words = _NEEDS[name]
        # a state needs both a done and a not-yet passage: none of its words anywhere in the body, no sentence to read
        if not (_holds(text, start, end, done_words) and _holds(text, start, end, pending_words)):
            continue
        dones = [(s, m) for s in body if _holds(text, s.start, s.end, done_words)
                 for m in done.finditer(text, s.start, s.end)
                 if not _HEDGE.search(text[s.start:m.start()])]  # "if the council approves, it will have…"
        pendings = [(s, m) for s in body if _holds(text, s.start, s.end, pending_words)
                    for m in pending.finditer(text, s.start, s.end)]
        for s_done, m_done in dones:
            for s_pend, m_pend in pendings:
                if s_done.id == s_pend.id:
                    continue
                shared = _subject_words(s_done, m_done.start()) & _subject_words(s_pend, m_pend.start())
                if not shared:
                    continue
                findings.append(Finding(
                    check="status", type="factual",
                    a=(document.span(s_done.start, s_done.end),), b=(document.span(s_pend.start, s_pend.end),),
                    explanation=(f"One passage says the {sorted(shared)[0]} {m_done.group(0).strip()}; another says it "
                                 f"{m_pend.group(0).strip()}. Both cannot be true at once: one may be out of date."),
                    confidence=0.6,
                ))
                break
    return findings
