"""Negation and antonyms: 'had not decided' against 'has decided', 'overturned' against 'upheld'."""

from __future__ import annotations

from app.verify.lexicon import NEGATIVE_PREFIXES, NEGATIVE_VERBS, NEGATORS
from app.verify.text import ANTONYM_OF, Token, root

_SCOPE = 2  # content words after "not", "never", "n't" that it governs
_DETERMINERS = frozenset({"no", "none", "nothing", "nobody", "without", "neither", "nor"})  # govern one noun
_ANSWERS = frozenset({"voted", "vote", "votes", "said", "say", "says", "answered"})  # "voted no" negates nothing
_NEGATIVE_ROOTS = frozenset(root(v) for v in NEGATIVE_VERBS)
# Function words that still decide meaning when they flip: "voted for" / "voted against".
_POLAR_FUNCTION_WORDS = frozenset({"against"})  # "before"/"after" order clauses as often as they oppose


def scopes(toks: list[Token]) -> tuple[set[str], set[str]]:
    """Stems said under a negation ('not', 'no', 'never', "n't", 'denied', 'failed to'...), and the rest."""
    negated: set[str] = set()
    in_scope: set[int] = set()
    for i, t in enumerate(toks):
        if t.lower in NEGATORS or t.root in _NEGATIVE_ROOTS:
            if t.lower in {"no", "none"} and i and toks[i - 1].lower in _ANSWERS:
                continue
            if _hedge(toks, i) or _noun(toks, i):
                continue
            width = 1 if t.lower in _DETERMINERS else _SCOPE
            taken = 0
            for u in toks[i + 1:]:
                if u.clause != t.clause or taken >= width:
                    break
                if u.content and not (u.capital and not u.initial):  # a name is never what is denied
                    negated.add(u.stem)
                    in_scope.add(u.index)
                    taken += 1
    plain = {t.stem for t in toks if t.content and t.index not in in_scope}
    return negated, plain


_COMPARATIVES = frozenset({"more", "fewer", "less", "longer", "later", "earlier", "greater", "higher", "lower"})
_NOUN_OPENERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "this", "that", "any", "each"})


def _hedge(toks: list[Token], i: int) -> bool:
    """"no more than 44 per cent", "no fewer than six": a bound on a figure, not a denial."""
    return toks[i].lower == "no" and i + 2 < len(toks) and toks[i + 1].lower in _COMPARATIVES \
        and toks[i + 2].lower == "than"


def _noun(toks: list[Token], i: int) -> bool:
    """A negative verb used as a noun after a determiner ("could face a lengthy ban after ..."): it names a
    penalty or an act; it denies nothing said after it."""
    if toks[i].lower in NEGATORS:
        return False
    before = [u.lower for u in toks[max(0, i - 2):i] if u.clause == toks[i].clause]
    return bool(before) and (before[-1] in _NOUN_OPENERS or len(before) == 2 and before[0] in _NOUN_OPENERS
                             and toks[i - 1].content)


def negation_clash(statement: list[Token], evidence: list[Token]) -> list[str]:
    """Words one side says and the other side denies ('is ready' against 'is not ready'), as written."""
    s_neg, s_pos = scopes(statement)
    e_neg, e_pos = scopes(evidence)
    if s_neg and e_neg:
        return []  # both deny something, in their own words ("nobody else saw" / "not seen by anyone else"; "will not join" / "preventing ... joining")
    # a word one evidence sentence denies and another asserts is asserted by the passage ("will cost
    # £14.2 million" beside "had not properly costed the maintenance")
    clash = ((s_neg & e_pos) - e_neg) | ((e_neg & s_pos) - s_neg - e_pos)
    words = {t.stem: t.text for t in reversed(evidence)} | {t.stem: t.text for t in reversed(statement)}
    # in the order written (the first token of each stem, statement or evidence), then by stem: a set's own order
    # changes with the hash seed
    return [words[stem] for stem in sorted(clash, key=lambda x: (min(t.index for t in statement + evidence
                                                                     if t.stem == x), x))]


def antonym_clash(statement: list[Token], evidence: list[Token]) -> list[tuple[str, str]]:
    """(statement word, source word) pairs of opposites, said in the source's clause nearest the statement.

    "approved ..., after rejecting similar proposals" does not bear out "rejected": the source's
    clause that matches the statement best says "approved".
    """
    s_stems = {t.stem for t in statement if t.content}
    s_all = {t.stem for t in statement}
    clauses: dict[int, list[Token]] = {}
    for t in evidence:
        clauses.setdefault(t.clause, []).append(t)
    clashes: list[tuple[str, str]] = []
    for t in statement:
        if not (t.content or t.lower in _POLAR_FUNCTION_WORDS):
            continue
        opposites = ANTONYM_OF.get(t.stem, frozenset())
        if not opposites or opposites & s_all:
            continue  # no opposite to look for, or the statement says both ("rose from 80 ... before falling to 62")
        holding = [c for c in clauses.values() if any(u.stem in opposites for u in c)]
        if not holding:
            continue
        saying = [c for c in clauses.values() if any(u.stem == t.stem for u in c)]
        near = max(holding, key=lambda c: len(s_stems & {u.stem for u in c}))
        if saying and max(len(s_stems & {u.stem for u in c}) for c in saying) >= len(s_stems & {u.stem for u in near}):
            continue
        clashes.append((t.text, next(u.text for u in near if u.stem in opposites)))
    e_roots = {t.root: t.text for t in evidence if t.content}
    e_stems = {u.stem for u in evidence}
    for t in statement:
        if t.content and t.stem not in e_stems:
            clash = _prefix_clash(t, e_roots)
            if clash:
                clashes.append(clash)
    # the same test the other way round catches "convincing" (source) against "unconvincing"
    s_roots = {t.root for t in statement if t.content}
    for t in evidence:
        if t.content and t.root not in s_roots:
            for p in NEGATIVE_PREFIXES:
                if t.lower.startswith(p) and len(t.lower) - len(p) >= 5 and root(t.lower[len(p):]) in s_roots:
                    clashes.append((t.lower[len(p):], t.text))
                    break
    return clashes


def opposed(statement: list[Token], evidence: list[Token]) -> set[str]:
    """Statement stems whose opposite the source says: aligned words, though flipped."""
    e_stems = {t.stem for t in evidence}
    e_roots = {t.root: t.text for t in evidence if t.content}
    return {t.stem for t in statement
            if ANTONYM_OF.get(t.stem, frozenset()) & e_stems or t.content and _prefix_clash(t, e_roots)}


def _prefix_clash(t: Token, other_roots: dict[str, str]) -> tuple[str, str] | None:
    """'unconvincing' against 'convincing', 'illegal' against 'legal'."""
    for p in NEGATIVE_PREFIXES:
        if t.lower.startswith(p) and len(t.lower) - len(p) >= 5:
            base = root(t.lower[len(p):])
            if base in other_roots and t.root not in other_roots:
                return t.text, other_roots[base]
    return None
