"""Quotations of an article, each with its cue and its source: a model of who is quoted, not a list of phrasings.

    found = quotations(text, paragraphs=None, registry=None)   # list[Quotation], in text order

A quotation is the text between double quotation marks, straight or curly, in one paragraph or running over
several when a paragraph ends inside it and the next one opens with a quotation mark again (the printing
convention for a quotation that goes on). Its cue is what introduces it:

- a reporting verb (app.reporting_verbs, any tense) after it ('“…,” said Glen Hartwell', '“…,” Halloran
  jabbed', '“…,” one campaign insider said') or before it ('Owen Marlow, her aide, said: “…”', 'Trump said
  the poll was “rigged”'), with the source as its subject or, after the quotation, inverted after the verb;
- "according to SOURCE";
- a colon line: a paragraph ending in ':' that names one source ('And from Chairwoman Grete Lindqvist:',
  'Redfern continued:') introduces the quotation that opens the next paragraph;
- a dash line: '“…” —Commissioner Rafael Dunmore';
- a transcript label at the start of a paragraph ('HALVORSEN (on camera): …') makes the whole paragraph that
  person's words.

The source is a person (the registry's full name: app.facts.people), a pronoun resolved to the person it
refers to (the last person quoted, else the subject of the closest sentence before, of a compatible gender),
an organisation, or a group reported as printed ("one campaign insider"); "Clinton's campaign" is reported as
"campaign of Hillary Clinton". A name printed inside a quotation is never its source, and a title word never
becomes the name ('said Democratic pollster Ann Selzer' -> 'Ann Selzer').

A quotation without a cue takes the source of the quotation before it only when that one is in the same
paragraph with nothing but punctuation between them, or when its paragraph holds nothing but quotation and
follows a paragraph whose last quotation has a source (the newspaper convention for a speaker who goes on).
Otherwise its source is None: a wrong name is worse than none. A quotation that never closes (an opening mark
left over when a copy lost its paragraph breaks) takes no source that way: nothing says where it ends. Where such
a copy printed one mark where a quotation ended and the next paragraph began ('… paid for. "The council …') and
no mark after it closes anything, the quotation ends at the stop before that mark and takes a source like one
that closed; the text after it is no quotation. (With its paragraph breaks kept, a quotation whose paragraph
ends without a closing mark goes on only when the next paragraph opens with a mark, the AP/Chicago convention,
and otherwise ends at its paragraph.)

Offsets are code points into `text`; every span satisfies text[start:end] == the text it names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from app.facts.people import (
    APOSTROPHE_END,
    HONORIFICS,
    ORG_WORDS,
    POSSESSIVE_S,
    TITLE_WORDS,
    Mention,
    PeopleRegistry,
    Person,
    is_place,
    people,
)
from app.reporting_verbs import GOES_ON_VERBS, REPORTING_VERBS, plural_noun_use

Token = tuple[int, int, str]  # a word or clause mark: (start, end, text) in the article
SourceKind = Literal["person", "pronoun", "organisation", "group", "label"]

_MASK = "\ue000"  # stands in for quoted characters in the frame text (same length, never a word character)
_OPEN = "“"
_CLOSE = "”"
_CLOSING = ("”", '"')  # a quotation's last character when it closes


@dataclass
class Quotation:
    """One quotation: its pieces (marks included), its cue and its source (None when none is found)."""

    spans: list[tuple[int, int]]
    speaker: str | None = None
    kind: SourceKind | None = None
    person: int | None = None  # the registry's Person.id for a person or a resolved pronoun
    source_span: tuple[int, int] | None = None  # where the source is printed
    cue: str | None = None  # the reporting verb as printed, "according to", ":", "—" or "label"
    how: str = ""  # which rule linked the source: after, before, colon, dash, label, according, same-paragraph, next-paragraph
    paragraphs: list[int] = field(default_factory=list)
    ends_at_stop: bool = False  # no closing mark: it ends at the stop before a stray opening mark (_find_quotes)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


# -- paragraphs and quotation marks ---------------------------------------------------------------

def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs of a plain text: runs of non-blank lines, surrounding white space trimmed."""
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?![ \t\u00a0\r]*\n)[^\n]*)*", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _marks(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Double quotation marks in text[start:end] as (offset, 'open'|'close'|'either')."""
    out = []
    for m in _QUOTE_MARK.finditer(text[start:end]):
        i = start + m.start()
        ch = m.group(0)
        if ch == _OPEN:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            # an opening mark printed where one closes (after a stop or comma, before a space: '…,“ said Kunin')
            out.append((i, "close" if (before in ".,!?" or before.isalnum()) and (after.isspace() or i + 1 == end)
                        else "open"))
        elif ch == _CLOSE:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            # a closing mark printed where one opens (paragraph start or after a space, before a word)
            out.append((i, "open" if (before.isspace() or i == start) and after.isalnum() else "close"))
        else:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            if (before.isspace() or before in "([{—–-/") and not after.isspace():
                out.append((i, "open"))
            elif not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == end):
                out.append((i, "close"))
            else:
                out.append((i, "either"))
    return out


def _find_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quotation]:
    quotes: list[Quotation] = []
    carry: Quotation | None = None  # a quotation left open at the end of the last paragraph
    for pi, (ps, pe) in enumerate(paras):
        marks = _marks(text, ps, pe)
        open_at: int | None = None
        current: Quotation | None = None
        if carry is not None:
            if marks and marks[0][0] == ps and marks[0][1] in ("open", "either"):
                current = carry  # the quotation goes on in this paragraph
                open_at = ps
                marks = marks[1:]
            carry = None
        depth = 0  # curly marks nested inside an open quotation ('what he calls “hell” than …')
        closers = [k for k, (_, kind) in enumerate(marks) if kind in ("close", "either")]
        for idx, (pos, kind) in enumerate(marks):
            if open_at is None:
                if kind in ("open", "either"):
                    open_at = pos
            else:
                if kind == "open" and text[pos] == _OPEN and pos > open_at + 1 and \
                        len(closers) - bisect.bisect_right(closers, idx) >= depth + 2:
                    depth += 1  # an inner quotation, with its own closing mark and the outer one still to come
                    continue
                if kind in ("close", "either") and depth > 0:
                    depth -= 1
                    continue
                stop = None
                if kind == "open" and depth == 0 and len(closers) == bisect.bisect_right(closers, idx):
                    said = text[open_at:pos].rstrip()
                    if said[-1:] in (".", "!", "?"):
                        stop = open_at + len(said)  # no mark left to close it: it ends at this mark's sentence stop
                if kind in ("close", "either") or stop is not None:
                    piece = (open_at, pos + 1 if stop is None else stop)
                    if current is None:
                        current = Quotation([piece], paragraphs=[pi])
                        quotes.append(current)
                    else:
                        current.spans.append(piece)
                        if pi not in current.paragraphs:
                            current.paragraphs.append(pi)
                    current.ends_at_stop = stop is not None
                    current = None
                    open_at = None
                # a second opening mark inside an open quotation is a typo; keep the first
        if open_at is not None:
            piece = (open_at, pe)
            if current is None:
                current = Quotation([piece], paragraphs=[pi])
                quotes.append(current)
            else:
                current.spans.append(piece)
                if pi not in current.paragraphs:
                    current.paragraphs.append(pi)
            carry = current
    return [q for q in quotes if any(e - s > 2 for s, e in q.spans)]


# -- the frame: the text outside quotations -------------------------------------------------------

def _frame(text: str, quotes: list[Quotation]) -> str:
    """`text` with every character of the quotations' spans (offsets inside the text) replaced by `_MASK`."""
    chars = list(text)
    for q in quotes:
        for s, e in q.spans:
            chars[s:e] = _MASK * (e - s)  # (one slice per span, the same length)
    return "".join(chars)


