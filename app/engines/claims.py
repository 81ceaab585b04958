"""Check-worthy claims of an article, each with its span, type, score and speaker.

How claims are chosen (`extract_claims`): every body sentence is a candidate, whole, or cut into one
clause per speaker when it reports several, but only at a clause boundary (a semicolon, or a comma
or dash before 'while', 'and', 'but', …) where both sides read alone; a quotation that runs over
several sentences is one candidate, so no claim holds half a quotation. Each candidate is scored
by `app.engines.checkworthy.checkworthiness` (a calibrated probability from measured features) and
kept when the score reaches the threshold, or when it reports what a named speaker said, quoted or
not (an editor checks who said what even when the words are opinion; its score stays low).
"""

from __future__ import annotations

import re

from app.attribution import Attribution, DocumentSpeakers, find_attributions
from app.caseless import caseless, word_start
from app.document import Document, Sentence
from app.engines.checkworthy import checkworthiness, real_speaker
from app.engines.features import SentenceMemo, memo_of, quote_balance
from app.models import Claim, ClaimType
from app.reporting_verbs import is_reporting_verb

# The word lists and marks below are asked yes or no (`.search`); each pattern opens on literal characters or a
# class, which `re` skips on quickly (app.caseless.word_start).
# a number: `\d|\b(?:one|two|…|quarter)\b`
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = caseless(rf"(?:{word_start(r'one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|half|third|quarter')})\b")
# a statistic: a share or money mark, 'million', 'billion', or a figure before a unit, the figure tried from the
# start of its run of digits, commas and dots only and never given back (linear): the run's first character
# (the look-behind after it), then the rest of `[,.]*+\d[\d,.]*+`
_STAT_MARK = caseless(r"%|percent|per cent|\$|€|£|" + word_start(r"million\b|billion\b"))
_STAT_FIGURE = caseless(r"[\d,.](?<![\d,.][\d,.])(?:(?<=\d)|[,.]*+\d)[\d,.]*+\s*+(?:people|homes|votes|tonnes|tons|km|"
                        r"miles|mm|cm|inches|degrees|points|cases|deaths|jobs)")
_PREDICT = caseless(rf"(?:{word_start(r'will|is expected to|are expected to|expected to|is set to|are set to|plans? to|forecasts?|predicts?|projected to|is likely to|are likely to|would likely')})\b")
_OPINION = caseless(r"\b(?:tragically|unfortunately|fortunately|clearly|surely|arguably|we believe|"
                    r"in my view|best|worst|should|must)\b")
_QUOTE = re.compile(r"[“\"]")
_ENTITY = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-zà-ÿ]+")
_MAX_SPAN = 600


def _kind(text: str, attributed: bool) -> ClaimType:
    if attributed and _QUOTE.search(text):
        return "quote"
    if _STAT_MARK.search(text) or _STAT_FIGURE.search(text):
        return "statistic"
    if _PREDICT.search(text):
        return "prediction"
    if _OPINION.search(text) and not (_DIGIT.search(text) or _NUMBER_WORD.search(text)) and not attributed:
        return "opinion"
    return "event"


def _checkworthy(text: str, speaker: str | None, memo: SentenceMemo | None = None) -> float:
    """The claim's check-worthiness: see app/engines/checkworthy.py."""
    return checkworthiness(text, real_speaker(speaker), memo)


def _standalone(text: str, speaker: str | None, attribution: Attribution | None) -> str:
    """The claim reworded to read alone: a leading pronoun becomes the speaker's name."""
    text = " ".join(text.split())
    if speaker and attribution and attribution.pronoun and attribution.start == 0:
        text = speaker + text[len(attribution.raw):]
    return text


def extract_claims(document: Document, threshold: float = 0.5) -> list[Claim]:
    """Claims in article order; clauses of one sentence with different speakers become separate claims."""
    who = DocumentSpeakers(document)
    memo = memo_of(document)
    claims: list[Claim] = []
    for sentence in _units(document):
        attributions, speakers = _speakers(who, sentence)
        pieces = _pieces(sentence, attributions, speakers)
        for start, end, speaker, attribution, read_from in pieces:
            span_text = document.text[read_from:end]  # the clause, or the whole sentence when it cannot read alone
            attributed = speaker is not None
            score = _checkworthy(span_text, speaker, memo)
            reported = real_speaker(speaker)  # who said what is checked whatever was said
            if score < threshold and not reported:
                continue
            end = min(end, read_from + _MAX_SPAN)
            claims.append(Claim(
                id=f"c{len(claims) + 1}",
                text=_standalone(document.text[read_from:end], speaker, attribution),
                span=document.span(start, end),
                sentence_id=sentence.id,
                speaker=speaker,
                type=_kind(span_text, attributed),
                checkworthy=score,
            ))
    return claims


