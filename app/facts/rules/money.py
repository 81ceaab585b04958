"""One cost, price or value given two amounts.

Reads money through `app.facts.numbers` and ties each amount to what it is the cost or value of: "the bridge
will cost £14.2 million", "the £48m budget", "a stadium worth $1.2 billion", "at a cost of €5m". Two amounts
of one thing (the same head noun, the same currency) that differ by more than rounding ("£14.2 million" /
"£12.4 million") are flagged; a generic noun ("the scheme", "the project") is the one concrete thing the article
costs when that thing was named just before it ("build a flood barrier. The scheme, which will cost £14.2
million" / "the final bill for the barrier, put at £12.4 million").
Must not flag: a change or revision that says so ("originally", "rose to", "up from", "now", "over budget"),
two things ("the new stadium" / "the old stadium" keep their adjectives), two currencies ("€4bn (£3.4bn)"),
hedged amounts that overlap ("about £14m" / "£14.2m"), a total and a part ("£5m of the £12m").
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.document import Document
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.lemmas import noun_lemma
from app.facts.numbers import NumberMention, fmt_figure, fmt_money

_NOT_NP = r"(?!(?:will|would|could|is|are|has|had|was|were|be|been|cost|costs|costing|worth)\b)"
_HEDGE = r"(?:(?:about|around|roughly|some|nearly|almost|more\s+than|over|up\s+to|an\s+estimated)\s+)?"
_COST_BEFORE = re.compile(rf"\b(?i:the|its|their|a|an|this)\s+(?P<np>(?:{_NOT_NP}[a-z][\w-]*\s+){{0,2}}{_NOT_NP}[a-z][\w-]*)"
                          r"(?:,\s+which\s+|,\s+|\s+)"  # "the scheme will cost", "the scheme, which will cost"
                          r"(?:(?:will|would|could|(?:is\s+|are\s+)?(?:expected|set|due|likely)\s+to|has|had|was|were|"
                          r"is|are)\s+)?(?:cost|costs|costing|be\s+worth|worth|valued\s+at|priced\s+at)\s+"
                          rf"{_HEDGE}$")
# "the final bill for the barrier, put at £12.4 million", "the cost of the bridge is £3m": the thing costed is the
# noun after "for"/"of"
_BILL_FOR = re.compile(r"\b(?i:the|its|their)\s+(?:(?:final|total|overall|estimated|projected|expected|likely|full)\s+)?"
                       r"(?:cost|bill|price|price\s+tag|budget)\s+(?:for|of)\s+(?:the|its|their)\s+"
                       r"(?P<np>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*),?\s+(?:(?:is|was|has\s+been|had\s+been|being|"
                       r"will\s+be|would\s+be)\s+)?(?:put|estimated|set|valued|priced|projected|forecast|pegged|"
                       r"fixed|capped|stands|stood|comes|came|totals|totalled|totaled)?\s*(?:at|to)?\s*"
                       rf"{_HEDGE}$")
_COST_OF = re.compile(r"(?P<np>[a-z][\w-]*)\s+(?:at\s+a\s+cost\s+of|costing|worth)\s+(?:(?:about|around|some)\s+)?$")
_ATTRIBUTIVE = re.compile(r"^\s+(?P<np>(?:[A-Z][\w’'-]*\s+){0,3}(?:[a-z][\w-]*\s+){0,1}[a-z][\w-]*)")
_CHANGE = caseless(r"\b(?:originally|initially|first|previous|previously|rose|risen|rise|increased|increase|"
                     r"up\s+from|down\s+from|now|revised|overspend|over\s+budget|more\s+than\s+planned|extra|"
                     r"additional|another|further|last\s+year|next\s+year|a\s+year|per|each|every|annual|annually|"
                     r"a\s+month|a\s+week|of\s+the|share|part|including|than|compared|instead|rather)\b")
_HEADS = {"cost", "price", "bill", "budget", "project", "scheme", "deal", "contract", "fee", "plan", "bridge",
          "stadium", "building", "development", "redevelopment", "refurbishment", "upgrade", "renovation",
          "programme", "program", "package", "fund", "investment", "takeover", "bid", "offer", "sale",
          "purchase", "acquisition", "settlement", "award", "fine", "prize", "transfer", "loan", "grant"}


def _attributive(text: str, n: NumberMention, floor: int, end: int) -> tuple[str, ...] | None:
    """The noun an amount stands before when something is built, approved or funded ('voted to build a £14.2 million
    barrier' -> ('barrier',)), whatever the noun (not a price paid: 'bought a £2 million home'); read only
    against a cost said of the same noun with a cost word ('the barrier will cost'), never against another
    amount before a noun ('a £6m footbridge' here and 'a £3m footbridge' there may be two)."""
    a = _ATTRIBUTIVE.match(text[n.end:min(end, n.end + 60)])
    if not a or not _UNDERTAKEN.search(text[max(floor, n.start - 40):n.start]):
        return None
    words = [w for w in a.group("np").split() if not w[0].isupper()]
    while words and words[-1].lower() in _CLOSED_CLASS:
        words.pop()  # 'a £6m footbridge over the canal': the noun ends before the preposition
    return tuple(noun_lemma(w) for w in words) or None


# the object of a verb of building (Levin 1993 class 26.1: build, construct) or of approving, funding, planning or
# proposing an undertaking, right before the amount's determiner
_UNDERTAKEN = caseless(r"\b(?:build|builds|built|building|construct|constructs|constructed|constructing|approve|approves|"
                       r"approved|approving|fund|funds|funded|funding|commission|commissioned|plans?\s+for|planned|"
                       r"propose|proposes|proposed|proposing|unveil|unveils|unveiled|unveiling)\s+(?:a|an|the|its|their)"
                       r"\s+$")


# prepositions, conjunctions, auxiliaries and relative words (English closed-class words), which end a noun phrase
_CLOSED_CLASS = {"over", "in", "on", "at", "for", "of", "to", "from", "with", "by", "near", "across", "along", "into",
                 "under", "after", "before", "since", "as", "between", "and", "or", "but", "that", "which", "who",
                 "is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "may", "might"}


def _thing(text: str, n: NumberMention, floor: int, end: int) -> tuple[str, ...] | None:
    before = text[max(floor, n.start - 80):n.start]
    m = _COST_BEFORE.search(before) or _BILL_FOR.search(before) or _COST_OF.search(before)
    if m:
        words = m.group("np").split()
        return tuple(noun_lemma(w) for w in words) if words else None
    else:
        a = _ATTRIBUTIVE.match(text[n.end:min(end, n.end + 60)])  # "the £48m budget", "a $1.2bn deal"
        if not a or not re.search(r"\b(?:the|a|an|its|their)\s+$", text[max(floor, n.start - 8):n.start]):
            return None
        words = [w for w in a.group("np").split() if not w[0].isupper()]
    if not words or noun_lemma(words[-1]) not in _HEADS:
        return None
    return tuple(noun_lemma(w) for w in words)


# nouns that name an undertaking without saying what is built or bought: "the scheme", "the project" (plain English)
GENERIC = {"scheme", "project", "plan", "programme", "program", "work", "works", "proposal", "package", "development"}


def _named_thing(document: Document, items: list[tuple[tuple[str, ...], NumberMention, int]]) -> dict[int, str]:
    """Sentence index -> the concrete thing a generic noun there stands for ("voted to build a flood barrier. The
    scheme, which will cost £14.2 million" -> "barrier"): only when the article costs exactly one concrete thing
    (one head noun outside GENERIC) and that noun is printed in the generic noun's sentence or the one before it,
    as an anaphor's antecedent is."""
    concrete = {thing[-1] for thing, _n, _i in items if thing[-1] not in GENERIC}
    if len(concrete) != 1 or all(thing[-1] not in GENERIC for thing, _n, _i in items):
        return {}
    noun = next(iter(concrete))
    body = document.body
    out: dict[int, str] = {}
    for thing, _n, i in items:
        if thing[-1] in GENERIC and any(_sole_antecedent(body[j].text, noun) for j in (i - 1, i) if j >= 0):
            out[i] = noun
    return out


_WITH_OTHER = caseless(r"\b(?:and|plus|as\s+well\s+as|along\s+with|together\s+with|including)\s+(?:an?|the|new|its|"
                         r"their|two|three|several)\b")


def _sole_antecedent(sentence: str, noun: str) -> bool:
    """True when `sentence` names `noun` (by lemma) and not beside another thing ("a footbridge and a car park":
    the scheme is both, and a cost of the footbridge is a part of it)."""
    for w in re.finditer(r"[a-z][\w-]*", sentence):
        if noun_lemma(w.group(0)) == noun:
            return not _WITH_OTHER.search(sentence, max(0, w.start() - 40), w.end() + 40)
    return False


def _amount(n: NumberMention) -> str:
    """'£14.2 million'; a figure a float cannot hold, from its printed digits ('£10,000,000,…,000 (401 digits)')."""
    if n.exact is None:
        return fmt_money(n.value, n.currency)
    return fmt_money(0.0, n.currency).removesuffix("0") + fmt_figure(n)


def _label(thing: tuple[str, ...], thing2: tuple[str, ...], named: str | None, named2: str | None) -> str:
    """'barrier' or, where a generic noun stood for it, 'barrier (“the scheme”)'."""
    if named and named != thing[-1]:
        return f"{named} (“the {thing[-1]}”)"
    if named2 and named2 != thing2[-1]:
        return f"{named2} (“the {thing2[-1]}”)"
    return thing[-1]


def rule_money(document: Document) -> list[Finding]:
    """One cost or value given two amounts of one currency."""
    facts = facts_of(document)
    text = document.text
    items = []
    weak: set[int] = set()  # the amounts read by _attributive only
    for i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        for n in numbers:
            if n.kind != "money" or n.currency is None or n.is_range:
                continue
            if _CHANGE.search(text, max(s.start, n.start - 60), min(s.end, n.end + 50)):
                continue
            thing = _thing(text, n, s.start, s.end)
            if thing:
                items.append((thing, n, i))
            elif thing := _attributive(text, n, s.start, s.end):
                items.append((thing, n, i))
                weak.add(id(n))
    findings: list[Finding] = []
    named = _named_thing(document, items)
    for k, (thing, n, i) in enumerate(items):
        for thing2, n2, j in items[k + 1:]:
            if id(n) in weak and id(n2) in weak:
                continue  # two amounts before a noun, no cost word: maybe two things
            if (thing2[-1] != thing[-1] or (thing[:-1] and thing2[:-1] and thing[:-1] != thing2[:-1])) \
                    and named.get(i, thing[-1]) != named.get(j, thing2[-1]):
                continue  # one head noun; "the new stadium" and "the stadium" are one, "new" and "old" two
            if j == i or n2.currency != n.currency:
                continue
            lo, hi = n.interval(0.05)
            lo2, hi2 = n2.interval(0.05)
            rounding = 0.01 * max(n.value, n2.value)
            if lo - rounding <= hi2 and lo2 - rounding <= hi:
                continue
            findings.append(Finding(
                check="money", type="numeric", a=(document.span(n.start, n.end),), b=(document.span(n2.start, n2.end),),
                explanation=(f"The {_label(thing, thing2, named.get(i), named.get(j))} is {_amount(n)} here and "
                             f"{_amount(n2)} there. One of the amounts is wrong."),
                confidence=0.65,
            ))
            return findings
    return findings