# precompiled (each was written inline at its one use; re's cache lookup per call is the saving)
_QUOTE_MARK = re.compile(r"[“”\"]")
_NEXT_OPENS = re.compile(r"[ \u00a0]+([A-Z“\"])")
_GOES_ON = re.compile(r"\s*(?:[,—–―-]|[a-z])")
_ONLY_MARKS = re.compile(r"[\s\u00a0.,;:!?…—–-]*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_APOSTROPHE_TAIL = re.compile(r"[’']s?\b")
_SPEAKER_WORD = re.compile(r"[\w’'.\-&]+")
_OPENS_PAST_TENSE = re.compile(r"(?:^|[.!?]\s+|\n)([A-Z][a-z]+)\s+([a-z]+ed)\b")  # QuoteModel._unknown_subject
_WORD_RUN = re.compile(r"\w+")
# (a lone '-' is "-(?<!\w-)", the look-behind after it: every alternative then opens on a character class, so re
# searches from those characters only; same tokens as "(?<!\w)-")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9][\w’'\-\.]*|[,;:—–―]|-(?<!\w-)(?!\w)")
_PRONOUNS = {"he": "m", "she": "f", "they": None, "i": None, "we": None}
_DETERMINERS = {"the", "a", "an", "one", "two", "three", "several", "some", "many", "another", "other", "his",
                "her", "their", "its", "our", "this", "that", "these", "those", "both", "all", "each", "most",
                "senior", "top", "former"}
_GROUP_HEADS = {"officials", "aides", "advisers", "advisors", "sources", "source", "insider", "insiders",
                "staffers", "people", "residents", "critics", "supporters", "voters", "witnesses", "experts",
                "analysts", "observers", "members", "lawmakers", "democrats", "republicans", "strategists",
                "organizers", "organisers", "protesters", "students", "workers", "employees", "spokesman",
                "spokeswoman", "spokesperson", "official", "aide", "adviser", "advisor", "staffer", "operative",
                "operatives", "allies", "ally", "friends", "friend", "donors", "donor", "delegates", "delegate",
                "activists", "activist", "leaders", "representatives", "representative", "statement", "report",
                "memo", "letter", "release", "ad", "advertisement", "study", "survey", "poll", "filing", "complaint",
                "lawsuit", "post", "tweet", "website", "video", "narrator", "email", "note", "editorial"}
# words that end a subject noun phrase going left (the verb's subject is to their right)
# words that open a subordinate clause at the start of a sentence
_SUBORDINATORS = {"after", "before", "when", "while", "if", "although", "though", "because", "since", "until",
                  "once", "whereas", "asked"}
_CLAUSE_BREAK = {"and", "but", "or", "that", "which", "who", "because", "as", "when", "while", "after",
                 "before", "if", "so", "then", "than", "where", "although", "though", "since", "until"}
_ADVERBS_BETWEEN = {"also", "later", "then", "again", "once", "previously", "recently", "earlier", "repeatedly",
                    "publicly", "privately", "simply", "flatly", "quickly", "has", "had", "have", "would", "will",
                    "first", "last", "often", "frequently", "angrily", "bluntly", "famously",
                    "reportedly", "jokingly", "quietly", "loudly", "sharply", "told", "was", "is", "were", "are",
                    "be", "been", "being", "not", "never", "even", "just", "only", "still", "further", "went",
                    "on", "to", "back", "emphatically", "proudly", "calmly", "firmly", "tersely", "curtly"}


@dataclass
class _Source:
    speaker: str
    kind: SourceKind
    start: int
    end: int
    person: int | None = None
    cue: str | None = None


class QuoteModel:
    """The quotations of one text with their sources; `run()` fills them, `antecedent()` resolves he/she."""

    def __init__(self, text: str, paras: list[tuple[int, int]], registry: PeopleRegistry) -> None:
        self.text = text
        self.paras = paras
        self.para_starts = [s for s, _ in paras]
        self.registry = registry
        self.quotes = _find_quotes(text, paras)
        self.frame = _frame(text, self.quotes)
        self.q_starts = [q.start for q in self.quotes]
        self.speakers_at: list[tuple[int, Quotation]] = []  # attributed quotations, for pronouns
        self._lower_words: set[str] | None = None  # the words the text prints in lower case, found when asked
        self._word_runs: set[str] | None = None  # the text's runs of word characters (\w+), found when asked
        self.rule = ""  # which step of `antecedent` resolved the last pronoun (for diagnostics)
        self._starts, self._ends = _boundaries(self.frame)
        self._quote_stops()
        self._token_memo: dict[tuple[int, str], list[Token]] = {}

    def _toks(self, region: str, base: int) -> list[Token]:
        """`_tokens(region, base)`, remembered for this text: the readers of one quotation ask for the same
        region several times (a fresh list each time; the tokens are tuples)."""
        key = (base, region)
        got = self._token_memo.get(key)
        if got is None:
            got = self._token_memo[key] = _tokens(region, base)
        return list(got)

    def _quote_stops(self) -> None:
        """A sentence that ends inside a quotation ('… the harbour.” Mayor Daly …') ends at its closing mark:
        the frame masks the stop, so the boundary is added here (when the next word opens with a capital
        letter or a quotation mark)."""
        extra = []
        for q in self.quotes:
            for _, e in q.spans:
                inner = self.text[max(0, e - 3):e].rstrip("”\"’' ")
                nxt = _NEXT_OPENS.match(self.text[e:e + 4])
                if inner[-1:] in (".", "!", "?") and nxt is not None and not _abbreviation(self.text, e - 2):
                    extra.append(e - 1)
        if extra:
            self._starts = sorted(set(self._starts).union(extra))
            self._ends = sorted(set(self._ends).union(extra))

    # -- helpers ---------------------------------------------------------------------------------
    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def sentence_start(self, pos: int, floor: int) -> int:
        """The start of the frame sentence holding `pos` (not before `floor`): one bisection in the boundaries
        found once per text, so a text of many quotations stays linear."""
        k = bisect.bisect_left(self._starts, pos) - 1  # the last boundary before pos
        return self._starts[k] + 1 if k >= 0 and self._starts[k] > floor else floor

    def end_after(self, piece_end: int) -> int:
        """The end of the frame sentence that goes on after a quotation piece ending at `piece_end`: not past
        its paragraph, nor past the next quotation's opening mark."""
        ceil = self.paras[self.para_of(piece_end - 1)][1]
        nxt = bisect.bisect_right(self.q_starts, piece_end)
        if nxt < len(self.quotes) and self.quotes[nxt].start < ceil:
            ceil = self.quotes[nxt].start
        return self.sentence_end(piece_end, ceil)

    def sentence_end(self, pos: int, ceil: int) -> int:
        """The end of the frame sentence holding `pos` (not after `ceil`)."""
        end = ceil
        k = bisect.bisect_left(self._ends, pos)
        if k < len(self._ends) and self._ends[k] < ceil:
            i = self._ends[k]
            end = i if self.frame[i] == "\n" else i + 1
        last = ceil - 1  # a stop right before `ceil` ends the sentence whatever follows it
        if pos <= last < len(self.frame) and self.frame[last] in ".!?" and not _abbreviation(self.frame, last):
            end = min(end, ceil)
        return end

    # -- the main loop ---------------------------------------------------------------------------
    def run(self) -> list[Quotation]:
        labels = self.labels()
        for q in self.quotes:
            src: _Source | Quotation | None = None
            how = ""
            pi = q.paragraphs[0]
            if pi in labels:
                src, how = labels[pi], "label"
            # a quotation that ends a clause ('“…,” she said') has its cue after it; a fragment set inside a
            # sentence ('She called it a “disgrace” on Monday') has it before
            order = ("after", "before") if self._ends_clause(q) else ("before", "after")
            for way in order:
                if src is None:
                    src, how = (self._after(q) if way == "after" else self._before(q)), way
            if src is None:
                src, how = self._as_after(q), "as"
            if src is None:
                src, how = self._colon_line(q), "colon"
            if src is None:
                src, how = self._tail(q), "tail"
            if src is None:
                src, how = self._signoff_paragraph(q), "dash"
            if src is None:
                src, how = self._name_then_verb(q), "frame"
            if src is None:
                src, how = self._clause_of(q), "clause"
            if src is None and (q.ends_at_stop or self.text[q.end - 1:q.end] in _CLOSING):  # else no known end
                src, how = self._inherit(q), "inherit"
            outer = self._according_after(q) or self._reported_after(q, src)
            if outer is not None:
                src, how = outer, "according"
            if src is not None:
                self._set(q, src, how)
        return self.quotes

    @staticmethod
    def _as_noted(toks: list[Token], i: int) -> bool:
        """Whether token i is the reporting verb of an 'as' clause that closes at a comma ('as the Global
        Times noted in an op-ed Thursday, …'): no other verb before the comma."""
        if not _verb(toks[i][2]) or toks[i][2].endswith("ing"):
            return False
        for t in toks[i + 1:i + 9]:
            if t[2] == ",":
                return True
            if _verb(t[2]) or t[2].lower() in _CLAUSE_BREAK:
                return False
        return False

    def _as_after(self, q: Quotation) -> _Source | None:
        """'“…,” as a Homeland Security memo put it.': the source of an 'as … put it' clause after the
        quotation (a document's author, a person or an organisation)."""
        piece_end = q.end
        toks = self._toks(self.frame[piece_end:self.end_after(piece_end)], piece_end)
        k = 1 if toks and toks[0][2] == "," else 0
        if len(toks) < k + 4 or toks[k][2].lower() != "as":
            return None
        j = next((i for i in range(k + 2, min(len(toks) - 1, k + 8))
                  if toks[i][2] in ("put", "puts", "said", "says", "wrote", "writes") and toks[i + 1][2] == "it"),
                 None)
        src = self._source_of(toks[k + 1:j]) if j is not None else None
        if src is None or src.kind not in ("person", "organisation"):
            return None
        src.cue = toks[j][2] if j is not None else None
        return src

    def _reported_after(self, q: Quotation, src: _Source | Quotation | None) -> _Source | None:
        """A reporting clause that closes the sentence after the quotation and after the speaker found for it
        ('Trump said: “…,” the Times reported.'): like 'according to', the source the reporter credits for
        the whole sentence. None when there is no such clause or it names the speaker already found."""
        if not isinstance(src, _Source) or src.kind not in ("person", "organisation", "group", "pronoun"):
            return None
        piece_end = q.end
        stop = self.end_after(piece_end)
        toks = [t for t in self._toks(self.frame[piece_end:stop], piece_end) if t[2] not in (".", "!", "?")]
        commas = [k for k, t in enumerate(toks) if t[2] == ","]
        if commas and toks[commas[-1]][0] > src.end:
            clause = toks[commas[-1] + 1:]  # the sentence's last clause: 'the Times reported'
        elif not commas and src.end <= q.start and self.text[:piece_end].rstrip("”\"’' ").endswith(","):
            clause = toks  # 'Trump said: “…,” the Times reported.'
        else:
            return None
        if len(clause) < 2 or len(clause) > 7 or not _verb(clause[-1][2]) or clause[-1][2].endswith("ing") \
                or any(_verb(t[2]) for t in clause[:-1]) or not (clause[0][2][:1].isupper() or clause[0][2] == "the"):
            return None
        tail = self._source_of(clause[:-1])
        if tail is None or tail.kind not in ("person", "organisation") or tail.speaker == src.speaker:
            return None
        tail.cue = clause[-1][2]
        return tail

    def _according_after(self, q: Quotation) -> _Source | None:
        """The source a sentence names for its whole report after the quotation ('“…,” Grayson said, according
        to Frankel.', 'Trump said he was “happy to see” it, according to The New York Times.'): the outermost
        source, the one the reporter relies on, whoever spoke inside it; None when the sentence has no
        'according to' after its last quotation or names no person, organisation or group there ('according
        to a transcript')."""
        piece_end = q.end
        stop = self.end_after(piece_end)
        region = self.frame[piece_end:stop]
        if self.text[piece_end - 3:piece_end].rstrip("”\"’' ")[-1:] in (".", "!", "?") \
                and not _GOES_ON.match(region):
            return None  # '“… rules.” The implication, according to the aide, …': the sentence ended inside it
        toks = self._toks(region, piece_end)
        for k in range(len(toks) - 1):
            if toks[k][2].lower() == "according" and toks[k + 1][2].lower() == "to":
                src = self._author_forward(toks, k + 2)
                # after a comma any source; without one ('said in a statement according to The Blaze') only a
                # name, since 'voted according to the rules' is a manner
                if src is None or src.kind not in (("person", "organisation", "group") if k == 0 or toks[k - 1][2] == ","
                                                   else ("person", "organisation")):
                    return None
                src.cue = "according to"
                return src
        return None

    def _set(self, q: Quotation, src: _Source | Quotation, how: str) -> None:
        if isinstance(src, Quotation):
            q.speaker, q.kind, q.person, q.source_span, q.cue = src.speaker, src.kind, src.person, \
                src.source_span, src.cue
        else:
            q.speaker, q.kind, q.person, q.source_span = src.speaker, src.kind, src.person, (src.start, src.end)
            q.cue = src.cue
        q.how = how
        if q.speaker:
            self.speakers_at.append((q.start, q))

    def _ends_clause(self, q: Quotation) -> bool:
        """True when the quotation's first piece ends with clause punctuation inside or right after its mark,
        or opens its sentence."""
        s, e = q.spans[0]
        pi0 = q.paragraphs[0]
        lead = self._toks(self.frame[max(self.paras[pi0][0], s - 40):s], max(self.paras[pi0][0], s - 40))
        if lead and (lead[-1][2].lower() == "that" or _verb(lead[-1][2])
                     or (lead[-1][2] in (",", ":") and len(lead) > 1 and _verb(lead[-2][2]))):
            return False  # 'Trump claimed that “…,”', 'he said, “…”': the cue is before
        pi = q.paragraphs[0]
        s0 = self.sentence_start(s, self.paras[pi][0])
        if lead and self.frame[s0:s].strip() and lead[-1][2] not in (",", ":", "—", "–"):
            return False  # a fragment set inside a sentence ('at the hands of “…,” many …'): the cue is before
        inner = self.text[s:e].rstrip("”\"’' ")
        after = self.text[e:e + 2].lstrip()
        if inner[-1:] in ",.?!…—–-:;" or after[:1] in (",", "—", "–"):
            return True
        return not self.frame[s0:s].strip()

    # -- transcript labels -------------------------------------------------------------------------
    def labels(self) -> dict[int, _Source]:
        out = {}
        for pi, (ps, pe) in enumerate(self.paras):
            m = _LABEL.match(self.text, ps, pe)  # (no slice of the paragraph: the pattern looks at nothing before it)
            if m and len(m.group(1)) > 1:
                name = m.group(1).title()
                person = self.registry.find(name)
                out[pi] = _Source(person.name if person else name, "label", ps, ps + len(m.group(1)),
                                  person.id if person else None)
        return out

    # -- cue after the quotation ------------------------------------------------------------------
    def _after(self, q: Quotation) -> _Source | None:
        end = q.spans[0][1] if len(q.paragraphs) == 1 else q.end
        # the cue comes after the first piece ('“…,” she said. “…”') or after the last one
        for piece_end in ([q.spans[0][1], q.end] if len(q.spans) > 1 else [end]):
            stop = self.end_after(piece_end)
            region = self.frame[piece_end:stop]
            inner = self.text[piece_end - 3:piece_end].rstrip("”\"’' ")
            if inner.endswith(".") and not _GOES_ON.match(region):
                continue  # '“… amnesty.” And Rick Santorum …': the sentence ended inside the quotation
            src = self._after_region(region, piece_end)
            if src is not None:
                return src
        return None

    def _after_region(self, region: str, base: int) -> _Source | None:
        toks = self._toks(region, base)
        if not toks:
            return None
        i = 0
        while i < len(toks) and toks[i][2] in (",",):
            i += 1
        if i < len(toks) and toks[i][2].lower() in _CLAUSE_OR_AND:
            return None  # '“…,” when Clinton blasted him': another clause, not a cue
        if i < len(toks) and toks[i][2] in ("—", "–", "-", "―"):
            src = self._noun_phrase_forward(toks, i + 1)
            line_end = self.frame.find("\n", base)
            para_end = self.paras[self.para_of(base)][1]
            rest = self.frame[src.end:min(para_end, line_end) if line_end != -1 else para_end] if src is not None else ""
            if src is not None and re.fullmatch(r"[^\w]*|\s*,[^\n]{0,120}", rest):
                src.cue = "—"  # a sign-off: '“…” —Commissioner Rafael Dunmore'
                return src
            return None
        # "according to SOURCE"
        if i + 1 < len(toks) and toks[i][2].lower() == "according" and toks[i + 1][2].lower() == "to":
            src = self._author_forward(toks, i + 2)
            if src is not None:
                src.cue = "according to"
            return src
        # VERB SOURCE ('said Glen Hartwell', 'says one aide'); a participle ('urging both parties') is not a cue
        if i < len(toks) and _verb(toks[i][2]) and toks[i][2].endswith("ing"):
            return None
        if i < len(toks) and _verb(toks[i][2]):
            src = self._noun_phrase_forward(toks, i + 1)
            if src is not None:
                src.cue = toks[i][2]
                return src
        # SOURCE [, appositive ,] [adverbs] VERB
        j = self._find_verb(toks, i)
        if j is None:
            j = _goes_on_verb(toks, i)  # '“…,” Redfern continued.'
        if j is not None and j > i and toks[j - 1][2].lower() in ("and", "but", "or"):
            # '… had ever “attacked” Clinton, and said he …': a verb joined to the clause that holds the
            # quotation; its subject is before the quotation, never the object after it
            return None
        if j is not None:
            if j + 1 < len(toks) and toks[j + 1][2].lower() == "by" and toks[j][2].endswith("ed"):
                # a passive participle ('“poison pill” measures added by Republicans'): its agent, named
                # after 'by', is the source; the noun before the participle is what was said
                agent = self._noun_phrase_forward(toks, j + 2)
                if agent is not None and any(c.isupper() for c in agent.speaker[:1]):
                    agent.cue = toks[j][2]
                    return agent
                if agent is not None:
                    return None
            src = self._subject_before(toks, i, j)
            if src is not None:
                src.cue = toks[j][2]
            return src
        return None

    def _tail(self, q: Quotation) -> _Source | None:
        """A reporting clause that closes the quotation's sentence after a comma: '“…” for Clinton, said Kunin.',
        'Many leaders became more “conversant” about it, Ban said.' The clause is the sentence's last: after
        its verb only an adverbial may follow ('in a statement', 'on Monday')."""
        for piece_end in dict.fromkeys([q.spans[0][1], q.end]):
            stop = self.end_after(piece_end)
            toks = self._toks(self.frame[piece_end:stop], piece_end)
            for c in (k for k, t in enumerate(toks) if t[2] == ","):
                chunk = toks[c + 1:]
                if not chunk:
                    break
                if _verb(chunk[0][2]) and not chunk[0][2].endswith("ing"):
                    src = self._noun_phrase_forward(toks, c + 2)  # ', said Kunin.'
                    if src is not None:
                        src.cue = chunk[0][2]
                        return src
                    continue
                j = next((c + 1 + k for k, t in enumerate(chunk[:9]) if _verb(t[2]) and not t[2].endswith("ing")),
                         None)
                if j is None or any(t[2].lower() in _CLAUSE_BREAK for t in toks[c + 1:j]):
                    continue
                rest = toks[j + 1:]
                if rest and rest[0][2].lower() not in _PREPOSITIONS and rest[0][2].lower() not in _CALENDAR \
                        and rest[0][2] != ",":
                    continue  # ', Trump said the plan …': the clause goes on with what was said
                src = self._subject_before(toks, c + 1, j)
                if src is not None:
                    src.cue = toks[j][2]
                    return src
        return None

    def _clause_of(self, q: Quotation) -> _Source | None:
        """A quotation inside the clause of a known person with any verb ('Rubio also bemoaned the climate in
        which people “literally hate each other”', 'Walter Hewlett sniped that Fiorina was “learning on the
        job”'): the clause's subject, when it opens the sentence, is a person the registry knows, and no other
        person or quotation stands between it and the quotation."""
        pi = q.paragraphs[0]
        floor = self.paras[pi][0]
        prev = bisect.bisect_left(self.q_starts, q.start) - 1
        if prev >= 0 and self.quotes[prev].end > floor:
            floor = self.quotes[prev].end
        s0 = self.sentence_start(q.start, floor)
        toks = self._toks(self.frame[s0:q.start], s0)
        if len(toks) < 2:
            return None
        src = self._clause_subject(toks)
        if src is None or src.kind not in ("person", "pronoun") or src.person is None:
            return None
        rest = [t for t in toks if t[0] >= src.end]
        k = 0
        if rest and rest[0][2] == ",":
            # an appositive or adverbial between commas ('Trump, during two interviews on Thursday, referred')
            close = next((i for i in range(1, min(len(rest), 12)) if rest[i][2] == ","), None)
            if close is not None and not any(_verb(t[2]) for t in rest[1:close]):
                k = close + 1
        while k < len(rest) - 1 and (_manner_adverb(rest[k][2]) or rest[k][2] in _TIME_ADVERBS):
            k += 1
        verb = rest[k][2] if k < len(rest) else ""
        if verb in ("has", "have", "had", "is", "was", "are", "were") and k + 1 < len(rest) \
                and rest[k + 1][2].endswith(("ed", "ing", "en")) and rest[k + 1][2][:1].islower():
            verb = rest[k + 1][2]  # 'has coined', 'is disavowing'; not 'is the …'
        if not verb[:1].islower() or verb in _NOT_A_CUE \
                or verb in _CLAUSE_BREAK or verb in _DETERMINERS:
            return None  # the subject must be followed by its verb ('Rubio also bemoaned', 'Trump likened')
        # a reporting verb later in the sentence is the cue, not this clause ('…, DFA spokesman Neil Sroka said')
        stop = self.sentence_end(q.end, self.paras[self.para_of(q.end - 1)][1])
        after = self._toks(self.frame[q.end:stop], q.end)
        if any(_verb(t[2]) and not t[2].endswith("ing") and (i == 0 or after[i - 1][2] != "to")
               for i, t in enumerate(after)):
            return None
        # another person between is another subject ('Hewlett sniped that Fiorina said …'), unless an object
        # of a preposition or of the clause's verb ('Trump referred to President Barack Obama as “…”',
        # 'Brandvold compared Governor Piet Arnold to “…”')
        verb_end = rest[k + 1][1] if verb != rest[k][2] and k + 1 < len(rest) else rest[k][1]
        others = [m for m in self.registry.mentions_in(src.end, q.start) if m.person != src.person
                  and _MASK not in self.frame[m.start:m.end]
                  and not self._object_position(self._title_start(m.start), s0)
                  and not re.fullmatch(r"[ \u00a0]+", self.frame[verb_end:self._title_start(m.start)])]
        if others or any(t[2] in (";", ":") for t in rest):
            return None
        src.cue = verb
        return src

    def _signoff_paragraph(self, q: Quotation) -> _Source | None:
        """A paragraph of nothing but a dash and a name right after the quotation's ('- Bernie Sanders.')."""
        pi = q.paragraphs[-1]
        if pi + 1 >= len(self.paras) or self.frame[q.end:self.paras[pi][1]].strip(" \u00a0.,"):
            return None
        ps, pe = self.paras[pi + 1]
        toks = self._toks(self.frame[ps:pe], ps)
        if len(toks) < 2 or len(toks) > 7 or toks[0][2] not in ("—", "–", "-", "―"):
            return None
        src = self._noun_phrase_forward(toks, 1)
        if src is not None and src.kind in ("person", "organisation") and src.end >= toks[-1][1] - 1:
            src.cue = toks[0][2]
            return src
        return None

    def _name_then_verb(self, q: Quotation) -> _Source | None:
        """The newspaper frame '“…,” NAME VERB' whatever the verb ('“…,” Rubio continued', '“…,” Trump shot
        back', '“…,” he went on'): a quotation that ends in a comma, question or exclamation mark, then a known
        person or he/she, then a lower-case word that is no preposition or conjunction."""
        s, e = q.spans[-1] if len(q.spans) > 1 and q.paragraphs[-1] != q.paragraphs[0] else q.spans[0]
        inner = self.text[s:e].rstrip("”\"’' ")
        if inner[-1:] not in (",", "?", "!"):
            return None
        pi0 = q.paragraphs[0]
        if self.frame[self.sentence_start(q.start, self.paras[pi0][0]):q.start].strip():
            return None  # the quotation must be the sentence's opening utterance, not a word set inside it
        pe = self.paras[self.para_of(e - 1)][1]
        toks = self._toks(self.frame[e:min(pe, e + 80)], e)
        if len(toks) < 2:
            return None
        first = toks[0]
        if first[2].lower() in ("he", "she"):
            src, k = self._pronoun(first), 1
        else:
            lead = 0  # title words before the name ('Mayor Odd Rask shot back')
            while lead < 3 and lead < len(toks) and self.registry.at(toks[lead][0]) is None \
                    and toks[lead][2].lower().rstrip(".") in TITLE_WORDS | HONORIFICS.keys():
                lead += 1
            m = self.registry.at(toks[lead][0]) if lead < len(toks) else None
            if m is None or m.kind == "possessive" or _MASK in self.frame[e:first[0]]:
                return None
            k = next((i for i, t in enumerate(toks) if t[0] >= m.end), len(toks))
            p = self.registry.person(m.person)
            src = _Source(p.name, "person", m.start, m.end, p.id)
        if src is None or k >= len(toks):
            return None
        verb = toks[k][2]
        if not verb[:1].islower() or verb in _FUNCTION_WORDS or verb in _PREPOSITIONS or verb in _CLAUSE_BREAK \
                or verb in _DETERMINERS or verb in _AUXILIARIES:
            return None
        src.cue = verb
        return src

    def _find_verb(self, toks: list[Token], i: int, limit: int = 40) -> int | None:
        """The first reporting verb at or after token i (not after a clause break), within `limit` tokens."""
        depth_comma = 0
        for j in range(i, min(len(toks), i + limit)):
            w = toks[j][2]
            if _verb(w) and j > i and not _noun_use(toks, j):
                return j
            if w.lower() in _CLAUSE_BREAK and depth_comma == 0 and j > i and toks[j - 1][2] != ",":
                return None
            if w == ",":
                depth_comma += 1
        return None

    # -- cue before the quotation ------------------------------------------------------------------
    def _before(self, q: Quotation) -> _Source | None:
        """The cue before the quotation in its sentence: first in the words after the quotation before it in
        that sentence; when they hold none and that quotation has no source of its own or one found before
        it (a fragment inside the same clause: 'Clinton supports “…”, opposes “…” and recalled …: “…”'), in
        the whole sentence, the quotations masked."""
        pi = q.paragraphs[0]
        para_floor = self.paras[pi][0]
        prev = bisect.bisect_left(self.q_starts, q.start) - 1
        if prev < 0 or self.quotes[prev].end <= para_floor:
            return self._before_from(q, para_floor)
        p = self.quotes[prev]
        src = self._before_from(q, p.end)
        if src is None and (p.speaker is None or p.how in ("before", "clause")) \
                and self.sentence_start(p.end, para_floor) < p.start:
            src = self._before_from(q, para_floor)
        return src

    def _before_from(self, q: Quotation, floor: int) -> _Source | None:
        start = q.start
        s0 = self.sentence_start(start, floor)
        region = self.frame[s0:start]
        toks = self._toks(region, s0)
        if not toks:
            return None
        # "according to SOURCE," before the quotation
        for k in range(len(toks) - 1):
            if toks[k][2].lower() == "according" and toks[k + 1][2].lower() == "to":
                src = self._noun_phrase_forward(toks, k + 2)
                if src is not None:
                    src.cue = "according to"
                    return src
        src = self._parenthetical(toks)
        if src is not None:
            return src
        for k in range(len(toks) - 3):
            # 'As The Post's Ruth Marcus puts it, …'
            if toks[k][2].lower() == "as":
                j = next((i for i in range(k + 2, min(len(toks) - 1, k + 8))
                          if (toks[i][2] in ("put", "puts", "said", "says", "wrote", "writes")
                              and toks[i + 1][2] == "it") or self._as_noted(toks, i)), None)
                if j is not None:
                    src = self._source_of(toks[k + 1:j])
                    if src is not None and src.kind in ("person", "organisation", "group"):
                        src.cue = toks[j][2]
                        return src
        src = self._colon_name(toks)
        if src is not None:
            src.cue = ":"
            return src
        if toks[0][2] in ("Said", "Says", "Added", "Asked", "Wrote") and len(toks) > 1 \
                and toks[1][2].lower() not in _PREPOSITIONS:  # 'Asked by Starnes if …, Carson said': passive
            src = self._noun_phrase_forward(toks, 1)  # 'Said Dorothy Poynter, who …, “…”'
            if src is not None:
                src.cue = toks[0][2].lower()
                return src
        # a noun of saying nearer the quotation than any reporting verb ('Pence blamed the media for making an
        # issue of Trump’s claim that Obama “founded ISIS”'): its owner
        src = self._noun_cue(toks)
        if src is not None:
            return src
        # the reporting verb nearest before the quotation, with its subject (the quotation is its object)
        participle: int | None = None  # a participle with no subject of its own, right of j
        # a leading subordinate clause ('After Brown criticized Bill Clinton, Hillary shot back, “…”'): its verb
        # is no cue of a quotation in the main clause
        sub_end = next((i for i, t in enumerate(toks[:25]) if t[2] == ","), None) \
            if toks[0][2].lower() in _SUBORDINATORS else None
        for j in range(len(toks) - 1, -1, -1):
            if j > 0 and toks[j][2] in _FINDING_VERBS and _document_subject(toks, j):
                # 'A 2014 House Intelligence Committee report found “…”': the document's author
                src = self._subject_before(toks, 0, j)
                if src is not None and src.kind in ("organisation", "person"):
                    src.cue = toks[j][2]
                    return src
            if not _verb(toks[j][2]) or j == 0 or (sub_end is not None and j < sub_end < len(toks) - 2):
                continue
            if participle is not None and any(t[2] == "," or t[2].lower() in _CLAUSE_BREAK
                                              for t in toks[j + 1:participle]):
                break  # 'when Clinton testified …, and Johnson kept asking': another clause's verb
            progressive = toks[j][2].endswith("ing") and toks[j - 1][2].lower() in ("is", "was", "are", "were")
            went_on = j >= 3 and toks[j - 1][2] == "to" and toks[j - 2][2] == "on" \
                and toks[j - 3][2] in ("went", "goes", "go", "going")  # 'He went on to call Cruz “…”'
            if (toks[j - 1][2].lower() in ("to", "be", "been", "is", "was", "are", "were", "being", "it’s", "it's")
                    and not progressive and not went_on) or _noun_use(toks, j):
                continue  # 'to say', 'has been asked', 'his claim': not the cue of this quotation
            if toks[j][2].endswith("ing") and not progressive:
                # a participle's subject: the name right before it ('with Trump reportedly yelling:'), else
                # the clause's ('Carson shared it on Facebook, writing “…”')
                k = j - 1
                while k >= 0 and toks[k][2].lower() in _ADVERBS_BETWEEN:
                    k -= 1
                src = None
                named_object = k >= 0 and toks[k][2][:1].isupper() and next(
                    (toks[m][2].lower() in ("on", "in", "at", "via", "into", "through", "to") for m in range(k, max(-1, k - 5), -1)
                     if not toks[m][2][:1].isupper()), False)  # 'on Facebook writing': the object of 'on'
                if named_object:
                    src = self._clause_subject(toks)
                elif k >= 0 and toks[k][2] != "," and (toks[k][2][:1].isupper() or toks[k][2].lower() in ("he", "she")):
                    name: list[Token] = []
                    while k >= 0 and (toks[k][2][:1].isupper() or (not name and toks[k][2].lower() in ("he", "she"))) \
                            and len(name) < 5:
                        name.insert(0, toks[k])
                        k -= 1
                    src = self._source_of(name)
                    if src is not None and src.kind == "person" and src.person is None:
                        src = self._clause_subject(toks)  # 'Clinton responded … on Facebook writing': no person
                elif k >= 0 and toks[k][2] == ",":
                    src = self._clause_subject(toks)
                if src is not None:
                    src.cue = toks[j][2]
                    return src
                participle = j
                continue  # no subject for the participle: the finite verb of its clause may have one
            src = self._subject_before(toks, 0, j)
            if src is not None and toks[j - 1][2].lower() in ("and", "but", "or") and s0 == floor \
                    and floor > self.paras[q.paragraphs[0]][0] and self.sentence_start(floor, 0) < floor - 1:
                # '… had ever “attacked” Clinton, and said he “…”': the words after the previous quotation are
                # the end of its clause, not the subject of this verb
                src = None
            if src is not None:
                src.cue = toks[j][2]
                return src
            # inverted: 'said Democratic pollster Ann Selzer: “…”'
            src = self._noun_phrase_forward(toks, j + 1)
            if src is not None and src.kind in ("person", "organisation") and j > 0 and toks[j - 1][2] in (",", ":"):
                src.cue = toks[j][2]
                return src
            # no source for this verb ('Putin's outreach signaled'): the verb further left may have one
        src = self._noun_cue(toks)
        if src is not None:
            return src
        if participle is not None and s0 == self.sentence_start(start, self.paras[q.paragraphs[0]][0]):
            # 'Trump unleashed a series of tweets early Friday saying …': a participle with no subject of its
            # own and no finite reporting verb before it shares the subject of its sentence (the whole
            # sentence: not the words after a quotation inside it)
            src = self._clause_subject(toks[:participle])
            lead = _skip_adverbial(toks)
            if src is not None and (src.kind != "organisation" or src.start <= toks[min(lead + 1, participle)][0]):
                src.cue = toks[participle][2]
                return src
        if toks[-1][2] == ":":
            src = self._clause_subject(toks)  # 'Sanders delivered a snappy retort: “…”'
            if src is not None:
                src.cue = ":"
                return src
        for k in range(1, len(toks) - 1):
            # 'The Democratic National Committee released a statement …, offering “…”': the issuer of a
            # statement is the source of the quotation its sentence goes on to give
            if toks[k][2].lower() in _ISSUED and toks[k + 1][2].lower() in _DETERMINERS and any(
                    t[2].lower() in _DOCUMENTS for t in toks[k + 2:k + 5]):
                src = self._subject_before(toks, 0, k)
                if src is not None and src.kind in ("person", "organisation"):
                    src.cue = toks[k][2]
                    return src
                break
        return None

    def _noun_cue(self, toks: list[Token]) -> _Source | None:
        """A noun of saying whose owner is named, right before the quotation ('Trump’s claim that “…”', 'the
        contention of Hillary Clinton that “…”', 'Obama’s “…” promise' is not read): the owner, a person the
        registry knows or an organisation."""
        for n in range(len(toks) - 1, max(-1, len(toks) - 9), -1):
            w = toks[n][2].lower()
            if w in (",", ";", ":", "—", "–") or _verb(toks[n][2]) and not _noun_use(toks, n):
                return None
            if w not in _SPEECH_NOUNS:
                continue
            that = next((i for i in range(n + 1, len(toks)) if toks[i][2] == "that"), None)
            if that is None or any(_verb(t[2]) for t in toks[that:]):
                return None  # the quotation is what the noun says ('Trump’s claim that “…”'), not its judge's word
            owner: Mention | None = None
            if n > 0 and toks[n - 1][2].lower() in ("his", "her"):
                # 'using her comments before a House committee that “…”': the person the his/her refers to
                g = "m" if toks[n - 1][2].lower() == "his" else "f"
                s0 = self.sentence_start(toks[n - 1][0], self.paras[self.para_of(toks[n - 1][0])][0])
                near = [self.registry.person(m.person) for m in self.registry.mentions_in(s0, toks[n - 1][0])
                        if _MASK not in self.frame[m.start:m.end]
                        and self.registry.person(m.person).gender in (None, g)]
                # a possessive takes the nearest fitting name of its own sentence ('Trump stood by his comment'),
                # else the antecedent a he/she there would have
                p_owner = near[-1] if near else self.antecedent(toks[n - 1][0], g)
                if p_owner is None:
                    return None
                return _Source(p_owner.name, "pronoun", toks[n - 1][0], toks[n - 1][1], p_owner.id, cue=toks[n][2])
            if n > 0 and toks[n - 1][2].endswith(("’s", "'s")):
                owner = self.registry.at(toks[n - 1][0])  # 'Trump’s claim'
            elif n + 2 < len(toks) and toks[n + 1][2] == "of":
                owner = self.registry.at(toks[n + 2][0]) or next(
                    (m for m in self.registry.mentions_in(toks[n + 2][0], toks[min(n + 6, len(toks) - 1)][1])
                     if m.kind != "descriptive"), None)  # 'the contention of former secretary … Hillary Clinton'
            if owner is None or owner.kind == "descriptive":
                return None
            p = self.registry.person(owner.person)
            return _Source(p.name, "person", owner.start, owner.end, p.id, cue=toks[n][2])
        return None

    def indirect(self, start: int, end: int) -> _Source | None:
        """The source of indirect speech in the frame sentence text[start:end] ('the city's library director
        said on Friday', 'Business groups estimated …', 'according to the ministry'), or None."""
        region = self.frame[start:end]
        toks = self._toks(region, start)
        # (a token that lower-cases to 'according' lies in the region, which then holds it lower-cased too)
        for k in range(len(toks) - 1 if "according" in region.lower() else 0):
            if toks[k][2].lower() == "according" and toks[k + 1][2].lower() == "to":
                return self._noun_phrase_forward(toks, self._past_document(toks, k + 2))
        for j in range(1, len(toks)):
            if not _verb(toks[j][2]) or _noun_use(toks, j) or toks[j - 1][2].lower() in (
                    "to", "be", "been", "is", "was", "are", "were", "being") or _after_be(toks, j) \
                    or plural_noun_use(toks[j][2], self.text, toks[j][0], toks[j][1]) or _in_relative(toks, j):
                continue
            if toks[j][2].endswith("ing"):
                return None
            k = j - 1
            while k > 0 and (toks[k][2].lower() in _ADVERBS_BETWEEN or _manner_adverb(toks[k][2])) \
                    and toks[k][2].lower() not in _MODALS:
                k -= 1
            if toks[k][2].lower() in _MODALS:
                return None  # 'Turkey will propose …': a plan or a hypothesis, not what was said
            if toks[j - 1][2].lower() == "who":
                # 'Morag Finlay, 81, who said …': the relative pronoun's antecedent
                k = j - 2
                while k >= 0 and (toks[k][2] == "," or toks[k][2].isdigit()):
                    k -= 1
                name: list[Token] = []
                while k >= 0 and toks[k][2][:1].isupper() and len(name) < 5:
                    name.insert(0, toks[k])
                    k -= 1
                who = self._source_of(name) if name else None
                return who if who is not None and who.kind == "person" else None  # not 'Kestrel Street, who'

            src = self._subject_before(toks, 0, j)
            if src is not None and any(t[2].lower() == "that" and t[1] <= src.start
                                       and not self.frame[t[1]:src.start].strip() for t in toks[:j]):
                return None  # '… elaborated … that superdelegates pledged to Clinton …': the subject of a
                # that-clause is what is reported, not who reports it
            if src is None and toks[j - 1][2] == ",":
                src = self._noun_phrase_forward(toks, j + 1)  # '…, said the director, Samuel Adeyemi.'
            return src
        return None

    def _author_forward(self, toks: list[Token], i: int) -> _Source | None:
        """The source of 'according to' at token i: a document's author when the phrase names one ('figures
        from the state health department'), else the phrase itself ('according to a court document filed by
        state attorney Dave Aronberg' reads whole when its author alone does not)."""
        past = self._past_document(toks, i)
        src = self._noun_phrase_forward(toks, past)
        if src is None and past != i:
            src = self._noun_phrase_forward(toks, i)
        return src

    def _past_document(self, toks: list[Token], i: int) -> int:
        """Where the author of a document noun phrase starting at token i begins ('figures from the state
        health department', 'a report by the ministry' -> the token after 'from'/'by'); i when the phrase
        names no document followed by its author."""
        j = i
        while j < len(toks) and j - i < 4 and toks[j][2][:1].islower() and toks[j][2].lower() not in (
                _DOC_OR_DATA):
            j += 1
        if j + 1 < len(toks) and toks[j][2].lower() in _DOC_OR_DATA \
                and toks[j + 1][2].lower() in ("from", "by", "of", "in"):
            return j + 2
        if j + 2 < len(toks) and toks[j][2].lower() in _DOC_OR_DATA \
                and toks[j + 1][2].lower() in _AUTHORED and toks[j + 2][2].lower() == "by":
            return j + 3  # 'a court document filed by state attorney Dave Aronberg', 'audio provided by …'
        return i

    def organisation_for(self, noun: str, pos: int) -> str | None:
        """The organisation a definite description ('the company', 'the ministry') printed at code point `pos`
        refers to: the one organisation of that kind the text names before `pos`, or None when none or
        several fit. An organisation is of kind 'ministry' (and the like) when its name holds the word
        ('the Labor Department' for 'the department'); of kind 'company' or 'firm' when its name ends in a
        corporate suffix ('Inc.') or an appositive calls it a company or maker ('Voltara Energy, a maker of
        …'). The kinds are `DEFINITE_ORGANISATIONS`."""
        noun = noun.lower()
        if noun not in DEFINITE_ORGANISATIONS:
            return None
        found: set[str] = set()
        for m in _ORG_RUN.finditer(self.text, 0, pos):
            words = m.group(0).split()
            while words and words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            if len(words) < 2:
                continue
            words[-1] = POSSESSIVE_S.sub("", words[-1])
            low = [w.lower().rstrip(".") for w in words]
            if noun in ("company", "firm"):
                fits = low[-1] in _CORPORATE or _COMPANY_APPOSITIVE.match(self.text, m.end()) is not None
            else:
                fits = noun in low
            if fits:
                found.add(" ".join(words))
        return found.pop() if len(found) == 1 else None

    def _clause_subject(self, toks: list[Token]) -> _Source | None:
        """The subject that opens a clause, after any leading adverbial ('Later on Sunday, Carson shared …'
        -> Carson; 'Trump's state director, Mike Rubino, reached out' -> Mike Rubino)."""
        k = _skip_adverbial(toks)
        if k < len(toks) and toks[k][2].lower() in ("but", "and", "so", "yet", "then", "still", "also"):
            k += 1
        chunks: list[list[Token]] = [[]]
        for t in toks[k:]:
            if t[2] in (",", ":", ";", "—", "–"):
                if len(chunks) == 3:
                    break
                chunks.append([])
            else:
                chunks[-1].append(t)
        first = self._leading_phrase(chunks[0])
        if first is not None and first.kind in ("person", "pronoun"):
            return first
        if len(chunks) > 1 and chunks[1]:
            second = self._source_of(chunks[1])
            if second is not None and second.kind == "person" and len(chunks[1]) <= 4 and second.person is not None:
                return second  # a person the registry knows ('Mike Rubino'), not a place ('in Aspen, Colo., …')
        return first if first is not None and first.kind == "organisation" else None

    def _leading_phrase(self, words: list[Token]) -> _Source | None:
        """The noun phrase a chunk opens with: up to the first lower-case word after a capitalised one."""
        if not words:
            return None
        if words[0][2].lower() in ("he", "she"):
            return self._pronoun(words[0])
        # a person the registry knows after title and role words ('Democratic presidential candidate Sen.
        # Bernie Sanders (I-Vt.) on Saturday criticized'): nothing but modifiers before the name
        for t in words[:9]:
            m = self.registry.at(t[0])
            if m is not None and m.kind != "possessive" and self.text[m.end:m.end + 2] not in ("’s", "'s"):
                p = self.registry.person(m.person)
                return _Source(p.name, "person", m.start, m.end, p.id)
            if _verb(t[2]) or t[2].lower() in _CLAUSE_BREAK or t[2].lower() in _PREPOSITIONS:
                break
            if t[2][:1].islower() and not (t[2] in _DETERMINERS or _agentive(t[2]) or t[2].rstrip(".") in TITLE_WORDS
                                          or t[2].endswith(("al", "ic", "ive", "ous", "ary", "ed"))):
                break  # 'The movie shows Bob': a verb, not a modifier of the name
        out: list[Token] = []
        for t in words[:10]:
            if out and t[2][:1].islower() and t[2].lower() not in ("of", "for") \
                    and any(w[2][:1].isupper() for w in out) and not out[-1][2].endswith(("’s", "'s")):
                break  # the phrase ends at a lower-case word after a name, unless the name is a possessor
            if _verb(t[2]):
                break
            out.append(t)
        return self._source_of(out)

    def _parenthetical(self, toks: list[Token]) -> _Source | None:
        """A reporting clause set between commas inside the sentence ('CNN, Cruz said, called it “…”', 'The
        plan, he said, was “dead”'): it attributes the whole sentence."""
        for b in range(2, len(toks) - 1):
            w = toks[b][2]
            if not (_verb(w) and not w.endswith("ing") and toks[b + 1][2] == ","):
                continue
            a = b - 1
            while a >= 0 and toks[a][2] != "," and b - a <= 5:
                a -= 1
            if a < 0 or toks[a][2] != "," or b - a < 2:
                continue
            src = self._source_of(toks[a + 1:b])
            if src is not None and src.kind in ("person", "pronoun") and (src.person is not None):
                src.cue = w
                return src
        return None

    def _colon_name(self, toks: list[Token]) -> _Source | None:
        """'Clinton: “…”', 'he tweeted about … Donald Trump: “…”': a name right before the colon."""
        if not toks or toks[-1][2] != ":":
            return None
        k = len(toks) - 2
        words: list[Token] = []
        while k >= 0 and toks[k][2][:1].isupper() and len(words) < 5:
            words.insert(0, toks[k])
            k -= 1
        while k >= 0 and len(words) + (len(toks) - 2 - k) < 10 and toks[k][2][:1].islower() \
                and not _verb(toks[k][2]) and toks[k][2].lower() not in _PREP_OR_CLAUSE:
            k -= 1  # 'to the Dutch newspaper NRC Handelsblad:': the description before the name
        if words and k >= 0 and toks[k][2].lower() in ("about", "of", "on", "to", "at", "with", "for", "in"):
            return None  # 'Williams added about Carson:': the name is what is talked about; the verb's subject speaks
        if words and k >= 1 and _verb(toks[k][2]) and not toks[k][2].endswith("ing"):
            return None  # 'Priebus later told Fox News:': the name is the verb's object; its subject speaks
        if words:
            src = self._source_of(words)
            if src is not None and src.kind in ("person", "organisation"):
                return src
        return None

    def _colon_line(self, q: Quotation) -> _Source | None:
        """A paragraph ending with ':' introduces the quotation that opens the next paragraph."""
        pi = q.paragraphs[0]
        ps, _ = self.paras[pi]
        if q.start != ps or pi == 0:
            return None
        prev_s, prev_e = self.paras[pi - 1]
        if not self.text[prev_s:prev_e].rstrip().endswith(":"):
            return None
        frame = self.frame[prev_s:prev_e]
        if _MASK in frame[-3:]:
            return None
        s0 = self.sentence_start(prev_e - 1, prev_s)
        toks = self._toks(frame[s0 - prev_s:], s0)
        # a reporting verb in the line: its subject
        for j in range(1, len(toks)):
            if _verb(toks[j][2]) or (j == len(toks) - 2 and toks[-1][2] == ":" and toks[j][2] in GOES_ON_VERBS):
                src = self._subject_before(toks, 0, j)
                if src is not None:
                    src.cue = ":"
                    return src
        if toks and toks[-1][2] == ":" and len(toks) >= 2 and (_verb(toks[-2][2]) or (
                toks[-2][2][:1].islower() and toks[-2][2].endswith("ed"))):
            src = self._clause_subject(toks[:-2])  # as in "Redfern continued:"
            if src is not None:
                src.cue = ":"
                return src
        # no verb ('And from Chairwoman Grete Lindqvist:'): the one person or organisation the line names
        names = self.registry.mentions_in(s0, prev_e)
        people_named = {m.person for m in names}
        if len(people_named) == 1:
            m = names[-1]
            p = self.registry.person(m.person)
            src = _Source(p.name, "person", m.start, m.end, p.id)
            src.cue = ":"
            return src
        if not names and len(toks) >= 3:
            # 'He then listed the qualities he wants in a nominee:': the line's subject, a he/she, introduces it
            src = self._clause_subject(toks[:-1])
            if src is not None and src.kind == "pronoun":
                src.cue = ":"
                return src
        return None

    # -- quotations with no cue of their own -----------------------------------------------------------
    def _inherit(self, q: Quotation) -> Quotation | None:
        prev = bisect.bisect_left(self.q_starts, q.start) - 1
        if prev < 0:
            return None
        p = self.quotes[prev]
        if not p.speaker:
            return None
        between = self.frame[p.end:q.start]
        pi = q.paragraphs[0]
        if p.paragraphs[-1] == pi:
            # same paragraph: only punctuation between, or only the cue that named p's source, or a verb
            # coordinated with it ('“…,” and said, “…”')
            if _ONLY_MARKS.fullmatch(between):
                return p
            coordinated = re.match(r"[\s\u00a0,]*(?:(?:and|but)\s+(?:also\s+|then\s+|later\s+)?([a-z]+)|([a-z]+ing))\b",
                                   between)
            if coordinated and _verb(coordinated.group(1) or coordinated.group(2)) and len(between) < 80 \
                    and not self.registry.mentions_in(p.end, q.start):
                return p  # a verb coordinated with p's cue shares its subject
            toks = self._toks(between, p.end)
            verbs = [t for t in toks if _verb(t[2])]
            others = [m for m in self.registry.mentions_in(p.end, q.start) if m.person != p.person]
            if p.how == "after" and len(verbs) <= 1 and not others and p.source_span is not None \
                    and p.end <= p.source_span[0] < q.start and len(toks) <= 25:
                return p
            return None
        if p.paragraphs[-1] == pi - 1:
            ps, pe = self.paras[pi]
            rest = self.frame[ps:pe].replace(_MASK, "")
            prev_ps, prev_pe = self.paras[pi - 1]
            prev_tail = self.frame[p.end:prev_pe]
            if re.fullmatch(r"[\s\u00a0.,;:!?…—–-]*", rest) and re.fullmatch(r"[^A-Za-z]*|[^\n]{0,200}",
                                                                                   prev_tail or ""):
                if len(self._toks(prev_tail, p.end)) <= 8 or p.how in ("after", "before", "colon", "dash"):
                    return p
        return None

    def _title_start(self, pos: int) -> int:
        """Where the title words before a name at `pos` begin ('President Barack Obama', 'Sen. Ann Lee')."""
        while True:
            m = re.search(r"([A-Z][\w.-]*)[ \u00a0]+$", self.frame[max(0, pos - 30):pos])
            if m is None or m.group(1).lower().rstrip(".") not in TITLE_WORDS | HONORIFICS.keys():
                return pos
            pos -= len(m.group(0))

    def _object_position(self, pos: int, floor: int) -> bool:
        """True when the name at `pos` follows a preposition or a conjunction ('between Trump and Cruz')."""
        before = self._toks(self.frame[max(floor, pos - 40):pos], max(floor, pos - 40))
        if not before:
            return False
        w = before[-1][2].lower()
        if w in ("and", "or", "but") and before[-1][0] <= floor + 1:
            return False  # 'And Obama, for all …': a sentence's opening conjunction
        if w == "to" and len(before) > 1 and before[-2][2].lower() == "according":
            return False  # 'According to Ham, …': the source, not an object
        if w == "for" and len(before) > 1 and before[-2][2].lower() == "as" and before[-2][0] <= floor + 1 \
                and re.match(r"[A-Z][\w.\-]*(?:[ \u00a0][A-Z][\w.\-]*)*,", self.frame[pos:pos + 60]):
            return False  # 'As for Trump, he said …': the sentence's topic, whom its pronoun takes up
        return w in _OBJECT_MARKERS

    def _subject_of_sentence(self, start: int, end: int) -> Person | str | None:
        """What a frame sentence is about: the Person its subject names, 'he'/'she', another word, or None."""
        toks = self._toks(self.frame[start:end], start)
        k = _skip_adverbial(toks)
        if k >= len(toks):
            return None
        first = toks[k]
        low = first[2].lower()
        if low in ("he", "she"):
            return low
        if low in ("but", "and", "yet", "so", "still", "then", "now", "also") and k + 1 < len(toks):
            first = toks[k + 1]
            low = first[2].lower()
            if low in ("he", "she"):
                return low
        m = self.registry.at(first[0])
        if m is not None:
            return self.registry.person(m.person)
        if first[2][:1].isupper() and low not in _DETERMINERS:
            # a title before the name: 'Sen. Ann Lee said', 'Council leader Ann Lee'
            for t in toks[k + 1:k + 5]:
                mm = self.registry.at(t[0])
                if mm is not None:
                    return self.registry.person(mm.person)
                if not t[2][:1].isupper():
                    break
        return low

    # -- noun phrases -----------------------------------------------------------------------------
    def _noun_phrase_forward(self, toks: list[Token], i: int) -> _Source | None:
        """The source that starts at token i: 'Democratic pollster Ann Selzer', 'one campaign insider', 'he'."""
        j = i
        words: list[Token] = []
        while j < len(toks) and toks[j][2] not in (",", ":", ";", "—", "–") and len(words) < 14:
            w = toks[j][2]
            if words and (w.lower() in _CLAUSE_BREAK or w.lower() in ("in", "on", "at", "during", "to", "about",
                                                                       "after", "before", "with", "via", "from",
                                                                       "when", "while", "of", "for")):
                if (w.lower() in ("of", "for") or (w.lower() == "to" and _agentive(words[-1][2]))) \
                        and j + 1 < len(toks) and (toks[j + 1][2][:1].isupper() or (
                            toks[j + 1][2].lower() == "the" and j + 2 < len(toks) and toks[j + 2][2][:1].isupper())):
                    words.append(toks[j])  # 'a spokesman for the Clinton campaign', 'an adviser to Trump'
                    j += 1
                    continue
                if w.lower() == "and" and words[-1][2][:1].isupper() and j + 1 < len(toks) \
                        and toks[j + 1][2][:1].isupper():
                    words.append(toks[j])  # 'the Securities and Exchange Commission'
                    j += 1
                    continue
                break
            if w.endswith(".") and len(w) > 2 and w.lower().rstrip(".") not in HONORIFICS \
                    and w.lower().rstrip(".") not in TITLE_WORDS and not re.fullmatch(r"(?:[A-Z]\.)+", w):
                words.append((toks[j][0], toks[j][1] - 1, w[:-1]))
                break
            words.append(toks[j])
            j += 1
        if j + 1 < len(toks) and toks[j][2] == "," and words and words[-1][2][:1].islower():
            # 'said his father, Samuel Okafor, who …': the name in apposition names the source
            k = j + 1
            name: list[Token] = []
            while k < len(toks) and toks[k][2][:1].isupper() and len(name) < 5:
                name.append(toks[k])
                k += 1
            if name and (k == len(toks) or toks[k][2] in (",", ";", "—", "–")):
                src = self._source_of(name)
                if src is not None and src.kind == "person":
                    return src
        return self._source_of(words)

    def _subject_before(self, toks: list[Token], floor: int, j: int) -> _Source | None:
        """The subject of the verb at token j: the noun phrase that ends before it, over an appositive
        ('Dale Ferrante, a contractor who …, said') and adverbs ('also', 'later', 'has')."""
        dashes = [i for i in range(floor, j) if toks[i][2] in ("—", "–")]
        if dashes and dashes[-1] + 1 < j:
            floor = dashes[-1] + 1  # 'WASHINGTON, Aug. 24 (UPI) — A spokesman … said': after the dateline
        k = j - 1
        while True:
            while k >= floor and (toks[k][2].lower() in _ADVERBS_BETWEEN or _manner_adverb(toks[k][2])) \
                    and toks[k][2] != ",":
                k -= 1
            # a time phrase between subject and verb ('Putin on Sunday called', 'who in 2010 said')
            if k - 1 >= floor and (toks[k][2].lower() in _CALENDAR or _YEAR.fullmatch(toks[k][2])) \
                    and toks[k - 1][2].lower() in ("on", "in", "at", "last", "this", "early", "late", "earlier"):
                k -= 2
                continue
            if k - 1 >= floor and toks[k][2].lower() == "ago":
                # 'The State Department less than two weeks ago said': back over the lower-case time phrase
                i = k - 1
                while i > floor and k - i < 5 and toks[i][2][:1].islower() and toks[i][2] != ",":
                    i -= 1
                if i < k - 1 and toks[i][2][:1].isupper():
                    k = i
                    continue
            break
        if k < floor:
            return None
        if toks[k][2].lower() in ("he", "she"):
            return self._pronoun(toks[k])  # 'Recently she announced on her page, …, “…”'
        if toks[k][2].lower() == "who" and k - 1 >= floor:
            # 'Indiana Gov. Mike Pence, who called their son “…”': the person the relative clause is about
            i = k - 1
            while i >= floor and toks[i][2] == ",":
                i -= 1
            name: list[Token] = []
            while i >= floor and len(name) < 7 and (toks[i][2][:1].isupper() or (
                    toks[i][2] == "of" and name and i - 1 >= floor and toks[i - 1][2][:1].isupper())):
                name.insert(0, toks[i])  # 'Sen. Marco Rubio of Florida, who'
                i -= 1
            who = self._source_of(name) if name else None
            return who if who is not None and who.kind == "person" else None
        if toks[k][2].lower() in ("and", "but", "or"):
            return self._clause_subject(toks[floor:k])  # 'Cruz knocked Rubio and called him a “moderate”'
        if toks[k][2] == ",":
            # an appositive: the chunks of the clause up to the verb; adverbial chunks ('In a message to the
            # Harbinger,') are skipped; a name wins over a description ('her aide, Owen Marlow, said')
            chunks: list[list[Token]] = [[]]
            for t in toks[floor:k]:
                if t[2] == ",":
                    chunks.append([])
                else:
                    chunks[-1].append(t)
            chunks = [c for c in chunks if c]
            while chunks and (chunks[0][0][2].lower() in _PREPOSITIONS or _date_like(chunks[0])):
                chunks = chunks[1:]
            if not chunks:
                return None
            # a chunk that opens with a person the registry knows ('Still, Petrilli, who …, called'; 'Tuesday
            # in Berea, OH, after winning Ohio, Gov. John Kasich (R-OH), said') is the subject; an unknown
            # single capitalised word before it is an adverbial or a place
            # (the first chunk's source is read once: `_source_of` changes nothing that a later call reads)
            first = self._source_of(chunks[0])
            if first is None or self._unknown_word(chunks[0]):
                for c in chunks[1:]:
                    named = self._source_of(c)
                    if named is not None and named.kind == "person" and named.person is not None \
                            and self.registry.at(named.start) is not None and named.start <= c[min(3, len(c) - 1)][0]:
                        return named
            if first is None:
                # 'It was three years ago that Michael Bloomberg, who …, said': the chunk's last clause
                cut = max((i + 1 for i, t in enumerate(chunks[0]) if t[2].lower() in _CLAUSE_BREAK), default=0)
                if 0 < cut < len(chunks[0]):
                    first = self._source_of(chunks[0][cut:])
                    if first is not None and first.kind not in ("person", "pronoun"):
                        first = None
            if first is not None and first.kind in ("person", "pronoun", "label"):
                return first
            if len(chunks) > 1:
                second = self._source_of(chunks[1])
                if second is not None and second.kind == "person":
                    return second
            if first is not None:
                return first
            return None
        # the words before the verb back to a clause break or the floor
        s = k
        while s > floor and toks[s - 1][2] not in (",", ":", ";", "—", "–") \
                and toks[s - 1][2].lower() not in _CLAUSE_BREAK and k - s < 9 \
                and _MASK not in self.frame[toks[s - 1][1]:toks[s][0]]:
            s -= 1  # a quotation between two words ends the phrase too ('at “…,” Trump said')
        return self._source_of(toks[s:k + 1])

    def _source_of(self, words: list[Token]) -> _Source | None:
        """A source from the words of a noun phrase (tokens with offsets), or None when it is none; a source
        is a mention of a person or organisation or a group's noun phrase, never a fragment (`_well_formed`)."""
        src = self._source_of_words(words)
        return src if src is not None and _well_formed(src) else None

    def _source_of_words(self, words: list[Token]) -> _Source | None:
        if not words:
            return None
        if len(words) == 1 and words[0][2].lower() in _PRONOUNS:
            return self._pronoun(words[0])
        low = [w[2].lower() for w in words]
        # the phrase ends in a person the registry knows, after lower-case modifiers only ('his campaign manager
        # Jeff Weaver', 'retired neurosurgeon Ben Carson', 'his friend Mahamat Saleh Oumar')
        m = self.registry.at(words[-1][0])
        if m is not None and m.kind in ("full", "title", "honorific") and m.end >= words[-1][1] - 1 \
                and self.text[m.end:m.end + 2] not in ("’s", "'s") and words[0][2][:1].islower() \
                and all(not _verb(w[2]) and w[2].lower() not in _CLAUSE_BREAK and w[2].lower() not in _PREPOSITIONS
                        and not w[2].endswith(("’s", "'s")) for w in words if w[1] <= m.start):
            p = self.registry.person(m.person)
            return _Source(p.name, "person", m.start, m.end, p.id)
        document = low[-1] in _DOCUMENTS and low[0] in _DETERMINERS  # 'A 2019 Harbour Authority report'
        if any(w in _PRONOUNS for w in low) or any(_verb(w[2]) and not _noun_use(words, i) and not (
                document and i == len(words) - 1) for i, w in enumerate(words)) \
                or (low[0] in _NOT_SOURCES and not (words[0][2].isupper() and len(words[0][2]) > 1)) or POSSESSIVE_S.sub("", low[-1]) in _CALENDAR \
                or (len(words) == 1 and low[0].endswith("ing") and self.registry.at(words[0][0]) is None) \
                or low[0] in _CLAUSE_BREAK or low[0] in ("and", "but", "or", "nor") or len(words) > 12:
            return None
        if words[0][2][:1].islower() and low[0].endswith(("ing", "ed")) and low[0] not in _DETERMINERS:
            return None  # 'referring to the candidate's': a verb form opens no source
        if words[0][2][:1].islower() and low[0] not in _DETERMINERS and not (
                (len(words) <= 2 and (low[-1] in _GROUP_HEADS or _plural_noun(low[-1])))
                or any(w[2][:1].isupper() for w in words)):
            return None  # 'rather', 'protests': no noun phrase of a source
        heads = [i for i, w in enumerate(low) if (w in ("of", "for", "from", "at", "with")
                                                  or (w == "to" and _agentive(low[i - 1]))) and i > 0]
        if heads:
            # 'one of the former prosecutors for David Petraeus', 'Engineers from the consultancy …': the head
            # comes before the preposition
            head = words[:heads[0]]
            if all(w[2][:1].islower() or w[2].lower() in _DETERMINERS for w in head):
                group = self._group(head)
                tail_words = words[heads[0] + 1:]
                named = self._source_of(tail_words) if tail_words and any(
                    w[2][:1].isupper() for w in tail_words) else None
                if named is None and len(tail_words) == 2 and tail_words[0][2].lower() == "the":
                    # 'a spokesman for the company': the one company the article named before
                    kind_of = self.organisation_for(tail_words[1][2], tail_words[1][0])
                    named = _Source(kind_of, "organisation", tail_words[1][0], tail_words[1][1]) if kind_of else None
                if group is not None and named is not None and named.kind in ("person", "organisation"):
                    # 'a spokesman for Governor Piet Arnold': who speaks, and for whom
                    return _Source(f"{group.speaker} {low[heads[0]]} {named.speaker}", "group", words[0][0],
                                   words[-1][1])
                if group is None and low[heads[0] - 1] in _DOC_OR_DATA and low[heads[0]] in (
                        "from", "by", "of") and named is not None and named.kind in ("person", "organisation"):
                    return named  # 'a report from the Labor Department': its author
                return group
            if len(head) == 1 and _plural_noun(head[0][2]) and self.registry.at(head[0][0]) is None:
                group = self._group(head)
                tail_words = words[heads[0] + 1:]
                if group is not None and tail_words and low[heads[0]] in ("at", "from", "of", "for") \
                        and any(w[2][:1].isupper() and w[2].lower() not in _DETERMINERS for w in tail_words):
                    # 'Officials at Homeland Security Investigations said' (the plural opens the sentence, so
                    # it is capitalised): who speaks, and for whom, as for 'a spokesman for …'
                    named = self._source_of(tail_words)
                    if named is not None and named.kind in ("person", "organisation"):
                        return _Source(f"{group.speaker} {low[heads[0]]} {named.speaker}", "group", words[0][0],
                                       words[-1][1])
                return group
        loc = next((i for i, w in enumerate(low) if w in ("in", "at", "near") and i > 0), None)
        if loc is not None and any(self.registry.at(w[0]) for w in words[loc + 1:]):
            # 'the National Weather Service office in Lake Charles': the place is no source, the head is
            return self._source_of_words(words[:loc])
        start, end = words[0][0], words[-1][1]
        # a person the registry knows, printed in the phrase: the last mention wins ('Obama aide Ann Lee')
        mentions = [m for m in self.registry.mentions_in(start, end) if m.kind != "descriptive"]
        caps = [w for w in words if w[2][:1].isupper()]
        if mentions:
            m = mentions[-1]
            p = self.registry.person(m.person)
            tail = self.text[m.end:end]
            if _APOSTROPHE_TAIL.match(tail) or m.kind == "possessive" or self.text[m.end - 2:m.end] in ("’s", "'s"):
                # 'Clinton’s campaign', 'Obama's former strategist': the possessor's organisation
                phrase = " ".join(w[2] for w in words if w[0] >= m.end).strip()
                last_word = phrase.split()[-1].lower() if phrase else ""
                if phrase and (last_word in _GROUP_HEADS or last_word in ORG_WORDS or _agentive(last_word)
                             or last_word in ("camp", "team", "doctor", "lawyer", "wife", "husband", "son",
                                              "daughter")):
                    return _Source(f"{phrase} of {p.name}", "organisation", start, end, None)
                if phrase and last_word in _DOC_DATA_ACCOUNT:
                    return _Source(p.name, "person", m.start, m.end, p.id)  # 'Farley’s account': its author
                return None
            if m.end >= end - 1 or not tail.strip() or re.fullmatch(r"[\s,]*", tail) \
                    or tail.split()[0].lower() in _PREPOSITIONS:
                org = _org_around(words, m.start)
                if org is not None:  # 'the Office of Fair Trading and Consumer Affairs': no person
                    return _Source(self.text[org[0][0]:org[-1][1]], "organisation", org[0][0], org[-1][1])
                return _Source(p.name, "person", m.start, m.end, p.id)  # also "Putin on Sunday called"
        if low[-1] in _DOC_OR_PUBLICATION and words[-1][2][:1].islower() and any(
                w[2][:1].isupper() and w[2].lower() not in _DETERMINERS for w in words[:-1]):
            # 'a Homeland Security memo', 'the Associated Press report': the organisation that wrote it
            run = [w for w in words[:-1] if (w[2][:1].isupper() and w[2].lower() not in _DETERMINERS)
                   or w[2].lower() in ("of", "for", "and", "&")]
            while run and not run[-1][2][:1].isupper():
                run.pop()
            if run:
                printed = self.text[run[0][0]:run[-1][1]]
                person = self.registry.find(printed)
                if person is not None:
                    return _Source(person.name, "person", run[0][0], run[-1][1], person.id)
                return _Source(POSSESSIVE_S.sub("", printed), "organisation", run[0][0], run[-1][1])
        if words[-1][2][:1].islower() and (low[-1] in _GROUP_HEADS or _agentive(low[-1]) or low[-1] in ORG_WORDS
                                           or _plural_noun(low[-1])):
            # a common noun heads the phrase: 'one Brandvold campaign insider', 'the Clinton campaign'
            by_name = [m for m in mentions if m.kind != "descriptive"]
            if by_name and all(w[2][:1].islower() for w in words if w[0] >= by_name[-1].end):
                # 'the Clinton campaign', 'one Trump confidant': the person the group belongs to
                p = self.registry.person(by_name[-1].person)
                phrase = " ".join(w[2] for w in words if w[0] >= by_name[-1].end).strip()
                kind: SourceKind = "organisation" if low[-1] in _ORG_OR_CAMP else "group"
                if phrase:
                    return _Source(f"{phrase} of {p.name}", kind, start, end, None)
            owner = _owner_run(words)
            if owner is not None and not by_name:
                # 'a State Department official', 'one RNC member': the organisation the group belongs to
                phrase = " ".join(w[2] for w in words if w[0] >= owner[-1][1])
                printed = self.text[owner[0][0]:owner[-1][1]]
                return _Source(f"{phrase} of {printed}", "group", start, end, None)
            if not any(m.kind == "descriptive" for m in self.registry.mentions_in(start - 1, end + 1)):
                return self._group(words)
        # descriptive reference the registry resolved ('the governor said')
        desc = [m for m in self.registry.mentions_in(start - 1, end + 1) if m.kind == "descriptive"]
        if desc:
            p = self.registry.person(desc[-1].person)
            return _Source(p.name, "person", desc[-1].start, desc[-1].end, p.id)
        if caps:
            for i in range(1, len(words)):
                if words[i][2].lower() in _PREPOSITIONS and words[i - 1][2][:1].isupper() and not (
                        words[i][2].lower() in ("of", "for") and i + 1 < len(words)
                        and words[i + 1][2][:1].isupper()):  # 'the Department for Transport' goes on
                    words = words[:i]  # 'Beck on Wednesday called': the phrase ends at the preposition
                    break
            name_words = _strip_titles([w for w in words])
            if not name_words:
                return None
            last = name_words[-1][2].lower().rstrip(".")
            if low[-1] in _GROUP_HEADS and not words[-1][2][:1].isupper():
                return self._group(words)
            if all(w[2][:1].isupper() or w[2].lower() in ("of", "for", "and", "the", "&") for w in name_words):
                printed = self.text[name_words[0][0]:name_words[-1][1]]
                printed = POSSESSIVE_S.sub("", printed)
                if last in ORG_WORDS or len(name_words) > 3 or name_words[0][2].lower() == "the" \
                        or self.text[start:start + 4].lower() == "the ":
                    return _Source(printed, "organisation", name_words[0][0], name_words[-1][1])
                person = self.registry.find(printed)
                if person is not None:
                    return _Source(person.name, "person", name_words[0][0], name_words[-1][1], person.id)
                if len(name_words) == 1 and name_words[0][2].isupper() and len(name_words[0][2]) > 1:
                    return _Source(printed, "organisation", name_words[0][0], name_words[-1][1])  # CNN, FBI
                if len(name_words) == 1 and not self._name_like(name_words[0]):
                    return None  # 'However', 'Six', 'Italian': an ordinary word, a number or a demonym
                if is_place([w[2] + ("." if self.text.startswith(".", w[1]) else "") for w in name_words], whole=True):
                    return None  # 'Colo.', 'Mexico': a place the registry left out, no person
                if len(name_words) <= 3 and words[0][2][:1].isupper() and words[0][2].lower() not in _DETERMINERS:
                    return _Source(printed, "person", name_words[0][0], name_words[-1][1])
                if len(name_words) <= 3:
                    return _Source(printed, "person", name_words[0][0], name_words[-1][1])
            return None
        if low[-1] in _GROUP_HEADS or (low[0] in _DETERMINERS and len(low) >= 2):
            return self._group(words)
        return None

    def _name_like(self, tok: Token) -> bool:
        """Whether a single capitalised word the registry does not know may still be a name: not a number
        word, not a demonym or language ('Ukrainian', 'Italian', 'Chinese', 'Spanish'), not a party word, and
        not a sentence's first word that the text also prints in lower case ('However', 'Still')."""
        word = APOSTROPHE_END.sub("", tok[2]).rstrip(".")
        low = word.lower()
        if low in _NUMBER_WORDS or (len(low) > 4 and low.endswith(("ian", "ese", "ish", "ean"))):
            return False
        before = self.frame[max(0, tok[0] - 3):tok[0]].rstrip(" \u00a0“\"‘'(")
        if before.endswith(_MASK):  # right after a quotation: it ended the sentence if it ended with a stop
            before = self.text[max(0, tok[0] - 5):tok[0]].rstrip(" \u00a0“\"‘'(”’")
        if not before or before[-1] in ".!?\n:":
            if self._lower_words is None:
                self._lower_words = set(re.findall(r"(?<![\w’'])[a-z]+(?![\w’'])", self.text))
            if low in self._lower_words:
                return False
            # a sentence's first word is a name only where the text also prints it capitalised inside a
            # sentence ('Hours before the vote, …' is no name)
            # (a closing quotation mark after a stop ends a sentence: '… ones." Likewise, …' is no such print)
            return _printed_inside(self.text, word)
        return True

    def _unknown_word(self, words: list[Token]) -> bool:
        """A single capitalised word the registry does not know as a person ('Still', 'However', 'OH')."""
        return len(words) == 1 and words[0][2][:1].isupper() and self.registry.at(words[0][0]) is None

    def _group(self, words: list[Token]) -> _Source | None:
        """A group or unnamed source reported as printed, without a leading article ('one campaign insider')."""
        definite = bool(words) and words[0][2].lower() == "the"  # 'their union' says whose: kept as printed
        while words and words[0][2].lower() in ("the", "a", "an"):
            words = words[1:]
        if not words or words[-1][2].lower() in _DETERMINERS:
            return None
        if definite and len(words) == 1 and words[0][2].lower() in DEFINITE_ORGANISATIONS:
            # 'the company said': the organisation of that kind the article named, never the bare noun
            org = self.organisation_for(words[0][2], words[0][0])
            return _Source(org, "organisation", words[0][0], words[0][1]) if org else None
        if words[-1][2].lower() in _DATA_NOUNS:
            return None  # 'figures', 'data': a document, never a source
        if words[-1][2].lower() not in _GROUP_HEADS and not _agentive(words[-1][2]) \
                and not _plural_noun(words[-1][2]) and words[-1][2].lower() not in ORG_WORDS:
            return None
        if len(words) > 6:
            return None
        head = words[-1][2].lower()
        if head in _DOCUMENTS or head in REPORTING_VERBS:
            return None  # 'the comment', 'the report': a document whose author is not named is no source
        printed = self.text[words[0][0]:words[-1][1]]
        return _Source(printed, "group", words[0][0], words[-1][1])

    def _pronoun(self, tok: Token) -> _Source | None:
        word = tok[2].lower()
        if word not in ("he", "she"):
            return None
        gender = _PRONOUNS[word]
        p = self.antecedent(tok[0], gender)
        if p is None:
            return None
        return _Source(p.name, "pronoun", tok[0], tok[1], p.id)

    def antecedent(self, pos: int, gender: str | None, depth: int = 0) -> Person | None:
        """The person a he/she at `pos` refers to, of a compatible gender, never a name inside a quotation:

        1. a person named before it in its own sentence (the first one);
        2. the last person quoted within this paragraph or the one before, if nobody who fits was named since;
        3. going back sentence by sentence (up to two paragraphs): a sentence whose subject is a he/she of the
           same gender passes on that pronoun's antecedent (a chain of "He … He … he said" keeps its person:
           the centering of Grosz, Joshi and Weinstein 1995); else the first person the sentence names other
           than as an object.
        None when nothing fits."""
        reg = self.registry
        pi = self.para_of(pos)
        floor = self.paras[max(0, pi - 2)][0]

        def ok(p: Person) -> bool:
            return gender is None or p.gender in (None, gender)

        def outside(m: Mention) -> bool:
            return _MASK not in self.frame[m.start:m.end]

        # the subject of the sentence (names before the pronoun in its own sentence)
        s0 = self.sentence_start(pos, self.paras[pi][0])
        own = [m for m in reg.mentions_in(s0, pos) if outside(m) and not self._object_position(m.start, s0)
               and not self._binds_object(m.end, pos, gender)]
        cands = [reg.person(m.person) for m in own if ok(reg.person(m.person))]
        if cands:
            self.rule = "own"
            return cands[0]
        chained = self._chain(s0, pos, gender, depth)
        if chained is not None:
            return chained
        # the last person quoted, if in this paragraph or the one before
        for qpos, q in reversed(self.speakers_at):
            if qpos >= pos:
                continue
            if self.para_of(qpos) < pi - 1:
                break
            if q.person is not None and q.kind in ("person", "pronoun", "label"):
                p = reg.person(q.person)
                # only if nobody of the same gender was named since that quotation
                since = [m for m in reg.mentions_in(q.end, pos) if outside(m) and m.person != p.id
                         and ok(reg.person(m.person))]
                if ok(p) and not since and self._unknown_subject(q.end, pos):
                    self.rule = "unsure"
                    return None  # 'Carson defied the question. “…,” he said': someone the registry does not
                    # know opened a sentence since; a wrong name is worse than none
                if ok(p) and not since:
                    self.rule = "quoted"
                    return p
                break
        # the closest sentence before that names a compatible person other than as an object: its first one
        cur = s0
        steps = 0
        while cur > floor and steps < 5:
            prev_start = self.sentence_start(cur - 1, floor)
            if prev_start >= cur:
                break
            chained = self._chain(prev_start, cur, gender, depth)
            if chained is not None:
                return chained
            said = self.indirect(prev_start, cur)
            named = [m for m in reg.mentions_in(prev_start, cur) if outside(m) and ok(reg.person(m.person))]
            if said is not None and said.person is not None and self._coordinated(said.person, named):
                self.rule = "ambiguous"
                return None  # 'Arnold and Brandt argued …': two people of the pronoun's gender, none
            if said is not None and said.person is not None and ok(reg.person(said.person)):
                self.rule = f"said{steps}"
                return reg.person(said.person)  # 'Cruz electrified the crowds, Stovall said.': who reported it
            found = [reg.person(m.person) for m in named if not self._object_position(m.start, prev_start)]
            if found:
                if self._coordinated(found[0].id, named):
                    self.rule = "ambiguous"
                    return None  # 'Wilcox and Beruff argued …': two people of the pronoun's gender, none
                if found[0].gender is None and gender is not None and any(
                        p.gender == gender and p.id != found[0].id for p in found[1:]):
                    self.rule = "ambiguous"
                    return None  # a person of unknown gender first, one known to be of the pronoun's after: none
                self.rule = f"prev{steps}"
                return found[0]
            cur = prev_start
            steps += 1
        return None

    def _unknown_subject(self, start: int, end: int) -> bool:
        """Whether a sentence in frame[start:end] opens with a capitalised word the registry does not know, that
        the text never prints in lower case, followed by a past-tense verb ('Carson defied the question'): a
        person named since, whom the registry missed."""
        for m in _OPENS_PAST_TENSE.finditer(self.frame[start:end]):
            at = start + m.start(1)
            word = m.group(1)
            if self.registry.at(at) is None and not _plural_noun(word) and word.lower() not in _NOT_SOURCES \
                    and word.lower() not in self._runs():
                return True
        return False

    def _runs(self) -> set[str]:
        """The text's maximal runs of word characters, as printed: `w in self._runs()` is
        `re.search(rf"\\b{w}\\b", self.text)` for a word `w` of word characters, one scan of the text for all."""
        if self._word_runs is None:
            self._word_runs = set(_WORD_RUN.findall(self.text))
        return self._word_runs

    def _binds_object(self, end: int, pos: int, gender: str | None) -> bool:
        """Whether an object pronoun of the pronoun's gender stands between a name (ending at `end`) and the
        pronoun at `pos` ('After Clinton accused him of sexism, he warned'): the name's own clause has someone
        else as its object, and the pronoun refers to that someone, never to the name (binding: a clause's
        subject is never its own plain object pronoun)."""
        between = self.frame[end:pos]
        if gender == "m":
            return re.search(r"\bhim\b", between) is not None
        if gender == "f":
            return re.search(r"\bher\b(?=\s*(?:[,.;:]|\b(?:of|for|to|in|on|at|as|with|about|from|that|and)\b))",
                             between) is not None
        return False

    def _coordinated(self, person: int, named: list[Mention]) -> bool:
        """Whether a mention of `person` among `named` is joined by 'and'/'or' to another person's."""
        for a in named:
            if a.person != person:
                continue
            for b in named:
                if b.person != person and b.start > a.end and re.fullmatch(
                        r",?[ \u00a0]+(?:and|or)[ \u00a0]+", self.frame[a.end:self._title_start(b.start)]):
                    return True
                if b.person != person and a.start > b.end and re.fullmatch(
                        r",?[ \u00a0]+(?:and|or)[ \u00a0]+", self.frame[b.end:self._title_start(a.start)]):
                    return True
        return False

    def _chain(self, start: int, end: int, gender: str | None, depth: int) -> Person | None:
        """When the frame sentence text[start:end] opens (after any adverbial) with a he/she of `gender`, that
        pronoun's antecedent; else None."""
        if gender is None or depth >= 4:
            return None
        toks = self._toks(self.frame[start:end], start)
        k = _skip_adverbial(toks)
        if k < len(toks) and toks[k][2].lower() in ("but", "and", "yet", "so", "still", "then", "now", "also"):
            k += 1
        word = re.sub(r"[’'](?:s|d|ll)$", "", toks[k][2].lower()) if k < len(toks) else ""
        if word in ("he", "she") and _PRONOUNS[word] == gender:
            p = self.antecedent(toks[k][0], gender, depth + 1)
            if p is not None:
                self.rule = f"chain{depth}"
            return p
        return None


def _word_char(ch: str) -> bool:
    """re's \\w for one character of a str pattern."""
    return ch.isalnum() or ch == "_"


def _printed_inside(text: str, word: str) -> bool:
    """Whether `text` prints `word` inside a sentence: after a space that follows a word character, a comma,
    semicolon or apostrophe, or a closing double quotation mark with no stop before it; and ending at a word
    boundary. The same answer as re.search(rf"(?:[\\w,;’']|(?<![.!?])[”\\"]) {re.escape(word)}\\b", text),
    found with str.find instead of trying the pattern at every position of the text."""
    if not word:
        return re.search(rf"(?:[\w,;’']|(?<![.!?])[”\"]) {re.escape(word)}\b", text) is not None
    needle = " " + word
    n = len(text)
    last_word = _word_char(word[-1])
    p = text.find(needle, 1)
    while p != -1:
        c = text[p - 1]
        if _word_char(c) or c in ",;’'" or (c in "”\"" and (p < 2 or text[p - 2] not in ".!?")):
            e = p + len(needle)
            if last_word != (e < n and _word_char(text[e])):
                return True
        p = text.find(needle, p + 1)
    return False


def _document_subject(toks: list[Token], j: int) -> bool:
    """Whether the subject before the verb at token j is a document ('a 2019 Harbour Authority report', 'a
    survey from the Ferry Board'): a document or data noun back to the last comma or clause break."""
    k = j - 1
    while k >= 0 and toks[k][2] not in (",", ":", ";", "—", "–") and toks[k][2].lower() not in _CLAUSE_BREAK \
            and j - k <= 9:
        if toks[k][2].lower() in _DOC_OR_DATA:
            return True
        k -= 1
    return False


def _skip_adverbial(toks: list[Token]) -> int:
    """Index of the first token after a leading adverbial chunk ('On Monday,', 'In a statement,')."""
    if toks and (toks[0][2].lower() in _PREPOSITIONS or toks[0][2].lower() in _CLAUSE_BREAK
                 or _date_like(toks[:1]) or toks[0][2].endswith("ing")
                 or (toks[0][2].endswith("ed") and len(toks) > 1 and toks[1][2].lower() in ("by", "about", "with"))):
        # a subordinate clause ('After Brown criticized Bill Clinton during a debate,') may run longer
        for k, t in enumerate(toks[:25 if toks[0][2].lower() in _SUBORDINATORS else 12]):
            if t[2] == ",":
                return k + 1
    return 0


def _tokens(region: str, base: int) -> list[tuple[int, int, str]]:
    """Words and clause punctuation with their offsets; a full stop stays on abbreviations and initials only."""
    # a parenthesis is no part of a phrase: 'Rep. Joseph Crowley (D-N.Y.)', 'Ann Lee (pictured)'
    if "(" in region:
        region = _PARENTHESIS.sub(_blank, region)
    # a token is never empty; one that ends in a full stop (a few per sentence) is looked at again
    return [(base + m.start(), base + m.end(), w) if (w := m.group())[-1] != "." else _stop(m, w, base)
            for m in _WORD.finditer(region)]


_LABEL = re.compile(r"([A-Z][A-Z’'\-]+(?:\s[A-Z][A-Z’'\-]+){0,2})\s*(?:\([^()\n]{0,40}\))?\s*:\s")
_PARENTHESIS = re.compile(r"\([^()\n]{0,60}\)")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def _stop(m: re.Match[str], w: str, base: int) -> tuple[int, int, str]:
    """A token ending in a full stop: the stop is dropped unless the token is an abbreviation or initials."""
    if len(w) > 1 and not _INITIALS.fullmatch(w) and w[:-1].lower() not in HONORIFICS \
            and w[:-1].lower() not in TITLE_WORDS and w[:-1] not in _ABBREV_WORDS:
        return base + m.start(), base + m.end() - 1, w[:-1]
    return base + m.start(), base + m.end(), w


_DOCUMENTS = {"report", "memo", "statement", "study", "survey", "poll", "filing", "release", "letter", "analysis",
              "complaint", "lawsuit", "ad", "advertisement", "editorial", "website", "video", "document", "email",
              "tweet", "post", "brief", "indictment", "ruling", "order", "review", "audit", "assessment", "opinion",
              "paper", "article", "book", "piece", "transcript", "resolution", "readout", "playbook", "handbook", "manual",
              "bulletin", "op-ed", "column"}
# nouns of saying (the nominal forms of the reporting verbs of app.reporting_verbs, Levin 1993 class 37, and
# the names of a thing someone is known to say): the owner of one is the source of what it introduces
_SPEECH_NOUNS = {"claim", "claims", "contention", "assertion", "remarks", "remark", "comments", "comment",
                 "words", "promise", "pledge", "vow", "warning", "argument", "suggestion", "charge", "accusation",
                 "insistence", "admission", "declaration", "boast", "retort", "response", "reply", "answer",
                 "complaint", "prediction", "plea", "slogan", "motto", "mantra", "catchphrase", "description",
                 "characterization", "characterisation", "assessment", "statement", "message", "tweet"}
# what a document is said to do with its findings, beside the reporting verbs of app.reporting_verbs
_FINDING_VERBS = {"show", "shows", "showed", "shown", "find", "finds", "found"}
# the verbs of putting out a document ('released a statement'); its subject is the document's author
_ISSUED = {"issued", "released", "published", "sent", "posted", "distributed", "circulated"}
# the participles that name a document's author after it ('a court document filed by …'); 'obtained by' names
# whoever holds it, not its author, and is left out
_AUTHORED = {"filed", "provided", "released", "published", "issued", "compiled", "conducted", "prepared", "written",
             "commissioned", "produced"}
# a person's own telling, whose owner is its source ('according to Farley’s account')
_ACCOUNTS = {"account", "recollection", "telling", "version", "notes", "diary", "memoir", "testimony", "audio"}
# what a named publisher publishes through ('the Global Times tabloid', 'the People's Daily newspaper'): its
# name is the source; compiled by hand from the kinds of news outlet
_PUBLICATIONS = {"newspaper", "tabloid", "magazine", "daily", "weekly", "outlet", "network", "broadcaster", "station",
                 "channel", "newsletter", "blog", "program", "programme", "show", "wire", "agency"}
_DATA_NOUNS = {"figures", "data", "numbers", "statistics", "estimates", "records", "documents", "reports", "polls",
               "surveys", "studies", "findings", "results", "filings", "projections", "forecasts"}
# organisations a definite description names by kind ('the company', 'the ministry'); see organisation_for
DEFINITE_ORGANISATIONS = {"company", "firm", "ministry", "department", "agency", "council", "commission",
                          "committee", "union", "bank", "university", "board", "authority", "institute", "court",
                          "association", "federation", "corporation", "league"}
_CORPORATE = {"inc", "corp", "co", "ltd", "llc", "plc", "ag", "sa", "gmbh", "group", "holdings", "corporation",
              "company", "industries"}
_COMPANY_APPOSITIVE = re.compile(r",[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[\w’'-]+[ \u00a0]+){0,3}?(?:company|firm|maker|"
                                 r"manufacturer|producer|developer|operator|retailer|supplier|provider|carrier|"
                                 r"insurer|lender|startup|start-up)\b")
_ORG_RUN = re.compile(r"(?<![\w’'.&-])[A-Z][\w&’'.-]*(?:[ \u00a0]+(?:(?:of|for|and|&)[ \u00a0]+)?[A-Z][\w&’'.-]*)*")
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "june", "july", "august", "september", "october", "november", "december", "today",
             "yesterday", "tonight", "week", "month", "year", "morning", "evening", "afternoon", "night"}
_NOT_SOURCES = {"last", "next", "early", "late", "earlier", "later", "rather", "it", "this", "that", "there", "what", "which", "who", "whom", "these", "those", "here", "its",
                "nobody", "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "no", "none", "you",
                "i", "we", "me", "us", "them", "him", "her", "his", "their", "our", "my", "your"}
_OBJECT_MARKERS = {"of", "to", "for", "with", "between", "by", "against", "about", "from", "at", "on", "than",
                   "and", "or", "nor", "like", "toward", "towards", "over", "under", "into", "onto",
                   "beat", "defeat", "defeated", "beating", "attacked", "attacking", "criticized", "criticised",
                   "called", "met", "thanked", "endorsed", "endorsing", "named", "nominated", "asked", "told"}
_ABBREV_WORDS = {"Jr", "Sr", "St", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "No",
                 "Ft", "Mt", "vs", "etc", "Inc", "Corp", "Co", "Ltd"}
_PREPOSITIONS = {"in", "on", "at", "during", "to", "about", "after", "before", "with", "via", "from", "for", "of",
                 "by", "under", "over", "into", "through", "throughout", "amid", "despite", "since", "until",
                 "asked", "speaking", "writing", "responding", "when", "while", "if", "as", "later", "earlier",
                 "yesterday", "today", "tonight"}


_FUNCTION_WORDS = {"of", "for", "to", "in", "on", "at", "by", "with", "from", "about", "and", "or", "but", "nor",
                   "the", "a", "an", "as", "than", "that", "this", "these", "those", "which", "who", "it", "its"}


def _org_around(words: list[Token], pos: int) -> list[Token] | None:
    """The capitalised run joined by 'of', 'for', 'and', '&' that holds the word at offset `pos`, when it is an
    organisation's name (one of its words is an organisation word: 'Office of Fair Trading and Consumer
    Affairs'); else None."""
    idx = next((i for i, w in enumerate(words) if w[0] <= pos < w[1]), None)
    if idx is None:
        return None

    def joins(i: int) -> bool:
        return words[i][2].lower() in ("of", "for", "and", "&")

    a = idx
    while a > 0 and (words[a - 1][2][:1].isupper() or (joins(a - 1) and a > 1 and words[a - 2][2][:1].isupper())):
        a -= 1
    b = idx
    while b + 1 < len(words) and (words[b + 1][2][:1].isupper() or (
            joins(b + 1) and b + 2 < len(words) and words[b + 2][2][:1].isupper())):
        b += 1
    run = words[a:b + 1]
    if any(_norm_org(w[2]) in TITLE_WORDS or _norm_org(w[2]) in HONORIFICS for w in run):
        return None  # 'House Speaker Paul D. Ryan of Wisconsin': a title makes it a person
    if any(joins(i) for i in range(a, b + 1)) and any(_norm_org(w[2]) in ORG_WORDS for w in run):
        return run
    return None


@lru_cache(maxsize=8192)  # a pure function of one token
def _norm_org(word: str) -> str:
    return POSSESSIVE_S.sub("", word).rstrip(".").lower()


def _owner_run(words: list[Token]) -> list[Token] | None:
    """The capitalised words that name an organisation before a group's lower-case head ('State Department' in
    'a State Department official', 'RNC' in 'one RNC member'): a run ending in an organisation word, or an
    acronym; None when the modifiers are no organisation ('Democratic strategist', 'Florida Republican')."""
    k = len(words)
    while k > 0 and words[k - 1][2][:1].islower():
        k -= 1
    if k == 0 or k == len(words):
        return None
    run: list[Token] = []
    while k > 0 and (words[k - 1][2][:1].isupper() or words[k - 1][2].lower() in ("of", "and", "&")):
        run.insert(0, words[k - 1])
        k -= 1
    while run and (not run[0][2][:1].isupper() or run[0][2].lower() in _DETERMINERS):
        run.pop(0)  # 'A State Department official' opening a sentence: the article is no part of the name
    if not run:
        return None
    last = POSSESSIVE_S.sub("", run[-1][2])
    if len(run) == 1 and last.lower() in ORG_WORDS and not last.isupper():
        return None  # 'Island businesses', 'Council officials': the organisation word alone names no owner
    if last.lower() in ORG_WORDS or (last.isupper() and len(last) > 1 and last.isalpha()):
        return run
    return None


def _well_formed(src: _Source) -> bool:
    """A person's or organisation's source ends in a capitalised word ('Ann Selzer', 'campaign of Hillary
    Clinton', 'FBI'); a group's ends in a lower-case noun ('one campaign insider'), never in a function word."""
    words: list[str] = _SPEAKER_WORD.findall(src.speaker)
    if not words:
        return False
    last = words[-1]
    first = words[0] if words[0][:1].islower() else ""
    if first in _FUNCTION_WORDS - {"the", "a", "an"} or first in _PREPOSITIONS or first in _AUXILIARIES:
        return False  # 'of Republicans', 'about his criticisms', 'is chairman'
    if src.kind in ("person", "organisation", "label", "pronoun"):
        return last[:1].isupper() or last[:1].isdigit()
    # a group's phrase before its first preposition is a noun phrase: a determiner only at its start
    # ('sought the convention in the hopes' is a clause)
    lead = [w.lower() for w in words]
    cut = next((i for i, w in enumerate(lead) if w in ("of", "for", "to", "from", "at", "with", "in")), len(lead))
    if any(w in ("the", "a", "an") for w in lead[1:cut]):
        return False
    return last.lower() not in _FUNCTION_WORDS and last.lower() not in _DETERMINERS and last[:1].isalpha()


_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "dozen",
                 "dozens", "million", "millions", "half", "most", "many", "few", "several", "some", "all", "both"}
