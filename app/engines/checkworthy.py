"""Check-worthiness of a sentence or clause: the probability that a fact-checker would pick it.

`checkworthiness(text, attributed)` is a logistic function of the measured features below
(`features(text, attributed)`), with weights learnt by `training/checkworthy/train.py` from
Copydesk's own labelled sentences (`training/checkworthy/sentences.txt`, written and labelled for
this project by ClaimBuster's guideline, plus the event and statistic claims of `evals/fixtures`) and
stored in `checkworthy.json` beside this module. The same features with hand-set weights
(`HAND_WEIGHTS`) are the documented fallback and the baseline the learnt weights must beat on
held-out sentences (the script says by how much). The score is calibrated: of sentences scored
about 0.7, about 70% are check-worthy on the held-out data (the note of issue 15 gives the table).

Features (each 0 or 1 unless said; all from one sentence's text, no context):

- `figure`: a figure in digits or words ('140 percent', 'hundreds of millions', 'a third');
- `statistic`: a unit of measure or money with it ('%', 'percent', '$', 'million', 'votes');
- `comparison`: 1 for a comparative or change word ('more', 'fell', 'doubled'), 2 when measured
  against something ('than any governor in history', 'since records began', 'a record');
- `name`: a named actor in any position ('Gordon backed …' as well as '… said Gordon');
- `action`: a completed action: a past-tense verb ('voted', 'cut', 'signed', 'raised', '-ed');
- `deed`: an actor did something to something: a subject that names someone (a name, a title, a
  third-person pronoun, 'my opponent') right before a past-tense verb with words after it
  ('Gordon backed the occupation of …', 'She voted down child care tax credits …');
- `time`: a time anchor ('in 2019', 'last year', 'this session', 'on Tuesday', 'since');
- `record`: a record of votes, laws or office ('voted', 'vetoed', 'bill', 'law', 'in office');
- `attributed`: the clause has a speaker (from `app.attribution`) or an 'according to';
- `first_person`: the speaker's own view or plan ('I think', 'we need', 'I will', 'I'm proud');
- `modal`: a prediction, wish or duty ('will', 'should', 'must', 'would', 'hope', 'expect');
- `evaluative`: judgement without a measure ('terrible', 'disgrace', 'proud', 'heartbreaking');
- `question`, `address`: a question; a greeting, thanks or turn-taking ('Thank you', 'Next question');
- `quote_only`: the words are a quotation with at most a short attribution around them;
- `short`: fewer than 6 words. (Length beyond that is not a feature: news sentences are long
  whatever they say.)

Lexicons are closed-class English or the reporting and voting vocabulary of news style guides
(AP Stylebook's 'said' guidance; parliamentary procedure), written for this project.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from app.caseless import caseless, word_start
from app.engines.features import SentenceMemo, comparison, figures, has_name, quote_balance, starts_with_quote
from app.lexicon import Lexicon, Words

MODEL_PATH = Path(__file__).with_name("checkworthy.json")
_MAX_CHARS = 600

FEATURES = ("figure", "statistic", "comparison", "name", "action", "deed", "time", "record", "attributed",
            "first_person", "modal", "evaluative", "question", "address", "quote_only", "short")

# The hand-weighted score: log-odds contributions set by reading the guideline, before any data.
HAND_WEIGHTS = {
    "bias": -1.2, "figure": 1.2, "statistic": 0.8, "comparison": 0.5, "name": 0.6, "action": 0.4, "deed": 0.6,
    "time": 0.4, "record": 0.8, "attributed": 0.3, "first_person": -1.2, "modal": -0.8,
    "evaluative": -1.0, "question": -2.0, "address": -2.0, "quote_only": -0.3, "short": -0.5,
}

_STAT = Lexicon(r"per ?cent|percent(?:age)?|dollars?|pounds?|euros?|million|billion|"
                r"trillion|votes?|seats?|jobs|people|homes|patients|deaths|cases|tonnes|barrels|acres|"
                r"miles|kilometres|kilometers|metres|meters|passengers|visitors|students|children|workers|"
                r"points|goals|years?", extra=r"%|[$€£¥]")
_PAST_FORMS = (r"took|gave|made|cut|set|put|won|lost|paid|sold|bought|spent|sent|built|"
               r"began|begun|fell|rose|grew|shut|hit|led|left|met|ran|said|told|wrote|signed|brought|"
               r"became|broke|chose|drove|fought|found|froze|held|kept|knew|laid|meant|quit|saw|"
               r"shot|shrank|spoke|stole|struck|swore|threw|understood|went|was|were|had|did|has been|"
               r"have been")
_PAST = caseless(rf"\b(?:\w{{3,}}ed|{_PAST_FORMS})\b")
_PAST_WORDS = Lexicon(_PAST_FORMS)
_NOT_PAST = Lexicon(r"need|needed|proud|tired|excited|interested|concerned|scared|pleased|ashamed|"
                    r"bored|worried|supposed|red|bed|shed|seed|speed|feed|need|indeed|hundred|based")
_TIME = Lexicon(r"(?:last|this|next|every|each|a|per) (?:year|month|week|session|term|"
                r"quarter|decade|season|day|night|spring|summer|autumn|fall|winter)|since|ago|yesterday|today|"
                r"tonight|(?:on |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
                r"january|february|march|april|may|june|july|august|september|october|november|december|"
                r"while (?:he|she|i|we|they) (?:was|were)|during|in office|a year|years?",
                extra=r"\b(?:1[89]\d\d|20\d\d|in (?:the )?(?:last|past|first) \w+)\b")
_RECORD = Lexicon(r"vot(?:e|ed|es|ing)|veto(?:ed|es)?|bill|law|act|legislation|budget|ballot|"
                  r"sponsored|co-sponsored|signed|repealed|passed|ratified|appointed|elected|convicted|"
                  r"sentenced|fined|pardoned|in office|as (?:mayor|governor|senator|president|minister)")
_ACCORDING = Lexicon(r"according to|said|says|told|reported|announced|confirmed|estimated|"
                     r"found|showed|shows")
_FIRST_VIEW = (r"(?:['’]m| am| are|['’]re)? (?:think|believe|feel|want|hope|wish|know|love|promise|need|must|"
               r"should|can|will|would|am going to|are going to|['’]ll|going to|proud|glad|sure|not going to|"
               r"have to|respect|agree|disagree|care|deserve|trust|fight|won['’]t|can['’]t|don['’]t think)\b")
# `\b(?:i|we)<_FIRST_VIEW>|\blet['’]s\b|\blet me\b|\bin my (?:view|opinion)\b|\bi['’]m (?:proud|…|not)`, asked yes or no,
# its alternatives opening on literals (app.caseless.word_start)
_FIRST_PERSON = caseless(word_start(
    rf"i{_FIRST_VIEW}|we{_FIRST_VIEW}|let['’]s\b|let me\b|in my (?:view|opinion)\b|i['’]m (?:proud|running|glad|a |grateful|not)"))
# every `_FIRST_PERSON` match holds one of these as a whole word ('my' of 'in my view'): a text whose words hold none
# of them is not searched
_FIRST_PERSON_WORDS = frozenset({"i", "we", "let", "my"})
_MODAL = Lexicon(r"will|would|should|must|could|might|may|shall|ought|hope[sd]?|expect(?:s|ed)?|"
                 r"likely|going to|deserves?|needs? to|has to|have to|remains to be seen|wondering")
# Judgement words with nothing measurable behind them (a closed list written for this project).
_EVALUATIVE = Lexicon(
    r"terrible|disgrace(?:ful)?|shame(?:ful)?|ashamed|proud|beautiful|wonderful|great(?:est)?|best|worst|"
    r"amazing|awful|horrible|heartbreaking|tragic|disaster|mess|ridiculous|absurd|outrageous|wrong|"
    r"fair|unfair|excited|exciting|grateful|sad|happy|terrifying|sombre|bitter|disappointing|"
    r"disappointment|uncertain|controversial|overdue|out of touch|tired|backbone|courage|"
    r"crossroads|fighter|honest|stronger together")
_ADDRESS = caseless(r"^(?:thank(?:s| you)|good (?:morning|evening|afternoon|night)|hello|welcome|"
                      r"next question|let me (?:finish|answer|be clear)|i['’]ll be brief|folks|"
                      r"ladies and gentlemen|please|excuse me|okay|ok|well|yes|no|sure|right)\b")
_ACTOR = re.compile(r"^[\s“\"‘']*(?:(?i:he|she|they|my opponent|the (?:governor|senator|mayor|president|minister|"
                    r"council|company|government|administration|state|city|court|board|agency|party|firm|bank|"
                    r"club|police|committee|department))|(?!(?:It|This|That|There|What|I|We|You)\b)[A-Z][\w'’.-]*"
                    r"(?:\s+[A-Z][\w'’.-]*){0,3})"
                    r"(?:['’]s)?\s+(?i:has\s+|had\s+|have\s+|also\s+|once\s+|never\s+)?([a-z]+)\s+\S")
_NOT_SPEAKER = {"it's", "it’s", "i've", "i’ve", "i", "i'm", "i’m", "we", "we've", "it", "that", "this", "there",
                "you", "they", "what", "which"}
_QUOTED = re.compile(r"[“\"‘'](.+?)[”\"’'](?=\s|[,.;:!?]|$)")


def features(text: str, attributed: bool = False, memo: SentenceMemo | None = None) -> dict[str, float]:
    """The measured features of one sentence or clause (see the module docstring), by name; `memo`: the
    document's (features.memo_of), which keeps figures already read by another step."""
    t = " ".join(text[:_MAX_CHARS].split())  # a claim is at most 600 characters; this bounds every pattern
    words = t.split()
    lexicon_words = Words(t)  # the word lists below are asked about these words (app.lexicon)
    figs = memo.figures(t, lexicon_words) if memo is not None else figures(t, lexicon_words)
    quoted = sum(len(m.group(1).split()) for m in _QUOTED.finditer(t))
    past = _past(t, lexicon_words)
    return {
        "figure": float(bool(figs)),
        "statistic": float(bool(figs) and _STAT.found(lexicon_words)),
        "comparison": float(comparison(t, lexicon_words)),
        "name": float(has_name(t)),
        "action": float(bool(past)),
        "deed": float(_deed(t)),
        "time": float(_TIME.found(lexicon_words)),
        "record": float(_RECORD.found(lexicon_words)),
        "attributed": float(attributed or _ACCORDING.found(lexicon_words)),
        "first_person": float(_first_person(t, lexicon_words)),
        "modal": float(_MODAL.found(lexicon_words)),
        "evaluative": float(_EVALUATIVE.found(lexicon_words)),
        "question": float("?" in t),
        "address": float(bool(_ADDRESS.match(t.lstrip("“\"‘'(")))),
        "quote_only": float(bool(words) and quoted >= 0.6 * len(words)  # (the count first: it is at hand)
                            and (starts_with_quote(t) or quote_balance(t) != 0)),
        "short": float(len(words) < 6),
    }


