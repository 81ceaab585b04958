"""Light synonymy from WordNet 3.0: which words a copy editor may swap for one another.

The lexicon is `data/wordnet.tsv`, extracted once from Princeton WordNet 3.0 (the files of
Debian's `wordnet-base` package, /usr/share/wordnet) by

    .venv/bin/python -m app.verify.wordnet build /usr/share/wordnet

and shipped with the package, so nothing is read from the network at run time. Only the senses
of a word that WordNet ranks first and SemCor attests (the tag counts in WordNet's index files;
the first sense of a word SemCor never saw) take part: "free" and "release" share the sense "grant freedom to", but "free" does not
meet "complimentary" or "loose". Two words are related when

- they share one of those synsets (true synonyms: "freed" / "released", "mountaineer" / "climber"),
- WordNet links them as derived forms of one another in those senses ("killer" / "kill",
  "survey" / "surveyed"), or
- the second is a word of the direct hypernym of the first one's most frequent noun sense (the
  statement may say the general word for what the source names: source "debate", statement
  "discussion"; "bakery" meets "store", and the judge then asks that a word qualifying the general one,
  "hardware store", be in the source too), or
- (antonyms, kept apart) WordNet marks them as opposites in those senses ("win" / "lose").

Kept apart too: co-hyponyms of a small closed set (nouns and adjectives under a hypernym with at most
SIBLINGS_AT_MOST kinds: "summer" / "winter", "gold" / "silver"), which fill the same slot with a
different value.

Each line of the file is `word<TAB>related<TAB>opposites<TAB>co-hyponyms` (space-separated lemmas); lines
starting with `=` map an irregular form to its lemma (`=sent<TAB>send`). The WordNet 3.0
license (below) allows redistribution with its notice, which heads the file.

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "wordnet.tsv"
# How many of a word's senses (most frequent first) take part, by part of speech.
SENSES = {"n": 2, "v": 2, "a": 2, "s": 2, "r": 1}
SIBLINGS_AT_MOST = 8  # co-hyponyms count only under a hypernym with at most this many kinds
HYPERNYMS = True  # a word meets the words of its frequent senses' direct hypernyms ("debate" / "discussion")
HYPONYMS_AT_MOST = -1  # ... and, the other way, a hypernym meets its kinds when it has at most this many
_WORD = re.compile(r"^[a-z][a-z-]*[a-z]$")
_POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, str]]:
    """(related, opposites, irregular forms): lemma -> lemmas, lemma -> lemmas, form -> lemma.
    Co-hyponyms are read by `siblings()`.

    Raises FileNotFoundError when the data file is missing (a broken install).
    """
    related: dict[str, frozenset[str]] = {}
    opposite: dict[str, frozenset[str]] = {}
    forms: dict[str, str] = {}
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if parts[0].startswith("="):
                forms[parts[0][1:]] = parts[1]
                continue
            word, rel, opp = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
            if rel:
                related[word] = frozenset(rel.split())
            if opp:
                opposite[word] = frozenset(opp.split())
    return related, opposite, forms


@lru_cache(maxsize=1)
def siblings() -> dict[str, frozenset[str]]:
    """lemma -> its co-hyponyms in a small closed set ("summer" -> autumn, fall, spring, winter).

    Raises FileNotFoundError when the data file is missing (a broken install).
    """
    out: dict[str, frozenset[str]] = {}
    with open(DATA, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 3 and parts[3] and not parts[0].startswith(("#", "=")):
                out[parts[0]] = frozenset(parts[3].split())
    return out


def _build(folder: Path) -> str:
    """The text of data/wordnet.tsv from a WordNet 3.0 dict folder."""
    first: dict[tuple[str, str], list[str]] = {}  # (lemma, pos) -> its first synset offsets
    untagged: dict[tuple[str, str], list[str]] = {}
    tagged: set[str] = set()
    for pos, name in _POS_FILES.items():
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split()
            lemma, n_synsets, n_ptrs = f[0], int(f[2]), int(f[3])
            n_tagged = int(f[4 + n_ptrs + 1])
            offsets = f[4 + n_ptrs + 2:]
            assert len(offsets) == n_synsets
            if n_tagged:
                tagged.add(lemma)
                first[(lemma, pos)] = offsets[:min(SENSES[pos], n_tagged)]
            else:
                untagged[(lemma, pos)] = offsets[:1]
    # a sense SemCor never saw counts only for a word none of whose senses it saw ("mountaineer")
    first.update({k: v for k, v in untagged.items() if k[0] not in tagged})
    members: dict[tuple[str, str], list[str]] = {}
    # synset -> (symbol, offset, pos, source word number, target word number)
    links: dict[tuple[str, str], list[tuple[str, str, str, int, int]]] = {}
    for name in _POS_FILES.values():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            head = line.split("|")[0].split()
            offset, ss_type, w_cnt = head[0], head[2], int(head[3], 16)
            key = (offset, "a" if ss_type == "s" else ss_type)
            words = [re.sub(r"\(.*\)$", "", head[4 + 2 * i]).lower() for i in range(w_cnt)]
            members[key] = words
            i = 4 + 2 * w_cnt
            p_cnt = int(head[i])
            ptrs: list[tuple[str, str, str, int, int]] = []
            for j in range(p_cnt):
                sym, off, p, st = head[i + 1 + 4 * j:i + 5 + 4 * j]
                ptrs.append((sym, off, "a" if p == "s" else p, int(st[:2], 16), int(st[2:], 16)))
            links[key] = ptrs
    related: dict[str, set[str]] = {}
    opposite: dict[str, set[str]] = {}
    siblings: dict[str, set[str]] = {}
    hyponyms: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, ptrs in links.items():
        for sym, toff, tpos, _, _ in ptrs:
            if sym in {"@", "@i"}:
                hyponyms.setdefault((toff, tpos), []).append(key)

    def frequent(word: str, key: tuple[str, str]) -> bool:
        return key[0] in first.get((word, key[1]), [])

    for (lemma, pos), offsets in first.items():
        if not _WORD.match(lemma):
            continue
        for off in offsets:
            key = (off, pos)
            words = members.get(key, [])
            for w in words:
                if w != lemma and _WORD.match(w) and frequent(w, key):
                    related.setdefault(lemma, set()).add(w)
            for sym, toff, tpos, src, tgt in links.get(key, []):
                if sym not in {"+", "!"} or src == 0 or words[src - 1] != lemma:
                    continue
                target = members.get((toff, tpos), [])
                if not target:
                    continue
                other = target[tgt - 1]
                if not _WORD.match(other) or other == lemma or not frequent(other, (toff, tpos)):
                    continue
                (related if sym == "+" else opposite).setdefault(lemma, set()).add(other)
            if HYPERNYMS and pos == "n" and off == offsets[0]:
                for sym, toff, tpos, _, _ in links.get(key, []):
                    if sym not in {"@", "@i"} or (toff, tpos) not in members:
                        continue
                    up = [w for w in members[(toff, tpos)] if _WORD.match(w) and w != lemma]
                    related.setdefault(lemma, set()).update(up)
                    if len(hyponyms.get((toff, tpos), [])) <= HYPONYMS_AT_MOST:
                        for w in up:
                            related.setdefault(w, set()).add(lemma)
            # co-hyponyms of a small closed set ("summer" / "winter", "gold" / "silver"): the same slot,
            # a different value
            for sym, toff, tpos, _, _ in links.get(key, []):
                if sym not in {"@", "@i"} or pos not in {"n", "a"}:
                    continue  # verbs' kin ("miss" / "win") are not values of one slot
                kin = hyponyms.get((toff, tpos), [])
                if not 2 <= len(kin) <= SIBLINGS_AT_MOST:
                    continue
                for k in kin:
                    if k == key:
                        continue
                    for w in members.get(k, []):
                        if _WORD.match(w) and w != lemma and frequent(w, k):
                            siblings.setdefault(lemma, set()).add(w)
    lines = ["# " + line for line in (__doc__ or "").strip().splitlines()[-1:]]
    lines.append("# Extracted from Princeton WordNet 3.0 by app/verify/wordnet.py; see its docstring.")
    for w in sorted(set(related) | set(opposite) | set(siblings)):
        rel = " ".join(sorted(related.get(w, set()) - opposite.get(w, set())))
        opp = " ".join(sorted(opposite.get(w, set())))
        sib = " ".join(sorted(siblings.get(w, set()) - related.get(w, set()) - opposite.get(w, set())))
        lines.append(f"{w}\t{rel}\t{opp}\t{sib}")
    for name in ("noun", "verb", "adj"):
        for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            form, *lemmas = line.split()
            if _WORD.match(form) and lemmas and _WORD.match(lemmas[0]) and form != lemmas[0]:
                lines.append(f"={form}\t{lemmas[0]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "build":
        sys.exit("usage: python -m app.verify.wordnet build /usr/share/wordnet")
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(_build(Path(sys.argv[2])), encoding="utf-8")
    print(f"wrote {DATA}")