_TIME_ADVERBS = {"also", "later", "then", "again", "once", "previously", "recently", "earlier", "repeatedly",
                 "publicly", "privately", "often", "still", "even", "just", "first", "never", "already", "now"}
_MODALS = {"will", "would", "could", "may", "might", "should", "must", "can", "shall", "wo", "won’t", "won't"}
_AUXILIARIES = {"is", "was", "are", "were", "be", "been", "has", "have", "had", "do", "does", "did", "will",
                "would", "can", "could", "should", "may", "might", "must"}


def _after_be(toks: list[Token], j: int) -> bool:
    """Whether the verb form at token j follows a form of 'be' over adverbs ('who are not related', 'was widely
    praised', 'is often described'): a passive or adjectival participle, whose subject is no speaker."""
    k = j - 1
    while k > 0 and (toks[k][2].lower() in _PLAIN_ADVERBS or _manner_adverb(toks[k][2])):
        k -= 1
    return k < j - 1 and toks[k][2].lower() in _BE_FORMS


def _in_relative(toks: list[Token], j: int) -> bool:
    """Whether the verb at token j has a subject of its own inside a relative clause set off by a comma ('Redfern,
    who critics say is misinformed, claimed …': the critics speak of Redfern; the sentence's speaker is the one
    of the verb after the clause)."""
    for w in range(j - 2, 0, -1):
        word = toks[w][2]
        if word == ",":
            return False
        if word.lower() in ("who", "whom", "which") and toks[w - 1][2] == ",":
            return True
    return False


