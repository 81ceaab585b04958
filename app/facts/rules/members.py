"""A counted group of people against the people the article names as its members.

`rule_members`: "the four people who take part" against "Others taking part are artist Ruth Kendal, dancer Carys
Mostyn, Owen Mather and the filmmaker himself" (four more, so at least five), "The three men arrested were
named as A, B, C and D", or "four survivors: A, B and C". The group and the list are tied by what the group does, by lemma ("who take part" /
"taking part"; "were arrested" / "arrested"), or by a colon or "named as" right after the count. A list item is
a member when the people registry (`app.facts.people`) has a person in it or it is a short role phrase ("the
filmmaker himself", "his wife"); a fragment after a comma that describes the item before ("who lives in
Birmingham", "an 11-year-old from near Rhayader", "from Newport") is not another member.

Counting: a list after "Others"/"also" adds at least one member named before; a list after "include" or
"including" may be partial, so it fails only when it is longer than the count; a plain list ("are A, B and C")
must match the count exactly. Must not flag: a list with any item that is not a person, a group whose verb the
list does not share, a list inside a quotation of someone else's count ("including" lists shorter than the count).
"""

from __future__ import annotations

import re

from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.groups import CountMention, getAllLemmas, read_counts
from app.facts.lemmas import lemma
from app.facts.numbers import fmt, words_value
from app.facts.people import PeopleRegistry

_PERSON_NOUNS = {"people", "person", "man", "woman", "child", "boy", "girl", "member", "player", "participant",
                 "athlete", "victim", "suspect", "candidate", "finalist", "contestant", "competitor", "student",
                 "teenager", "adult", "volunteer", "officer", "soldier", "worker", "survivor", "passenger",
                 "hostage", "winner", "nominee", "defendant", "artist", "musician", "friend", "sibling", "son",
                 "daughter", "brother", "sister", "relative", "individual", "pupil", "crew", "climber", "guest"}
_WEAK = {"in", "on", "at", "the", "a", "an", "to", "of", "for", "with", "by", "from", "as", "and", "or", "their",
         "his", "her", "its", "this", "that", "it", "them", "are", "were", "is", "was", "be"}
# what a group does: "who take part", "who were arrested", "taking part", "killed in"
_GROUP_VERB = re.compile(r"\s+(?:(?:who|that)\s+(?:(?:are|were|is|was|will|would|have|has|had|did|do|does|also|"
                         r"all|both|been|being)\s+)*)?(?P<v>[a-z]+(?:ing|ed)?)\b(?:\s+(?P<w>[a-z]+))?")
_LIST_OPEN = re.compile(r"\b(?P<v>[a-z]+)(?:\s+(?P<w>[a-z]+))?\s+(?P<cop>are|were|include|included|includes|"
                        r"(?:were|are|have\s+been|had\s+been)\s+(?:named|identified)\s+as)\s+")
_COLON = re.compile(r"\s*(?::|\s[–—-])\s+(?=[A-Z])")
_OTHERS = re.compile(r"\b(?:[Oo]thers?|[Aa]lso|[Aa]longside|[Jj]oining|[Aa]nother|[Tt]oo)\b")
_CONTINUES = re.compile(r"(?:who|whose|which|from|of|in|at|based|now|aged|an?|near|with|both|all|each|whom|"
                        r"where|when|then|later|formerly|once|himself|herself|\d+)\b")
_GIVEN = re.compile(r"[A-Z][a-z’'-]+")  # a given name alone ("Adam, Salma and Aliya"): the count says they are people
_ROLE = re.compile(r"(?:the|his|her|their)\s+[a-z][\w-]*(?:\s+(?:himself|herself|themselves))?")


def _key(v: str, w: str | None) -> tuple[str, str]:
    return lemma(v), ("" if w is None or w in _WEAK else w)


def _verb(word: str) -> bool:
    return word not in _WEAK and "VERB" in getAllLemmas(word)


def _group_keys(text: str, c: CountMention, start: int, end: int) -> set[tuple[str, str]]:
    """What the counted group does: the verb after it ("who take part", "taking part", "killed in") or the
    verb before it ("arrested three men")."""
    keys = set()
    m = _GROUP_VERB.match(text, c.end, end)
    if m and _verb(m.group("v")):
        keys.add(_key(m.group("v"), m.group("w")))
    before = re.search(r"\b([a-z]+)\s+(?:the\s+|all\s+|some\s+)?$", text[max(start, c.start - 30):c.start])
    if before and before.group(1).endswith("ed") and _verb(before.group(1)):
        keys.add((lemma(before.group(1)), ""))
    return keys


