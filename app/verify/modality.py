"""Whether something happened or is only planned: "the assembly has approved the motion" against a source that
says the minister will "ask the assembly to pass" it.

A statement verb said as done (after "has", "have", "had", "was", "were", "been") that the passage has only under
a modal ("will", "could", "may" ...) or as the infinitive of a verb of intending, asking or expecting ("expected to
pass", "plans to open", "asked the assembly to approve") turns a plan into a fact. The word lists are the English
modal auxiliaries and the catenative verbs of intention and request of a standard grammar (Huddleston & Pullum,
The Cambridge Grammar of the English Language, 2002, ch. 3 and 14), in the forms news copy uses.
"""

from __future__ import annotations

from app.verify.text import Token

_DONE = frozenset({"has", "have", "had", "was", "were", "been"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "should", "shall", "can", "must"})
_INTENDING = frozenset({
    "expected", "expects", "set", "plan", "plans", "planned", "planning", "due", "likely", "aim", "aims", "aiming",
    "hope", "hopes", "hoping", "want", "wants", "wanted", "ask", "asks", "asked", "asking", "urge", "urges", "urged",
    "call", "calls", "called", "propose", "proposes", "proposed", "seek", "seeks", "seeking", "intend", "intends",
    "intended", "going", "try", "tries", "trying", "bid", "vowed", "vows", "promised", "promises", "pledged",
    "pledges", "threatened", "threatens", "agreed", "agree", "agrees", "voted", "vote", "votes", "decided",
})


def _planned(toks: list[Token], i: int) -> bool:
    """Whether token `i` of a sentence is under a modal or is the infinitive of a verb of intending."""
    before = [t for t in toks[max(0, i - 4):i] if t.clause == toks[i].clause]
    if any(t.lower in _MODALS for t in before[-3:]):
        return True
    if i and toks[i - 1].lower == "to":
        head = [t.lower for t in toks[max(0, i - 5):i - 1] if t.clause == toks[i].clause]
        return any(w in _INTENDING for w in head)
    return False


def plan_as_fact(statement: list[Token], passage: list[list[Token]]) -> tuple[Token, Token] | None:
    """(the statement's verb, the passage's) when the statement says as done what every sentence of the passage
    that uses the verb has only as planned, asked or expected; None otherwise."""
    for t in statement:
        if not t.content or t.index == 0 or statement[t.index - 1].lower not in _DONE \
                or _planned(statement, t.index):
            continue
        uses = [(s, u) for s in passage for u in s if u.stem == t.stem]
        if uses and all(_planned(s, u.index) for s, u in uses):
            return t, uses[0][1]
    return None