_BE_FORMS = frozenset({"be", "been", "is", "was", "are", "were", "being"})
# the adverbs of _ADVERBS_BETWEEN, less its verbs, auxiliaries and particles
_PLAIN_ADVERBS = frozenset(_ADVERBS_BETWEEN - _BE_FORMS - {"has", "had", "have", "would", "will", "told", "went", "on",
                                                           "to", "back"})


def _manner_adverb(word: str) -> bool:
    """A lower-case -ly adverb ('gingerly', 'similarly') that may stand between a subject and its verb."""
    return word[:1].islower() and len(word) > 4 and word.endswith("ly") and word not in ("only", "early", "family",
                                                                                          "july", "italy", "ally")


def _noun_use(toks: list[Token], j: int) -> bool:
    """'the claim', 'his reply', 'Trump's answer': a reporting verb's form used as a noun."""
    prev = toks[j - 1][2] if j > 0 else ""
    return prev.lower() in _DETERMINERS or prev.endswith(("’s", "'s")) or prev in _NOUN_AFTER


# a reporting verb's form right after one of these is a noun ('a series of tweets', 'in comments')
_NOUN_AFTER = {"of", "in", "with", "from", "about", "for", "by", "among", "such", "no", "any", "further"}


def _date_like(words: list[Token]) -> bool:
    return any(w[2].lower() in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
               for w in words[:2])


