"""Words of a statement or a source sentence: tokens, stems, canonical synonyms, proper names.

The stemmer is deliberately crude (suffixes off, then the first seven letters): it only has to
make "negotiations" meet "negotiate" and "rejection" meet "rejected" within one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.verify.lexicon import ANTONYMS, IRREGULAR, PHRASES, STOPWORDS, SYNONYMS

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_SUFFIXES = (
    ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("ations", "ate"), ("ation", "ate"),
    ("ments", ""), ("ment", ""), ("ness", ""), ("ingly", ""), ("edly", ""), ("ings", ""), ("ing", ""),
    ("ied", "y"), ("ies", "y"), ("ions", ""), ("ion", ""), ("ed", ""), ("sses", "ss"), ("xes", "x"),
    ("ches", "ch"), ("shes", "sh"), ("s", ""), ("ly", ""),
)
# The suffixes above by their last letter, in the same order, with their lengths: a word can only end in a suffix
# that ends in its own last letter, so root() tries those few instead of all 23 (same first match, same stem).
_SUFFIXES_BY_LAST: dict[str, tuple[tuple[str, str, int], ...]] = {}
for _suffix, _repl in _SUFFIXES:
    _SUFFIXES_BY_LAST[_suffix[-1]] = (*_SUFFIXES_BY_LAST.get(_suffix[-1], ()), (_suffix, _repl, len(_suffix)))
del _suffix, _repl
_CLAUSE_WORDS = frozenset({"but", "while", "although", "though", "whereas", "however", "yet"})
_PHRASES = [(re.compile(p, re.IGNORECASE), r) for p, r in PHRASES]
_PHRASE_ANY = re.compile("|".join(f"(?:{p})" for p, _ in PHRASES), re.IGNORECASE)  # one scan before the rewrites
_ENDS_SENTENCE = re.compile(r"[.!?:;“\"‘]\s*$")
_CUTS_CLAUSE = re.compile(r"[,;:.!?()“”\"—–]")
WEEKDAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTH_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"})
# Capitalised words that are titles or roles, not the name of anyone or anywhere.
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "president", "judge", "chancellor", "minister",
                     "prime", "secretary", "general", "chief", "sheriff", "mayor", "councilman",
                     "councilwoman", "council", "member", "senator", "governor", "district", "attorney",
                     "supervisor", "county", "city", "state", "federal", "assistant", "deputy", "battalion",
                     "officer", "director", "captain", "coach", "manager", "professor", "lord", "lady"})


def _root(word: str) -> str:
    """The word's crude morphological stem: 'negotiations' -> 'negotia', 'held' -> 'hold'."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    w = base = IRREGULAR.get(w, w)
    if len(w) > 3 and not w.endswith(("ss", "us", "is")):
        for suffix, repl, n in _SUFFIXES_BY_LAST.get(w[-1], ()):
            if w.endswith(suffix) and len(w) - n >= 3:
                w = w[:-n] + repl
                break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    if len(w) <= 4:
        # a short stem may be two words ("care" and "car" both lose to "car", "came" and "come" part):
        # a short lemma that ends in -e keeps it, and every form of it comes to that lemma
        # (lemminflect, app.facts.lemmas: "cared", "caring" -> "care"; "cars" -> "car")
        whole = _lemma(base)
        if whole.endswith("e") and len(whole) <= 5 and whole.isalpha():
            return whole
    return w[:7]


root = lru_cache(maxsize=65536)(_root)


def _lemma(word: str) -> str:
    from app.facts.lemmas import lemma

    return lemma(word)


def _build_synonyms() -> dict[str, str]:
    canon: dict[str, str] = {}
    for group in SYNONYMS:
        head = root(group[0])
        for word in group:
            canon.setdefault(root(word), head)
    return canon


_CANON = _build_synonyms()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word's stem with synonyms brought to one canonical form: 'increased' -> 'rise'."""
    r = root(word)
    return _CANON.get(r, r)


