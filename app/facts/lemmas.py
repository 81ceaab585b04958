"""Lemmas of English words, through `lemminflect` (its lookup tables ship inside the package; loaded on first use).

`lemma("met") -> "meet"`, `lemma("meeting") -> "meet"` (an -ing noun is its verb's event), `lemma("deaths") ->
"death"`, `lemma("nations") -> "nation"`. A word lemminflect does not know is returned lower-cased, with a plural
"-s" dropped. Chosen over a suffix stripper because irregular forms (met, shot, held, fought, began, won) are
common in news and a stripper gets none of them right.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=20_000)
def lemma(word: str, prefer: str = "VERB") -> str:
    """The lemma of `word`: its verb lemma when it has one (prefer="VERB"), else its noun lemma
    (prefer="NOUN" reverses the order)."""
    from lemminflect import getAllLemmas

    w = word.lower().strip("’'")
    found = getAllLemmas(w)
    order = ("VERB", "NOUN", "ADJ") if prefer == "VERB" else ("NOUN", "VERB", "ADJ")
    for pos in order:
        if pos in found and found[pos]:
            lemma: str = found[pos][0]
            return lemma
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def noun_lemma(word: str) -> str:
    """The noun lemma of `word` ("victims" -> "victim", "homes" -> "home")."""
    return lemma(word, "NOUN")


__all__ = ["lemma", "noun_lemma"]