def _verb(word: str) -> bool:
    """A reporting verb's form printed in lower case (REPORTING_VERBS)."""
    return word in _LOWER_VERBS


_LOWER_VERBS = frozenset(w for w in REPORTING_VERBS if w[:1].islower())  # (word[:1].islower() and word in …)



def _goes_on_verb(toks: list[Token], i: int) -> int | None:
    """The token index of a GOES_ON_VERBS form (app.reporting_verbs) right after a short subject (at most 6
    tokens from i, no punctuation in it) that ends the clause ('.', '!', '?', ',', ':' or nothing after it);
    else None. Used after a quotation only, where that frame reports the speaker going on."""
    for j in range(i + 1, min(len(toks), i + 7)):
        w = toks[j][2]
        if w in GOES_ON_VERBS:
            return j if j + 1 == len(toks) or toks[j + 1][2] in (".", "!", "?", ",", ":") else None
        if not w[:1].isalnum():
            return None
    return None


def _plural_noun(word: str) -> bool:
    """A lower-case plural noun ('groups', 'companies'): a group of sources, not a verb of the lexicon."""
    w = word.lower()
    return len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in REPORTING_VERBS


def _agentive(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith(("er", "ers", "or", "ors", "ist", "ists", "ant", "ants", "ent", "ents",
                                      "man", "men", "woman", "women", "person", "people", "ian", "ians"))


def _strip_titles(words: list[Token]) -> list[Token]:
    """Drop the title and role words before a name: 'Democratic pollster Ann Selzer' -> 'Ann Selzer'."""
    idx = None
    for k, w in enumerate(words):
        lw = w[2].lower().rstrip(".")
        if lw in TITLE_WORDS or lw in HONORIFICS or (w[2][:1].islower() and lw not in ("of", "for", "and", "&")):
            idx = k
    out = words[idx + 1:] if idx is not None else list(words)
    while out and out[0][2].lower() in _DETERMINERS:
        out = out[1:]
    return out


_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Del|Gov|Gen|Lt|Col|St|Jr|Sr|Rev|Sgt|Capt|Jan|Feb|Mar|Apr|"
                     r"Aug|Sept|Sep|Oct|Nov|Dec|No|Ft|Mt|vs|etc|U\.S|U\.K|D\.C|a\.m|p\.m)|\b[A-Z])$")