def _list_keys(v: str, w: str | None) -> set[tuple[str, str]]:
    """'taking part are' -> {('take', 'part'), ('part', '')}; 'men arrested were' -> {..., ('arrest', '')}."""
    keys = {_key(v, w)}
    if w is not None:
        keys.add(_key(w, None))
    return keys


def _members(text: str, start: int, end: int, registry: PeopleRegistry) -> int | None:
    """The number of people a list names (text[start:end]), or None when an item is not a person."""
    raw = text[start:end]
    stop = re.search(r"[;.]\s|[;.]?$", raw)
    raw = raw[:stop.start()] if stop else raw
    pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[^,]+", raw)]
    items: list[tuple[int, str]] = []
    for off, piece in pieces:
        parts = re.split(r"(\s+and\s+)", piece)
        pos = off
        for k, part in enumerate(parts):
            if k % 2 == 1:
                pos += len(part)
                continue
            stripped = part.strip()
            lead = len(part) - len(part.lstrip())
            if stripped and k == 0 and items and (_CONTINUES.match(stripped) or words_value(stripped) is not None):
                pos += len(part)
                continue  # describes the item before: "who lives in Birmingham", "an 11-year-old from ..."
            if stripped:
                items.append((start + pos + lead, stripped))
            pos += len(part)
    if len(items) < 2:
        return None
    count = 0
    for s, item in items:
        item = re.sub(r"^and\s+", "", item)
        if registry.mentions_in(s, s + len(item) + 4) or _ROLE.fullmatch(item) or _GIVEN.fullmatch(item):
            count += 1
        else:
            return None
    return count


def rule_members(document: Document) -> list[Finding]:
    """'the four people who take part' against the people listed as taking part."""
    facts = facts_of(document)
    text = document.text
    groups: list[tuple[CountMention, set[tuple[str, str]], int]] = []
    colons: list[tuple[CountMention, int, int]] = []
    for i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        for c in read_counts(text, numbers, s.start, s.end):
            if c.noun not in _PERSON_NOUNS or c.partial or c.number.bound != "exact" or c.number.is_range \
                    or not 2 <= c.number.value <= 20:
                continue
            keys = _group_keys(text, c, s.start, s.end)
            if keys:
                groups.append((c, keys, i))
            colon = _COLON.match(text, c.end, s.end)
            if colon and not c.partial and c.number.bound == "exact":
                colons.append((c, colon.end(), s.end))
    if not groups and not colons:
        return []
    registry = facts.people
    findings: list[Finding] = []
    for c, start, end in colons:  # "four people: A, B, C and D" - the list is the group
        named = _members(text, start, end, registry)
        n = int(c.number.value)
        if named is None or named == n:
            continue
        findings.append(Finding(
            check="members", type="numeric", a=(document.span(c.start, c.end),), b=(document.span(start, end),),
            explanation=f"“{text[c.start:c.end]}” counts {fmt(n)}, but the list after it names {named}.",
            confidence=0.6,
        ))
        return findings
    for c, keys, i in groups:
        for j, s in enumerate(facts.body):
            for lm in _LIST_OPEN.finditer(text, s.start, s.end):
                if not keys & _list_keys(lm.group("v"), lm.group("w")) or (j == i and lm.start() < c.end):
                    continue
                named = _members(text, lm.end(), s.end, registry)
                if named is None:
                    continue
                head = text[s.start:lm.start()]
                others = bool(_OTHERS.search(head)) and j != i
                partial = lm.group("cop").startswith("includ")
                least = named + (1 if others else 0)
                n = int(c.number.value)
                if least <= n if (others or partial) else least == n:
                    continue
                said = f"at least {least}" if others or partial else str(least)
                findings.append(Finding(
                    check="members", type="numeric", a=(document.span(c.start, c.end),),
                    b=(document.span(lm.start(), s.end),),
                    explanation=(f"“{text[c.start:c.end]}” counts {fmt(n)}, but the list names {named}"
                                 + (" and opens with “others”, so at least one more was named before" if others
                                    else "") + f": {said}."),
                    confidence=0.6,
                ))
                return findings
    return findings


__all__ = ["rule_members"]
