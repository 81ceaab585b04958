"""Reporting verbs: the verbs that introduce what someone said, in every tense.

Source of the lemmas: the English verbs of communication of Levin (1993), *English Verb Classes and
Alternations*, class 37 as carried into VerbNet 3 (say-37.7, tell-37.2, manner_speaking-37.3, talk-37.5,
complain-37.8, advise-37.9, lecture-37.11, transfer_mesg-37.1.1, inquire-37.1.2) and the judgement verbs
that take a quotation (VerbNet judgment-33: praise, criticise, accuse, blame), with the written forms of
today's reporting (write, tweet, email, blog). Verbs that are far more often something else in news
prose were left out ("put", "read", "point", "post", "text", "order"); "call" and "describe" are kept for their
quotation frame ('calls it “a disgrace”', 'describes her as “…”'). Phrasal uses take their particle ("fired
back", "pushed back", "weighed in").

Forms: the regular English inflections (-s/-es, -ed/-d/-ied with the final consonant doubled after a short
stressed vowel, -ing without a silent e) and an irregular table for the strong verbs in the list.

    REPORTING_VERBS          frozenset of every form, lower case ("said", "says", "saying", "jabbed", ...)
    is_reporting_verb(word)  True for any form, case-insensitive
    GOES_ON_VERBS            "continued", "continues": a cue only in a quotation's own frame (below)
    plural_noun_use(form, text, at)  True when the -s form ('reports', 'claims') is a plural noun there
"""

from __future__ import annotations

import re

LEMMAS = """
acknowledge add admit advise affirm allege announce answer apologise apologize argue ask assert assure
aver avow bark beg blast blog boast brag caution charge chide claim comment complain concede conclude concur
confess confide confirm congratulate contend counter cry declare demand deny disclose dismiss emphasise
emphasize email exclaim explain fume gripe groan growl grumble gush hail hint implore inform insist interject
jab joke lament laugh lecture maintain mock mourn murmur muse mutter note object observe opine plead pledge
praise predict proclaim promise pronounce propose protest query question quip rage rail reason reassure recall
recount reflect reiterate rejoin relate remark remind repeat reply report respond retort reveal roar say scoff
scold scream shout sigh slam snap snarl sneer sob speculate state stress suggest swear taunt tease tell testify
thunder tout tweet underscore urge vow warn whisper wonder write yell criticise criticize accuse blame
estimate forecast guess recommend volunteer theorise theorize posit surmise instruct admonish
berate rant sniff shrug smirk chuckle giggle stammer stutter drawl intone preach proclaim summarise summarize call describe sing reaffirm welcome specify cite ponder
""".split()

_IRREGULAR = {
    "say": ("said",), "sing": ("sang", "sung"), "tell": ("told",), "write": ("wrote", "written"), "swear": ("swore", "sworn"),
    "forecast": ("forecast",), "rejoin": ("rejoined",), "sob": ("sobbed",),
}
_DOUBLE = {"jab", "quip", "snap", "admit", "slam", "sob", "blog", "concur", "aver", "rebut", "nag", "prod"}
_PARTICLES = {"back", "in", "out", "up", "on"}


def _forms(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma in _IRREGULAR:
        forms.update(_IRREGULAR[lemma])
    elif lemma in _DOUBLE:
        forms.add(lemma + lemma[-1] + "ed")
    elif lemma.endswith("e"):
        forms.add(lemma + "d")
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms.add(lemma[:-1] + "ied")
    else:
        forms.add(lemma + "ed")
    if lemma in _DOUBLE:
        forms.add(lemma + lemma[-1] + "ing")
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        forms.add(lemma[:-1] + "ing")
    else:
        forms.add(lemma + "ing")
    return forms


REPORTING_VERBS: frozenset[str] = frozenset(f for lemma in LEMMAS for f in _forms(lemma))


def is_reporting_verb(word: str) -> bool:
    """True when `word` (any case) is a form of a reporting verb of the lexicon above."""
    return word.lower() in REPORTING_VERBS


# "continue" is an aspectual verb (Levin 1993, class 55.1, begin verbs), no verb of saying, and stays out of
# REPORTING_VERBS: 'the decline continued' is everywhere in news. In a quotation's own frame it reports the
# speaker going on: '“…,” Redfern continued.' (its subject right after the quotation, then the clause ends) and
# a colon line 'Redfern continued:' before a quotation paragraph. app.quotations and app.facts.people read it
# there only.
GOES_ON_VERBS: frozenset[str] = frozenset({"continued", "continues"})


# What follows a plural noun and never a verb of saying with its subject before it: a finite verb. Those read
# here: a form of 'be' or 'have', a modal, a verb of change in amount (Levin 1993, class 45.6, calibratable change
# of state verbs: rise, fall, climb, ...; base and past forms), or headline 'up'/'down' before a figure ('Burglary
# reports up 140 percent').
_CHANGE_FORMS = ("rise|rose|risen|fall|fell|fallen|grow|grew|climb|climbed|jump|jumped|drop|dropped|decline|declined|"
                 "increase|increased|decrease|decreased|soar|soared|surge|surged|plunge|plunged|plummet|plummeted|"
                 "tumble|tumbled|double|doubled|triple|tripled|dip|dipped|gain|gained|swell|swelled|balloon|"
                 "ballooned|skyrocket|skyrocketed|rocket|rocketed|fluctuate|fluctuated|diminish|diminished")
_NOUN_FOLLOWERS = re.compile(r"\s+(?:(?:are|were|have|had|will|would|could|can|may|might|should|must|"
                             rf"{_CHANGE_FORMS})\b|(?:up|down)\s+\d)")
# ... unless the clause before the form holds a relative word or a subject pronoun: 'Cook, who he insists will
# score', 'the prices that Smith says rose' (the verb's object clause lost its subject to the relative)
_VERB_CLAUSE_BEFORE = re.compile(r"(?i)\b(?:who|whom|which|that|he|she|they|we|i|you)\b[^,;:.!?“”\"]*$")


def plural_noun_use(form: str, text: str, start: int, end: int) -> bool:
    """Whether the reporting verb's form `form` (text[start:end]) is a plural noun: an -s form followed by a
    finite verb ('Jobless claims rose 5,000', 'Police reports were sealed', 'Burglary reports up 140 percent'),
    so the word before it is no speaker; never when a relative word or a subject pronoun opens its clause before
    it. Reads at most 40 characters on either side."""
    return form.endswith("s") and _NOUN_FOLLOWERS.match(text, end, end + 40) is not None \
        and _VERB_CLAUSE_BEFORE.search(text, max(0, start - 40), start) is None