def _first_person(text: str, words: Words) -> bool:
    """`bool(_FIRST_PERSON.search(text))`; `words`: `Words(text)`."""
    if words.tokens is not None and _FIRST_PERSON_WORDS.isdisjoint(words.tokens):
        return False
    return bool(_FIRST_PERSON.search(text))


def _past(text: str, words: Words) -> bool:
    """Whether `_PAST` finds a past-tense form in `text` that `_NOT_PAST` does not take back ('needed', 'proud').
    From the text's words (app.lexicon): `_PAST` matches whole words only (a word of 5 or more characters ending
    in 'ed', or one of its forms) and the phrases 'has been' and 'have been', which `_NOT_PAST` (single words) never
    takes back."""
    if words.tokens is None:  # lower-casing is not exact for this text: the patterns as written
        return any(not _NOT_PAST.pattern.fullmatch(m.group(0)) for m in _PAST.finditer(text))
    for word in words.tokens:
        if (word in _PAST_WORDS.words or len(word) >= 5 and word.endswith("ed")) and word not in _NOT_PAST.words:
            return True
    return _PAST_WORDS.found_phrase(words)


def _deed(text: str) -> bool:
    m = _ACTOR.match(text)
    if not m:
        return False
    verb = m.group(1)
    return bool(_PAST.fullmatch(verb)) and not _NOT_PAST.pattern.fullmatch(verb) and verb.lower() not in (
        "was", "were", "had", "did", "said", "told")


def real_speaker(speaker: str | None) -> bool:
    """Whether an attribution's speaker names someone (not 'It's' in "It's called …", not "I've noted")."""
    return speaker is not None and bool(speaker) and speaker.strip().lower() not in _NOT_SPEAKER


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The learnt weights (`checkworthy.json`), or `HAND_WEIGHTS` when the file is missing."""
    try:
        data = json.loads(MODEL_PATH.read_text())
        return {k: float(v) for k, v in data["weights"].items()}
    except (OSError, ValueError, KeyError):
        return dict(HAND_WEIGHTS)


def score(feats: dict[str, float], w: dict[str, float]) -> float:
    """The logistic function of the weighted features: a probability in [0, 1]."""
    z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def checkworthiness(text: str, attributed: bool = False, memo: SentenceMemo | None = None) -> float:
    """How likely a fact-checker is to pick this sentence or clause, 0 to 1 (calibrated, 2 decimals); `memo` as
    for `features`."""
    return round(score(features(text, attributed, memo), weights()), 2)