def _speakers(who: DocumentSpeakers, sentence: Sentence) -> tuple[list[Attribution], list[str | None]]:
    """The attributions of a sentence and their speakers: a quotation's source (app.quotations) for the part
    inside it, a transcript label for its paragraph, else indirect speech ('X said that …') found outside
    quotations; a name inside a quotation is never its speaker."""
    label = who.label_of(sentence.paragraph)
    pieces = who.quotes_in(sentence.start, sentence.end)
    attributions: list[Attribution] = []
    speakers: list[str | None] = []
    if pieces:
        prev_end = sentence.start
        for s, e, q in pieces:
            rel = max(0, s - sentence.start)
            if q.how == "before" and q.source_span is not None and prev_end < q.source_span[0] < s and attributions:
                # '… “leading from behind” and Trump says he's “losing …”': the second speaker's clause starts
                # at their name, after the previous quotation
                rel = q.source_span[0] - sentence.start
            prev_end = e
            speaker = q.speaker or label
            attributions.append(Attribution(speaker or "", "", rel, rel, q.cue or "", False))
            speakers.append(speaker)
        if any(speakers):
            # a speaker of indirect speech before the first quotation and its cue ('Putin called for talks, a
            # move Zelenskiy described as “…”'): that part of the sentence is theirs
            first = pieces[0][2]
            cue_at = first.source_span[0] if first.source_span else pieces[0][0]
            lead = who.model.indirect(sentence.start, min(pieces[0][0], cue_at))
            if lead is not None and lead.person is not None and lead.end <= cue_at and lead.speaker not in speakers \
                    and first.how != "according":  # '…, according to Reuters.' credits the whole sentence
                rel = max(0, lead.start - sentence.start)
                attributions.insert(0, Attribution(lead.speaker, "", rel, rel, lead.cue or "", False))
                speakers.insert(0, lead.speaker)
            return attributions, speakers
    if label:
        return [Attribution(label, "", 0, 0, "label", False)], [label]
    if pieces:
        return [], []  # a quotation whose source was not found: none, never a name guessed around it
    found = [a for a in _main_attributions(find_attributions(sentence.text), sentence.text)
             if not who.inside_quote(sentence.start + a.start)]
    src = who.model.indirect(sentence.start, sentence.end)
    if src is not None and (src.person is not None or src.kind in ("organisation", "group")) and len(found) <= 1:
        rel = src.start - sentence.start
        return [Attribution(src.speaker, "", rel, rel, src.cue or "", False)], [src.speaker]
    if not found and src is not None:
        rel = src.start - sentence.start
        return [Attribution(src.speaker, "", rel, rel, src.cue or "", False)], [src.speaker]
    return found, [who.resolve(a, sentence.start + a.start) for a in found]


# (precompiled; each was written inline in _main_attributions)
_AMPERSAND_END = re.compile(r"&\s*$")
_THAT_END = re.compile(r"\bthat\s+$")
_WORD_BEFORE = re.compile(r"([a-z]+)\s+(?:the\s+|a\s+|an\s+)?$")


def _main_attributions(attributions: list[Attribution], text: str) -> list[Attribution]:
    """Drop a subject inside reported speech: in 'He specified that Ukraine expects', Ukraine is reported."""
    kept: list[Attribution] = []
    for a in attributions:
        before = text[max(0, a.start - 6):a.start].lower()
        if _AMPERSAND_END.search(before):
            continue  # 'Harrow & Vane': the second name of a firm, not a person
        if _THAT_END.search(before):
            continue  # the subject of a that-clause is what is reported, not who reports it
        word = _WORD_BEFORE.search(text[max(0, a.start - 30):a.start])
        if kept and word and is_reporting_verb(word.group(1)):
            continue  # 'X said the club had rejected …': the club is reported, X reports it
        kept.append(a)
    return kept


Piece = tuple[int, int, str | None, Attribution | None, int]
"""(start, end, speaker, attribution, read_from): a claim's span in the document and where its reading (text,
score, type) starts: `start`, or the sentence's start for a clause that does not read alone."""


