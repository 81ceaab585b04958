"""Negation and antonyms: 'had not decided' against 'has decided', 'overturned' against 'upheld'."""

from __future__ import annotations

from app.verify.lexicon import NEGATIVE_PREFIXES, NEGATIVE_VERBS, NEGATORS
from app.verify.text import ANTONYM_OF, Token, root

_SCOPE = 3  # content words after "not", "never", "n't" that it governs
_DETERMINERS = frozenset({"no", "none", "nothing", "nobody", "without", "neither", "nor"})  # govern one noun
_ANSWERS = frozenset({"voted", "vote", "votes", "said", "say", "says", "answered"})  # "voted no" negates nothing
_NEGATIVE_ROOTS = frozenset(root(v) for v in NEGATIVE_VERBS)
# Function words that still decide meaning when they flip: "voted for" / "voted against".
_POLAR_FUNCTION_WORDS = frozenset({"before", "after", "against"})


def scopes(toks: list[Token]) -> tuple[set[str], set[str]]:
    """Stems said under a negation ('not', 'no', 'never', "n't", 'denied', 'failed to'...), and the rest."""
    negated: set[str] = set()
    in_scope: set[int] = set()
    for i, t in enumerate(toks):
        if t.lower in NEGATORS or t.root in _NEGATIVE_ROOTS:
            if t.lower in {"no", "none"} and i and toks[i - 1].lower in _ANSWERS:
                continue
            width = 1 if t.lower in _DETERMINERS else _SCOPE
            taken = 0
            for u in toks[i + 1:]:
                if u.clause != t.clause or taken >= width:
                    break
                if u.content:
                    negated.add(u.stem)
                    in_scope.add(u.index)
                    taken += 1
    plain = {t.stem for t in toks if t.content and t.index not in in_scope}
    return negated, plain


def negation_clash(statement: list[Token], evidence: list[Token]) -> list[str]:
    """Words one side says and the other side denies ('is ready' against 'is not ready')."""
    s_neg, s_pos = scopes(statement)
    e_neg, e_pos = scopes(evidence)
    if s_neg & e_neg:
        return []  # both deny the same thing, in their own words ("will not join" / "preventing ... joining")
    clash = ((s_neg & e_pos) - e_neg) | ((e_neg & s_pos) - s_neg)
    return sorted(clash)


def antonym_clash(statement: list[Token], evidence: list[Token]) -> list[tuple[str, str]]:
    """(statement word, source word) pairs of opposites, where the source does not also say the first."""
    e_words = {t.stem: t.text for t in evidence if t.content or t.lower in _POLAR_FUNCTION_WORDS}
    e_roots = {t.root: t.text for t in evidence if t.content}
    clashes: list[tuple[str, str]] = []
    for t in statement:
        if not (t.content or t.lower in _POLAR_FUNCTION_WORDS) or t.stem in e_words:
            continue
        for opposite in ANTONYM_OF.get(t.stem, ()):
            if opposite in e_words:
                clashes.append((t.text, e_words[opposite]))
                break
        else:
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


def _prefix_clash(t: Token, other_roots: dict[str, str]) -> tuple[str, str] | None:
    """'unconvincing' against 'convincing', 'illegal' against 'legal'."""
    for p in NEGATIVE_PREFIXES:
        if t.lower.startswith(p) and len(t.lower) - len(p) >= 5:
            base = root(t.lower[len(p):])
            if base in other_roots and t.root not in other_roots:
                return t.text, other_roots[base]
    return None