def _build_antonyms() -> dict[str, frozenset[str]]:
    pairs: dict[str, set[str]] = {}
    for a, b in ANTONYMS:
        sa, sb = stem(a), stem(b)
        if sa != sb:
            pairs.setdefault(sa, set()).add(sb)
            pairs.setdefault(sb, set()).add(sa)
    return {k: frozenset(v) for k, v in pairs.items()}


ANTONYM_OF = _build_antonyms()


def _stems_well(word: str, word_stem: str) -> bool:
    """Whether the crude stemmer keeps enough of `word` for its WordNet links to be the stem's ("carrion"
    -> "car" does not: carrion's link to "body" must not become car's)."""
    return len(word_stem) > 3 or len(word) < 6


@lru_cache(maxsize=1)
def _related() -> dict[str, frozenset[str]]:
    from app.verify.wordnet import lexicon

    related, _, forms = lexicon()
    out: dict[str, set[str]] = {}
    # every word's stem (stem() without its caches: WordNet's ~66,000 words would only push the words of the
    # articles out of them), once, kept only where it stems well (_stems_well)
    words = set(related).union(*related.values())
    good = {word: s for word in words if _stems_well(word, s := _CANON.get(r := _root(word), r))}
    for word, others in related.items():
        a = good.get(word)
        if a is None:
            continue
        kin = {good[other] for other in others if other in good}
        kin.discard(a)
        if kin:
            out.setdefault(a, set()).update(kin)
    for form, lemma in forms.items():
        a, b = stem(form), stem(lemma)
        if a != b:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _siblings() -> dict[str, frozenset[str]]:
    from app.verify.wordnet import siblings

    out: dict[str, set[str]] = {}
    for word, others in siblings().items():
        a = stem(word)
        out.setdefault(a, set()).update(b for b in map(stem, others) if b != a)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _ordinals() -> frozenset[str]:
    from app.facts.numbers import ORDINAL_WORDS

    return frozenset(stem(w) for w in ORDINAL_WORDS) | {stem("last")}


def siblings_of(word_stem: str) -> frozenset[str]:
    """Stems of the word's co-hyponyms in a small closed set ("summer" -> "winter", "spring"...), and the
    other ordinal words for an ordinal word ("sixth" -> "fifth"; the fact layer's ORDINAL_WORDS)."""
    kin = _siblings().get(word_stem, frozenset())
    ordinals = _ordinals()
    return kin | (ordinals - {word_stem}) if word_stem in ordinals else kin


def related(stems: frozenset[str] | set[str]) -> frozenset[str]:
    """`stems` with the stems of their WordNet synonyms and derived forms added (see app.verify.wordnet)."""
    table = _related()
    out = set(stems)
    for s in stems:
        out |= table.get(s, frozenset())
    return frozenset(out)


@dataclass(frozen=True)
class Token:
    """One word or number, in order, with its stems and whether it is capitalised."""

    text: str
    lower: str
    root: str
    stem: str
    index: int
    capital: bool
    initial: bool  # first word of its sentence or clause
    start: int
    end: int
    clause: int = 0  # clauses are cut at punctuation and at "but", "while", "although"

    @property
    def content(self) -> bool:
        """A word that carries checkable meaning (not a function word, not a number)."""
        return len(self.lower) > 1 and not self.lower[0].isdigit() and self.lower not in STOPWORDS


def rewrite_phrases(text: str) -> str:
    """Multi-word verbs brought to one word ('voted down' -> 'rejected'), keeping the rest as written."""
    if not _PHRASE_ANY.search(text):
        return text
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return text