def _pieces(sentence: Sentence, attributions: list[Attribution], speakers: list[str | None]) -> list[Piece]:
    """The sentence whole, or one clause per distinct speaker when it quotes several and the cut falls
    on a clause boundary ('…, while Kyiv insists …'). A second speaker named inside a clause ('…, a move
    Zelenskiy described as …') gets the part after the last comma before them as its span, read as the whole
    sentence; the first speaker the part before that comma. The spans never overlap (an editor's page
    highlights each word once, with one speaker)."""
    named = [(a, s) for a, s in zip(attributions, speakers) if s]
    inner = next(((a, s) for a, s in named[1:] if s != named[0][1] and not _boundary(sentence.text, a.start)),
                 None)
    if inner is not None:
        # the second speaker's words cannot be cut out as a clause that reads alone ('…, a move Zelenskiy
        # described as …'): the first speaker's clause up to the last comma before them, and the rest for the
        # second, read as the whole sentence
        a, s = inner
        cut = max(sentence.text.rfind(",", 0, a.start), sentence.text.rfind(";", 0, a.start))
        head = sentence.text[:cut] if cut > 0 else ""
        if len(head.split()) >= 6 and quote_balance(head) == 0:
            tail = sentence.text[cut + 1:]
            rest = sentence.start + len(sentence.text) - len(tail.lstrip())
            return [(sentence.start, _trim_end(sentence, sentence.start + cut), named[0][1], named[0][0],
                     sentence.start), (rest, sentence.end, s, a, sentence.start)]
        named = [(b, t) for b, t in named if b is not a]
    named = [named[0], *((a, s) for a, s in named[1:] if _boundary(sentence.text, a.start))] if named else []
    distinct = {s for _, s in named}
    if len(distinct) <= 1:
        only: tuple[Attribution | None, str | None] = named[0] if named else (None, None)
        return [(sentence.start, sentence.end, only[1], only[0], sentence.start)]
    pieces: list[tuple[int, int, str | None, Attribution | None]] = []
    cuts = [a.start for a, _ in named] + [len(sentence.text)]
    for i, (a, s) in enumerate(named):
        start = 0 if i == 0 else a.start
        end = cuts[i + 1]
        if pieces and pieces[-1][2] == s:
            prev = pieces.pop()
            start = prev[0] - sentence.start
        pieces.append((sentence.start + start, sentence.start + end, s, a))
    return [(st, _trim_end(sentence, en), s, a, st) for st, en, s, a in pieces]


# A clause may begin after a semicolon, or after a comma or dash followed by a conjunction, or after a closing
# quotation mark followed by one ('“…” and Trump says …').
_CLAUSE_BREAK = re.compile(r"(?:;\s*|[,—–]\s*(?:(?:while|whereas|and|but|yet|although|though|as|so)\s+)"
                           r"|[”\"]\s+(?:while|whereas|and|but)\s+|\s[—–]\s+)$", re.IGNORECASE)


def _boundary(text: str, start: int) -> bool:
    """Whether a clause can start at `start` (the attribution's subject) and the part before it read alone."""
    return bool(_CLAUSE_BREAK.search(text[max(0, start - 12):start])) and quote_balance(text[:start]) == 0


def _units(document: Document) -> list[Sentence]:
    """The body sentences, with a quotation that runs over several sentences joined into one unit (the
    first sentence's id, the span of all of them)."""
    body = document.body
    runs = _quotation_runs(body)
    units: list[Sentence] = []
    i = 0
    while i < len(body):
        first = body[i]
        if i in runs:
            last = body[runs[i]]
            units.append(Sentence(first.id, first.start, last.end, document.text[first.start:last.end],
                                  first.kind, first.paragraph))
            i = runs[i] + 1
        else:
            units.append(first)
            i += 1
    return units


def _quotation_runs(body: list[Sentence]) -> dict[int, int]:
    """Quotations that run over several sentences of one paragraph: index of the first sentence -> index
    of the sentence where the quotation closes (at most 3 sentences on; else not a run)."""
    runs: dict[int, int] = {}
    i = 0
    while i < len(body):
        balance = quote_balance(body[i].text)
        if balance > 0:
            j = i
            while balance > 0 and j + 1 < len(body) and j - i < 3 and body[j + 1].paragraph == body[i].paragraph:
                j += 1
                balance += quote_balance(body[j].text)
            if balance == 0 and body[j].end - body[i].start <= _MAX_SPAN:
                runs[i] = j
                i = j
        i += 1
    return runs


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_CONJUNCTION_END = re.compile(r"\b(?:while|whereas|and|but|yet|although|though|as|so)$", re.IGNORECASE)


def _trim_end(sentence: Sentence, end: int) -> int:
    """Pull a clause end back over trailing spaces, commas, dashes and a conjunction ('…, while')."""
    rel = end - sentence.start
    while True:
        before = rel
        while rel > 0 and sentence.text[rel - 1] in " ,;—–\u00a0\n\r":
            rel -= 1
        m = _CONJUNCTION_END.search(sentence.text[:rel])
        if m:
            rel = m.start()
        if rel == before:
            return sentence.start + rel