def _boundaries(frame: str) -> tuple[list[int], list[int]]:
    """Where frame sentences break, found once: positions `i` after which a sentence starts (a stop followed by a
    space, or a newline), and positions where one ends (a stop followed by a space or the end, or a newline)."""
    starts: list[int] = []
    ends: list[int] = []
    n = len(frame)
    for m in re.finditer(r"[.!?\n]", frame):
        i = m.start()
        if frame[i] == "\n":
            starts.append(i)
            ends.append(i)
            continue
        spaced = i + 1 < n and frame[i + 1] in " \u00a0\n"
        if (spaced or i + 1 >= n) and not _abbreviation(frame, i):
            ends.append(i)
            if spaced:
                starts.append(i)
    return starts, ends


def _abbreviation(frame: str, dot: int) -> bool:
    return _ABBREV.search(frame[max(0, dot - 6):dot]) is not None


def quotations(text: str, paragraphs: list[tuple[int, int]] | None = None,
               registry: PeopleRegistry | None = None) -> list[Quotation]:
    """Every quotation of `text` with its cue and source, in text order.

    `paragraphs` are (start, end) code-point spans (default: blank-line separated runs); `registry` is the
    text's PeopleRegistry (default: built here). Never raises on any str.
    """
    paras = paragraphs if paragraphs is not None else paragraph_spans(text)
    reg = registry if registry is not None else people(text)
    return QuoteModel(text, paras, reg).run()


def label_speakers(text: str, paragraphs: list[tuple[int, int]], registry: PeopleRegistry) -> dict[int, str]:
    """Transcript labels: paragraph index -> speaker, for paragraphs that open with 'NAME (…):'."""
    model = QuoteModel(text, paragraphs, registry)
    return {pi: src.speaker for pi, src in model.labels().items()}


# unions of the word sets above, made once (each was built anew at every use)
_CLAUSE_OR_AND = frozenset(_CLAUSE_BREAK | {"and", "but", "or"})
_NOT_A_CUE = frozenset(_FUNCTION_WORDS | _PREPOSITIONS | _AUXILIARIES | _MODALS)
_DOC_OR_DATA = frozenset(_DOCUMENTS | _DATA_NOUNS)
_PREP_OR_CLAUSE = frozenset(_PREPOSITIONS | _CLAUSE_BREAK)
_DOC_DATA_ACCOUNT = frozenset(_DOCUMENTS | _DATA_NOUNS | _ACCOUNTS)
_DOC_OR_PUBLICATION = frozenset(_DOCUMENTS | _PUBLICATIONS)
_ORG_OR_CAMP = frozenset(ORG_WORDS | {"camp", "team"})
