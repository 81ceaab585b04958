"""A statement pasted in a machine's form, brought back to the way the source writes it.

Two forms are common in text copied out of tokenised corpora and model output:

- tokenised spacing (the Penn Treebank convention): a space before each comma and stop, before
  "'s" and "n't", and quotes written as `` and '' ("liana barrientos , 39 , of the bronx ." );
- no capitals at all ("gary locke will be confirmed as kilmarnock's manager on friday").

Names, ages and dates are read from spacing and capitals ("Barrientos, 39," is an age; "39, of"
after a lower-case word is not), so such a statement reads differently from the same words in the
source. `restore` undoes both: it joins the marks to their words and, for a statement without a
single capital letter, gives each word the capitals the source gives it (its spelling in mid
sentence, where the source writes it the same way at least as often as in lower case) and a capital
to each sentence's first word. A statement written with capitals and ordinary spacing comes back
unchanged.
"""

from __future__ import annotations

import re
import threading
import weakref

from app.document import Document
from app.document.source import SourceDocument
from app.verify.retrieve import index

# Tokenised marks: " ," " ." " 's" " n't" and the treebank's quotes and brackets.
_TOKENISED = re.compile(r"\s[,.;:!?](?:\s|$)|\s'[sd]\b|\sn't\b|``|''|-lrb-|-rrb-", re.IGNORECASE)
_JOINS = [
    (re.compile(r"\s*''(?=[^\W\d_])"), '" '),
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r"-lrb-\s*", re.IGNORECASE), "("),
    (re.compile(r"\s*-rrb-", re.IGNORECASE), ")"),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"\s+\)"), ")"),
    (re.compile(r"\s+([,.;:!?%])(?=\s|$)"), r"\1"),
    (re.compile(r"\s+('(?:s|d|ll|re|ve|m)\b|n't\b)", re.IGNORECASE), r"\1"),
    (re.compile(r"(?<=[$£€])\s+(?=\d)"), ""),
    (re.compile(r"`\s*"), "'"),
]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"(^[\"“‘']?|[.!?]\s+[\"“‘']?)([^\W\d_])")

_CASES: weakref.WeakKeyDictionary[Document, dict[str, str]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def tokenised(statement: str) -> bool:
    """Whether a statement has treebank spacing (" , " " . " " 's" or `` '' quotes)."""
    return bool(_TOKENISED.search(statement))


def detokenise(statement: str) -> str:
    """Treebank spacing joined back: "barrientos , 39 , of the bronx ." -> "barrientos, 39, of the bronx."."""
    text = statement
    for pattern, repl in _JOINS:
        text = pattern.sub(repl, text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _cases(document: Document) -> dict[str, str]:
    """Lower-case word -> the capitalised form the source writes it in, for the words the source
    writes capitalised in mid sentence at least as often as in lower case."""
    with _LOCK:
        found = _CASES.get(document)
    if found is not None:
        return found
    idx = index(document)
    upper: dict[str, dict[str, int]] = {}
    lower: dict[str, int] = {}
    for s in idx.sentences:
        for t in s.toks:
            if t.initial or not t.text[:1].isalpha():
                continue
            if t.capital:
                forms = upper.setdefault(t.lower, {})
                forms[t.text] = forms.get(t.text, 0) + 1
            else:
                lower[t.lower] = lower.get(t.lower, 0) + 1
    found = {}
    for word, forms in upper.items():
        if sum(forms.values()) >= lower.get(word, 0):
            found[word] = max(forms, key=lambda f: forms[f])
    with _LOCK:
        _CASES[document] = found
    return found


def _recased(word: str, cases: dict[str, str]) -> str:
    if word in cases:
        return cases[word]
    head, mark, tail = word.partition("'") if "'" in word else word.partition("’")
    return cases.get(head, head) + mark + tail if mark and tail in {"s", ""} else word


def recase(statement: str, sources: list[SourceDocument]) -> str:
    """A statement without capitals, with the source's capitals on its names and one on each sentence's
    first word; any other statement unchanged."""
    if any(c.isupper() for c in statement):
        return statement
    cases: dict[str, str] = {}
    for source in reversed(sources):
        cases.update(_cases(source.document))
    text = _WORD.sub(lambda m: _recased(m.group(0), cases), statement)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def restore(statement: str, sources: list[SourceDocument]) -> str:
    """The statement in the source's conventions: treebank spacing joined, capitals restored when it has
    none. A statement in ordinary form comes back as it is."""
    text = detokenise(statement) if tokenised(statement) else statement
    return recase(text, sources)
