"""Sentence features shared by the summary and the claims of the offline engine.

Plain functions of one sentence's text (and, where said, the article's words): no state, no model.
Every lexicon here is small, closed-class English (pronouns, conjunctions, number words, comparison
words, reporting verbs) from a standard grammar (the Cambridge Grammar of the English Language's
closed classes; AP style for number words), or page furniture as news sites print it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.caseless import caseless, word_start
from app.document import Document
from app.lexicon import Lexicon, Words

# -- quotation marks ---------------------------------------------------------------------------------
_OPEN_STRAIGHT = re.compile(r"(?:^|(?<=[\s(\[—–-]))(['\"])(?=[\w¡¿$£€.…])")
_CLOSE_STRAIGHT = re.compile(r"(?<=[\w.,!?…%)\]])(['\"])(?=$|[\s,.;:!?)\]—–-])")


def quote_balance(text: str) -> int:
    """Opening minus closing quotation marks: 0 when balanced, > 0 when a quotation runs on past the text,
    < 0 when it began before. “ ” « » count as they are; ‘ opens and ’ closes unless it is an
    apostrophe ("don’t"); straight ' and \" open at the start of a word and close after one, so the
    apostrophes of "don't" and "fans' " are not quotes (a closer after -s counts only when a quotation
    is open)."""
    balance = text.count("“") - text.count("”") + text.count("«") - text.count("»")
    for opener, closer in (("‘", "’"), ("'", "'"), ('"', '"')):
        if opener not in text and closer not in text:
            continue  # no mark of this pair: it adds nothing (most sentences print no quotation mark)
        pending = extra_close = loose = 0
        # only the marks themselves are visited (str.find runs in C): a sentence without one costs nothing
        for i in _marks(text, opener, closer):
            ch = text[i]
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch == opener and (opener != closer or (
                    (before.isspace() or before in "([—–-") and (after.isalnum() or after in "¡¿$£€.…"))):
                pending += 1
                if opener == "'" and before == " " and i > 1 and text[i - 2] == "s":
                    loose += 1  # "the artists 'entrance": a possessive apostrophe set loose by detokenising
            elif ch == closer and not after.isalnum() and (before.isalnum() or before in ".,!?…%)]"):
                if before == "s" and closer in "'’" and not pending:
                    continue  # "the fans' end": a possessive
                if pending:
                    pending -= 1
                else:
                    extra_close += 1
            elif opener == closer == '"' and before.isspace() and after.isspace():
                pending += 1
        if pending and loose:
            pending = max(0, pending - loose)
        balance += pending - extra_close
    return balance


def _marks(text: str, opener: str, closer: str) -> list[int]:
    """The indices of `opener` and `closer` in `text`, in order."""
    marks = []
    for mark in {opener, closer}:
        i = text.find(mark)
        while i != -1:
            marks.append(i)
            i = text.find(mark, i + 1)
    return sorted(marks)


_OPENS_ON_QUOTE = re.compile(r"^[\s(\[]*[“\"‘'«]")


def starts_with_quote(text: str) -> bool:
    """Whether the sentence opens on a quotation mark (curly or straight)."""
    return bool(_OPENS_ON_QUOTE.match(text))


# -- leaning on the previous sentence --------------------------------------------------------------
# Closed classes: personal and demonstrative pronouns, coordinating conjunctions, connective adverbs.
_LEANING = caseless(
    r"^[\s(“\"‘']*(?:he|she|they|it|its|it['’]s|his|her|hers|their|theirs|them|him|this|that|these|those|"
    r"but|and|or|so|yet|nor|also|however|meanwhile|still|instead|then|thus|therefore|moreover|"
    r"furthermore|besides|nevertheless|nonetheless|otherwise|such|another|both|neither|either|"
    r"likewise|similarly|indeed|hence|accordingly|consequently|again|too|the latter|the former|"
    r"in addition|in turn|as a result|even so|on the other hand|by contrast|in contrast|"
    r"afterwards|after that|at that time|what['’]s more|needless to say|in particular|in fact|of course|"
    r"even then|not only that|at the same time)\b")


def leans_on_previous(text: str) -> bool:
    """Whether the sentence needs the one before it to be understood: it opens on a pronoun, a
    conjunction or a connective ('He said…', 'But…', 'However,…', 'This is…')."""
    return bool(_LEANING.match(text))


# -- figures ---------------------------------------------------------------------------------------
_NUMBER_WORDS = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundreds?|thousands?|millions?|billions?|trillions?|dozens?|score|half|halves|thirds?|quarters?|"
    r"double|doubled|triple|tripled|twice|thrice|percent|per cent|percentage")
# A figure is a mark (`\d|%|[$€£¥]`) or a number word (`\b(?:_NUMBER_WORDS)(?:-\w+)?\b`), read in two
# searches that `re` can each run from their first characters (`word_start`), merged in text order.
_FIGURE_MARK = re.compile(r"[\d%$€£¥]")
_FIGURE_WORD = caseless(rf"(?:{word_start(_NUMBER_WORDS)})(?:-\w+)?\b")
# The number words as whole words: a text where this finds none has no `_FIGURE_WORD` match either (a match is a
# number word with a word boundary after it, before any '-\w+'), and asking it of a text's `Words` is a set test,
# so most sentences (no number word) skip that search
_NUMBER_WORD_LEXICON = Lexicon(_NUMBER_WORDS)
# "One thing I've noted", "one of them": a pronoun-like "one" is not a figure
_ONE_PRONOUN = caseless(r"\bone\b(?!\s+(?:of\s+the\s+(?:largest|biggest|most|few)|hundred|thousand|million|"
                          r"billion|trillion|percent|per cent|in\s+(?:every|\d|ten|five|four|three)))")


def figures(text: str, words: Words | None = None) -> list[str]:
    """Figures written in digits or words: '140 percent', '$3.1m', 'hundreds of millions', 'a
    trillion-dollar', 'twice'. A pronoun 'one' ('one thing I noted') is not a figure. `words`: `Words(text)`
    when the caller has it (the answer is the same; it spares a search)."""
    out = []
    for m in _figure_matches(text, words):
        word = m.group(0)
        if word.lower() == "one" and _ONE_PRONOUN.match(text, m.start()):
            continue
        out.append(word)
    return out


def _figure_matches(text: str, lexicon_words: Words | None = None) -> list[re.Match[str]]:
    """What one search for `mark|word` finds, from the two searches: a mark is one character and a word opens on
    a letter, so at one offset only one of them can start, and a match inside an earlier one (the digit of
    'twenty-5') is not found. `lexicon_words`: `Words(text)` or None."""
    if lexicon_words is not None and lexicon_words.text != text:
        raise ValueError("lexicon_words are not the words of this text")
    if lexicon_words is None or _NUMBER_WORD_LEXICON.found(lexicon_words):
        words = list(_FIGURE_WORD.finditer(text))
    else:
        words = []  # no number word: no figure word
    if not words:
        return list(_FIGURE_MARK.finditer(text))
    found = sorted([*_FIGURE_MARK.finditer(text), *words], key=lambda m: m.start())
    out: list[re.Match[str]] = []
    for m in found:
        if not out or m.start() >= out[-1].end():
            out.append(m)
    return out


class SentenceMemo:
    """Answers about sentence texts that several steps of one document's analysis ask for (the summary's
    eligibility and coverage and the claims' check-worthiness each read a sentence's `figures`): each worked out
    once per text. It lives on its Document (`memo_of`) and goes with it, so nothing is shared between
    documents."""

    def __init__(self) -> None:
        self._figures: dict[str, list[str]] = {}

    def figures(self, text: str, words: Words | None = None) -> list[str]:
        """`figures(text, words)`, worked out once per text of this document (the same list each time: read it, do
        not change it)."""
        found = self._figures.get(text)
        if found is None:
            found = self._figures[text] = figures(text, words)
        return found


def memo_of(document: Document) -> SentenceMemo:
    """The SentenceMemo of `document` (made on first use, kept on the document)."""
    memo: SentenceMemo | None = document.__dict__.get("_copydesk_sentence_memo")
    if memo is None:
        memo = document.__dict__["_copydesk_sentence_memo"] = SentenceMemo()
    return memo


# -- comparison ------------------------------------------------------------------------------------
_COMPARISON = Lexicon(
    r"more|less|fewer|most|least|fewest|higher|lower|highest|lowest|bigger|biggest|larger|largest|"
    r"smaller|smallest|greater|greatest|better|best|worse|worst|record|first|last|only|never|ever|"
    r"increase[sd]?|decrease[sd]?|rose|risen|rise|fell|fallen|fall|grew|grown|doubled?|tripled?|"
    r"halved|up|down|cut|raised|above|below|over|under|than|compared|twice|times")
_SUPERLATIVE = caseless(r"\b\w{3,}est\b")
_THAN = Lexicon(r"than|in history|ever|on record|since|compared (?:to|with)|of all time|"
                r"any other|the (?:first|only|last)")


def comparison(text: str, words: Words | None = None) -> int:
    """Comparative and superlative signals: 2 for a comparison with its standard ('more … than any
    governor in history', 'the first since'), 1 for a bare comparative or change word, else 0. `words`: the
    text's words when they are read already (app.lexicon)."""
    words = words if words is not None else Words(text)
    if not _COMPARISON.found(words) and not _superlative(text, words):
        return 0
    return 2 if _THAN.found(words) else 1


def _superlative(text: str, words: Words) -> bool:
    """Whether `_SUPERLATIVE` finds a word in `text`: a whole word of 6 or more characters ending in 'est'."""
    if words.tokens is None:  # lower-casing is not exact for this text: the pattern as written
        return _SUPERLATIVE.search(text) is not None
    return any(len(word) >= 6 and word.endswith("est") for word in words.tokens)


# -- named actors ----------------------------------------------------------------------------------
# a capital with no word character, ' or ’ before it: the look-behind comes after the capital so that `re` looks
# only at capitals
_CAP = re.compile(r"[A-Z](?<![\w'’][A-Z])[\w'’.-]*")
_FUNCTION = set("""a an the and or but if of to in on at by for with from as is are was were be been being has have had
do does did not no this that these those it its his her their our your my we you they he she i him them us
which who whom whose what when where why how than then there here so such also very more most much many
some any each both all other into over under about after before between during while would could should
will may might can must said says say just only even still yet one two mr ms mrs dr""".split())


def names(text: str, known: set[str] | None = None) -> list[str]:
    """Capitalised words that name something, in any position: a sentence's first word counts when it
    is not a function word ('Gordon backed …' names Gordon; 'The plan …' does not), or when `known`
    (words seen capitalised mid-sentence elsewhere) holds it."""
    out = []
    lead = _lead(text)
    for m in _CAP.finditer(text):
        word = m.group(0).rstrip(".'’")
        low = word.lower()
        if low in _FUNCTION:
            continue
        first = m.start() <= lead
        if first and known is not None and low not in known and not _looks_like_name(word):
            continue
        out.append(word)
    return out


def has_name(text: str) -> bool:
    """`bool(names(text))`, without reading past the first name."""
    return any(m.group(0).rstrip(".'’").lower() not in _FUNCTION for m in _CAP.finditer(text))


def _looks_like_name(word: str) -> bool:
    """A sentence-initial word that is not a common opener: not a function word, not an -ly/-ing form."""
    low = word.lower()
    return low not in _FUNCTION and not low.endswith(("ly", "ing")) and len(low) > 1


def known_names(texts: Iterable[str]) -> set[str]:
    """Lower-cased words printed with a capital mid-sentence in `texts`."""
    known: set[str] = set()
    for t in texts:
        lead = _lead(t)
        for m in _CAP.finditer(t):
            if m.start() > lead:
                known.add(m.group(0).rstrip(".'’").lower())
    return known


def _lead(text: str) -> int:
    """How many characters open the text before its first word: spaces, opening quotes, a parenthesis (a
    word at an offset up to this one is the text's first)."""
    return len(text) - len(text.lstrip(" “\"‘'("))