def tokens(text: str) -> list[Token]:
    """The tokens of a statement or sentence, after phrase rewriting."""
    text = rewrite_phrases(text)
    out: list[Token] = []
    prev_end = 0
    clause = 0
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group(0)
        gap = text[prev_end:m.start()]
        initial = i == 0 or bool(_ENDS_SENTENCE.search(gap)) or gap.strip() in {"“", "\"", "‘", "'"}
        prev_end = m.end()
        low = word.lower().replace("’", "'")
        not_yet = low == "yet" and bool(out) and out[-1].lower in {"not", "n't", "never"}  # "has not yet"
        if _CUTS_CLAUSE.search(gap) or low in _CLAUSE_WORDS and not not_yet:
            clause += 1
        if low.endswith("n't"):
            # "didn't" is a negation and a verb
            base = low[:-3]
            if base:
                out.append(Token(word, base, root(base), stem(base), len(out), False, initial, m.start(), m.end(),
                                 clause))
            out.append(Token("n't", "n't", "n't", "n't", len(out), False, False, m.start(), m.end(), clause))
            continue
        out.append(Token(word, low, root(low), stem(low), len(out), word[0].isupper(), initial,
                         m.start(), m.end(), clause))
    return out


def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of `text` (no phrase rewriting, no positions): a cheap `tokens`."""
    out = set()
    for m in _TOKEN.finditer(text):
        low = m.group(0).lower().replace("’", "'")
        if len(low) > 1 and not low[0].isdigit() and low not in STOPWORDS:
            out.add(stem(low))
    return frozenset(out)


def bare(word: str) -> str:
    """A word lower-cased without its possessive: "Kiptoo’s" -> "kiptoo"."""
    w = word.lower().replace("’", "'")
    return w[:-2] if w.endswith("'s") else w.rstrip("'")


def name_tokens(toks: list[Token], known_lower: set[str] | None = None,
                known_names: set[str] | None = None) -> list[Token]:
    """Capitalised words that name someone or somewhere (not titles, weekdays or months).

    A sentence-initial capital counts only when the next word is capitalised too ("Tesfaye
    Bekele won") or the word is known as a name (`known_names`) and not used in lower case
    (`known_lower`), so "Heavy rain is expected" names nothing.
    """
    names = []
    for i, t in enumerate(toks):
        if not t.capital or not t.content or t.lower in _TITLES:
            continue
        if t.lower in WEEKDAY_WORDS or t.lower in MONTH_WORDS:
            continue
        if t.initial:
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            followed = nxt is not None and nxt.capital and not nxt.initial
            known = known_names is not None and bare(t.text) in known_names
            if known_lower is not None and t.lower in known_lower or not (followed or known):
                continue
        names.append(t)
    return names


def name_runs(toks: list[Token]) -> set[str]:
    """`{name_run(toks, i) for every capitalised token i}`, in one pass over the tokens: asked token by token, a
    long capitalised run took time quadratic in its length (20,000 characters of "John Smith" took 8 s)."""
    n = len(toks)
    core = list(range(n))  # where name_run's backward walk over capitalised, non-initial tokens stops
    for i in range(1, n):
        before = toks[i - 1]
        if before.capital and not before.initial and before.clause == toks[i].clause:
            core[i] = core[i - 1]
    last = list(range(n))  # where its forward walk over capitalised tokens stops
    for i in range(n - 2, -1, -1):
        if toks[i + 1].capital and toks[i + 1].clause == toks[i].clause:
            last[i] = last[i + 1]
    spans = set()
    for i, t in enumerate(toks):
        if not t.capital:
            continue
        a = core[i]
        if a > 0 and toks[a - 1].capital and toks[a - 1].initial and toks[a - 1].clause == t.clause:
            a -= 1
        spans.add((a, last[i]))
    return {" ".join(t.text for t in toks[a:b + 1]) for a, b in spans}


def name_run(toks: list[Token], i: int) -> str:
    """The whole capitalised run a name token stands in: 'Hall' -> 'Cedar Hollow City Hall'."""
    a = b = i
    while a > 0 and toks[a - 1].capital and not toks[a - 1].initial and toks[a - 1].clause == toks[i].clause:
        a -= 1
    if a > 0 and toks[a - 1].capital and toks[a - 1].initial and toks[a - 1].clause == toks[i].clause:
        a -= 1
    while b + 1 < len(toks) and toks[b + 1].capital and toks[b + 1].clause == toks[i].clause:
        b += 1
    return " ".join(t.text for t in toks[a:b + 1])
