"""An extractive summary the way news is written: the lede, then the sentences that carry the story.

How a summary is chosen (`summarise`):

1. **Eligible sentences.** Body sentences only (headings, the dateline and page furniture are never
   sentences). A sentence is left out when `ineligible` gives a reason: a question; fewer than 6 words or
   more than the limit; a bare quotation (opens on a quotation mark, curly or straight, with no named
   speaker after it) or half of one (a quotation mark left open or closed from another sentence); a call to
   the reader ('Scroll down for video', 'Click here'), a credit or copyright line ('CNN's … contributed
   to this report.'); a photo caption (a position marker such as '(left)' or 'pictured', or a short
   'Label: …' in an article without paragraphs); a data box (figures with hardly a word between them,
   'Creme Egg: 26.5g sugar; 177 calories.'); a teaser (a short sentence that announces what follows
   without saying it, 'Not everyone was pleased with the refit.'); a line that does not end as a
   sentence does. A sentence that leans on the one before (opens on a pronoun, a conjunction or a
   connective: 'He said…', 'But…') may be chosen only right after that sentence, and the two are
   then one key point; the article's first sentence leans on nothing.
2. **Position.** News puts the lede first and the nut graf within the next few sentences. Position is
   counted in paragraphs when the article has them (plus the sentence's rank inside its paragraph)
   and in sentences when it is one block of text, so a scraped one-line article keeps its lede.
   The prior is `1 / (1 + position / scale)`, the scale 1 at 60 words and growing with the limit.
3. **Content.** Centrality (TF-IDF cosine to the article's centroid) and coverage of the article's main
   entities and figures (capitalised names and figures printed at least twice, weighted by how often).
4. **Selection.** Greedy: the best value per word that fits the word limit and adds enough new words
   (a sentence that says again what is chosen is skipped), until nothing fits; then article order.
   Key points are the chosen sentences, whole.

Weights were set on the project's own fixtures and a public development set (CNN/DM and Newsroom,
measured by `bench/summaries.py`); none is keyed to an article's words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from app.caseless import caseless, word_start
from app.document import Document, Sentence
from app.engines.features import (
    SentenceMemo,
    figures,
    known_names,
    leans_on_previous,
    memo_of,
    names,
    quote_balance,
    starts_with_quote,
)
from app.models import KeyPoint, Summary

_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w’'-]*|\d[\d,.]*")
_STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been being has have had
do does did not no this that these those it its his her their our your my we you they he she i him them us
which who whom whose what when where why how than then there here so such also very more most much many
some any each both all other into over under about after before between during while would could should
will may might can must said says say just only even still yet one two mr ms mrs""".split())

# Page furniture inside the body text, as news sites print it (calls to the reader, credits, captions).
_CALL = caseless(
    r"(?i)^[\s(]*(?:scroll (?:down|up|through)|click (?:here|through|on)|read (?:more|on|the full)|"
    r"see (?:more|below|also|the)|watch (?:the|more|below|our)|listen to|follow (?:us|@|the|\w+ on)|"
    r"sign up|subscribe|share (?:this|on|your)|download|tap (?:here|to)|like us|join us on|"
    r"(?:e-?mail|contact|call) us|tell us|let us know|for more|to read|more (?:on|from|at)|"
    r"pictured|video|photos?|gallery|related|also see|don['’]t miss)\b")
# Each alternative opens on a literal character, which `re` skips on quickly (app.caseless.word_start): a word
# list's '\b' goes after its first character, and 'user@site.com' is found from its '@' and the character before
# it, as `\S+@` would find it. Asked yes or no (`.search`), so the order of the alternatives does not matter.
_CREDIT = caseless(
    r"contributed to (?:this|the) (?:report|story|article)|all rights reserved|©\s*\w|https?://|www\.|@\w{3,}|"
    r"@(?<=\S@)\S+\.\w+|" + word_start(
        r"additional reporting by\b|reporting by\b|written by\b|edited by\b|compiled by\b|produced by\b|"
        r"copyright\b|this (?:story|article|report) (?:has been|was|is being) (?:updated|corrected|amended)|"
        r"editor['’]s note\b|the views expressed\b|originally (?:appeared|published)\b|"
        r"is (?:supported|sponsored|presented|brought to you) by\b|are (?:supported|sponsored|presented|brought to you) by\b|"
        r"in (?:partnership|association) with\b|"
        r"follow (?:him|her|them|us|@?\w+) on (?:twitter|facebook|instagram|x)\b|"
        r"find (?:him|her|them|us|@?\w+) on (?:twitter|facebook|instagram|x)\b|on twitter\b"))
_CAPTION = caseless(
    r"\((?:(?:second |far |bottom |top |centre |center )?(?:left|right)|centre|center|above|below|"
    r"pictured|inset|top|bottom|file(?: photo| picture| image| pic)?|circled|front|back|main|foreground|background)\)|"
    r",\s*(?:left|right|centre|center)\s*(?:,|and\b)|"
    r"\((?:shown|seen|also pictured|pictured)[^)]{0,20}\)|" + word_start(
        r"pictured\b|seen (?:here|above|below)\b|shown (?:here|above|below)\b|pictured (?:here|above|below)\b|"
        r"photos?\s*:|photographs?\s*:|pictures?\s*:|images?\s*:|credits?\s*:"))
# AP style writes photo captions in the present tense ('Keane watches his players …', 'The ferry burns
# after …'): a subject and a present-tense verb of what a picture shows, with no past tense after it.
_PHOTO_VERBS = (r"watch|talk|celebrate|pose|smile|look|stand|sit|walk|arrive|leave|burn|wave|hold|kiss|hug|speak|"
                r"react|jump|gesture|prepare|enjoy|wear|ride|use|set|play|train|gather|queue|march|protest|cheer|"
                r"shake|greet|chat|dance|sing|perform|pray|mourn|rest|relax|lift|kick|tackle|battle|flee|sleep|"
                r"stare|point|salute|shout|cry|laugh|unveil|clutch|cradle|embrace|inspect|survey|emerge|swim|climb|"
                r"work(?=s? out)")
_CAPTION_VERB = caseless(
    rf"^(?:[\w'’.-]+\s+){{1,6}}?(?:{_PHOTO_VERBS})(?:e?s|ies)\s+(?:up\s+|off\s+|out\s+|on\s+|down\s+)?"
    r"(?:a|an|the|his|her|their|its|to|with|at|during|after|before|in|for|on|as|off|up|out|down|into|alongside|"
    r"next|him|her|them|it|me|us|\w+ing)\b(?!.*\b(?:said|says|told)\b)")
# 'Murray and Djokovic pose for a photograph …': two named people and a bare present tense.
_PAIR_CAPTION = re.compile(rf"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? (?:and|&) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? "
                           rf"(?:{_PHOTO_VERBS})\b")
# A caption can be a bare noun phrase: 'Tech-savvy mum Chloe, who designed the app, with baby Lola.'
_RELATIVE = re.compile(r",\s*(?:who|which|whose|where|when)\b[^,]*(?:,|$)", re.IGNORECASE)
_VERB = caseless(r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could|shall|"
                   r"should|may|might|must|said|says|\w{2,}ed|\w+n['’]t|\w+['’](?:re|ve|ll|d|m)|"
                   r"(?:it|that|there|he|she|what|who|here|this)['’]s)\b")
_COUNTED = caseless(r"\b(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|\w+ty|many|several|few|some|"
                      r"all|these|those)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+s\b")
_LABEL = re.compile(r"^([A-Z][\w’'&-]*(?:\s+[\w’'&-]+){0,5}):\s+(?=\S)")
# A timestamp or photo credit glued before the lede in scraped one-line text: 'Updated Jul 7, 2012 6:40 PM ET
# Juventus are …', 'Tuesday, August 25, 2015, 12:41 AM A Kansas man …', 'JAE S. LEE / THE TENNESSEAN In his …'.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_CLOCK = r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{1,4}T|ET|GMT|UTC)?"
_PREFIX = re.compile(
    rf"^(?i:(?:updated|published|posted|last updated)\s*:?\s*)?(?i:{_DAY}?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+"
    rf"\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})(?:,?\s*(?:at\s+)?{_CLOCK})?|{_CLOCK},?\s*{_DAY}?{_MONTH}\s+\d{{1,2}},?\s+"
    rf"\d{{4}})\s+(?=[A-Z“\"])"
    r"|^\([^()/]{1,60}/[^()]{1,60}\)\s+(?=[A-Z])|^[A-Z][A-Z.’' -]{1,30}/\s*[A-Z][A-Z.’' -]{1,40}\s+(?=[A-Z][a-z])"
    r"|^\((?i:cnn|ap|afp|reuters|instagram|twitter|facebook|youtube|[0-9]?[A-Z]{2,8})\)\s*(?:--?|—|–)?\s*(?=[A-Z0-9“\"])"
    r"|^By [A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3},\s*[A-Z][A-Z .&]{1,30}?\s+(?=[A-Z][a-z])")
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9][\w’'&-]*|and|of|the|for|in|on|to|a|an|&)$")
_TERMINAL = re.compile(r"[.!…][\"'”’)\]]*$")
# A teaser announces what follows without saying it: 'Not everyone was pleased.', 'Here's why.'
_TEASER_OPEN = caseless(r"(?i)^(?:not (?:everyone|everybody|all|so|quite|for long|any more)|here['’]?s|here are|"
                          r"here is|here (?:he|she|they|we)|that['’]s not all|there['’]s more|there was more|"
                          r"what happened next|the answer|find out|nobody|no one|few|others|some|many|"
                          r"there (?:is|was) (?:a|one) (?:catch|problem|twist|snag))\b")
_FUNCTION_SHARE = caseless(
    r"(?i)\b(?:a|an|the|and|or|but|of|to|in|on|at|by|for|with|from|as|is|are|was|were|be|been|has|have|had|"
    r"he|she|they|it|we|i|you|that|which|who|this|not|will|would|said|says)\b")

_SEGMENT_MARK = re.compile(r"[;|•·]")  # where a data box's segments meet
_POSITION_SCALE = 1.0   # the prior halves at the third position
_W_CENTRAL = 0.3
_W_COVERAGE = 0.5
_MIN_NOVELTY = 0.5
_LENGTH_EXP = 0.0
_WITHIN_PARAGRAPH = 1.0
_MIN_VALUE = 0.2


def _terms(text: str) -> list[str]:
    return [low for w in _WORD.findall(text) if len(w) > 2 and (low := w.lower()) not in _STOP]


def _words(text: str) -> int:
    return len(text.split())


def ineligible(sentence: Sentence, *, max_words: int, one_block: bool, known: set[str] | None = None,
               leaning_ok: bool = False, memo: SentenceMemo | None = None) -> str | None:
    """Why a body sentence may not be a key point on its own (None when it may): 'question', 'length',
    'call', 'credit', 'caption', 'quotation', 'leans', 'data box', 'not a sentence' or 'teaser'.
    `one_block`: the article has no paragraph breaks (then a short 'Label: …' opening is read as a
    caption); `known`: words printed capitalised mid-sentence in the article (see
    `features.known_names`); `leaning_ok`: do not count 'leans' (the sentence before is chosen too);
    `memo`: the document's (features.memo_of), which keeps figures already read by another step."""
    text = " ".join(sentence.text.split())
    words = _words(text)
    if "?" in text:
        return "question"
    if words < 6 or words > max_words or len(text) > 20 * max_words:
        return "length"  # (the character bound also keeps every pattern below on short input)
    if _CALL.match(text):
        return "call"
    if _CREDIT.search(text):
        return "credit"
    if _CAPTION.search(text) or one_block and (_CAPTION_VERB.match(text) or _PAIR_CAPTION.match(text)
                                               or _verbless(text)):
        return "caption"
    label = _LABEL.match(text)
    if label:
        head = label.group(1)
        listed = all(_TITLE_WORD.match(w) for w in head.split()) and text[label.end()].isupper()
        if head.isupper() or one_block or not listed:
            return "caption"
    if quote_balance(text) != 0 or starts_with_quote(text) and not _named_after_quote(text, known):
        return "quotation"  # half a quotation, or a bare one whose speaker is named elsewhere
    if leans_on_previous(text) and not leaning_ok:
        return "leans"
    return _ineligible_after_leaning(text, words, memo)


def _ineligible_after_leaning(text: str, words: int, memo: SentenceMemo | None) -> str | None:
    """The reasons `ineligible` looks at after 'leans' (`text` in single spaces, `words` its word count)."""
    figures_of = memo.figures if memo is not None else figures
    segments = [seg for seg in _SEGMENT_MARK.split(text) if seg.strip()]
    if len(segments) >= 2 and all(figures_of(seg) and _words(seg) <= 6 for seg in segments) \
            or figures_of(text) and not _FUNCTION_SHARE.search(text):
        return "data box"
    if not _TERMINAL.search(text):
        return "not a sentence"
    if _TEASER_OPEN.match(text) and words <= 12 and not figures_of(text):
        return "teaser"
    return None


def _after_leaning_ok(sentence: Sentence, memo: SentenceMemo) -> bool:
    """For a sentence that `ineligible` called 'leans': whether it may be chosen right after the one before
    (what `ineligible(…, leaning_ok=True)` would say, without asking again what was asked before 'leans')."""
    text = " ".join(sentence.text.split())
    return _ineligible_after_leaning(text, _words(text), memo) is None


def _verbless(text: str) -> bool:
    """No finite verb outside relative clauses: no auxiliary, no past tense (regular or common irregular), no
    third-person -s verb (a plural after a number or determiner is a noun)."""
    main = _RELATIVE.sub(",", text)
    if _VERB.search(main) or _PAST_IRREGULAR.search(main):
        return False
    plurals = {m.group(0).split()[-1].lower() for m in _COUNTED.finditer(main)}
    return not any(w.lower() not in plurals and not w[0].isupper() and len(w) > 3 and not w.endswith("ss")
                   for w in re.findall(r"\b[\w'’-]+s\b", main))


_PAST_IRREGULAR = caseless(
    r"\b(?:took|gave|made|cut|set|put|won|lost|paid|sold|bought|spent|sent|built|began|fell|rose|grew|shut|hit|"
    r"led|left|met|ran|told|wrote|brought|became|broke|chose|drove|fought|found|froze|held|kept|knew|laid|"
    r"meant|quit|saw|shot|spoke|stole|struck|threw|went|came|got|heard|felt|sat|stood|won|wore|ate|drank|"
    r"flew|hid|lay|lit|rode|rang|sang|sank|slid|swam|swung|taught|thought|tore|woke)\b")


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_OPENING_QUOTE = re.compile(r"^[\s(]*[“\"‘'«].*?[,.!?…]\s*[”\"’'»]\s*(.+)$")
_PRONOUN_OPEN = re.compile(r"(?i)(?:he|she|they|it|i|we|you|one)\b")


def _named_after_quote(text: str, known: set[str] | None) -> bool:
    """Whether a sentence that opens on a quotation names its speaker after it ('"…," Aaron Norris said')."""
    m = _OPENING_QUOTE.match(text[:600])  # bounded: no long scans
    return bool(m and not _PRONOUN_OPEN.match(m.group(1))
                and names(m.group(1)[:80], known))


def summarise(document: Document, max_words: int = 120) -> Summary:
    """Key points (whole sentences, in article order) within `max_words` words, and their text joined.

    See the module docstring for how they are chosen. An article with no eligible sentence gets an
    empty summary."""
    body = document.body
    if not body:
        return Summary(text="", key_points=[])
    paragraphs = sorted({s.paragraph for s in body})
    one_block = len(paragraphs) <= 1 or len(body) > 6 * len(paragraphs)  # no breaks, or breaks only here and there
    known = known_names(s.text for s in body)
    position = _positions(body, one_block)
    memo = memo_of(document)
    candidates, follows = [], {}
    for i, s in enumerate(body):
        why = ineligible(s, max_words=max_words, one_block=one_block, known=known, leaning_ok=not i, memo=memo)
        if why is None:
            candidates.append(s)
        elif why == "leans" and i and _after_leaning_ok(s, memo):  # the reasons before 'leans' were passed
            candidates.append(s)
            follows[s.id] = body[i - 1].id  # may only join the summary right after the sentence it leans on
    if not candidates or all(s.id in follows for s in candidates):
        return Summary(text="", key_points=[])

    terms = {s.id: Counter(_terms(s.text)) for s in body}
    df = Counter(t for c in terms.values() for t in c)
    n = len(body)
    idf = {t: math.log(1 + n / k) for t, k in df.items()}
    centroid: defaultdict[str, float] = defaultdict(float)
    for c in terms.values():
        for t, k in c.items():
            centroid[t] += k * idf[t]
    norm_c = math.sqrt(sum(v * v for v in centroid.values())) or 1.0

    mentions = {s.id: {w.lower() for w in names(s.text, known)} | {f.lower() for f in memo.figures(s.text) if
                                                                    any(ch.isdigit() for ch in f)} for s in body}
    counts = Counter(m for ms in mentions.values() for m in ms)
    main = {m: math.log(k) for m, k in counts.items() if k >= 2}
    main_total = sum(main.values()) or 1.0

    def central(s: Sentence) -> float:
        c = terms[s.id]
        dot = sum(k * idf[t] * centroid[t] for t, k in c.items())
        norm_s = math.sqrt(sum((k * idf[t]) ** 2 for t, k in c.items())) or 1.0
        return dot / (norm_s * norm_c)

    # A longer summary reaches further into the story, and what it adds is chosen more for coverage.
    ratio = max(1.0, max_words / 60)
    scale, w_coverage = _POSITION_SCALE * ratio ** 1.5, _W_COVERAGE * ratio ** 2
    scores = {s.id: 1.0 / (1.0 + position[s.id] / scale) + _W_CENTRAL * central(s) for s in candidates}
    chosen: list[Sentence] = []
    chosen_ids: set[int] = set()
    covered_terms: set[str] = set()
    covered_main: set[str] = set()
    used = 0
    # what each candidate brings, worked out once (the loop below visits every candidate for each choice)
    size = {s.id: _words(s.text) for s in candidates}
    own_terms = {s.id: set(terms[s.id]) for s in candidates}
    weight = {i: sum(idf[t] for t in own) or 1.0 for i, own in own_terms.items()}
    while True:
        best, best_value = None, 0.0
        for s in candidates:
            w = size[s.id]
            if s.id in chosen_ids or used + w > max_words:
                continue
            if s.id in follows and follows[s.id] not in chosen_ids:
                continue
            novelty = sum(idf[t] for t in own_terms[s.id] - covered_terms) / weight[s.id]
            if chosen and novelty < _MIN_NOVELTY:
                continue  # says again what the summary already says
            gain = sum(main[m] for m in mentions[s.id] - covered_main if m in main) / main_total
            value = (scores[s.id] + w_coverage * gain) * novelty / (w ** _LENGTH_EXP)
            if value > best_value and (not chosen or value >= _MIN_VALUE):
                best, best_value = s, value
        if best is None:
            break
        chosen.append(best)
        chosen_ids.add(best.id)
        covered_terms |= own_terms[best.id]
        covered_main |= mentions[best.id]
        used += size[best.id]
    chosen.sort(key=lambda s: s.id)
    points: list[KeyPoint] = []
    for s in chosen:
        label = _LABEL.match(s.text) or _PREFIX.match(s.text)  # "Security Guarantees: Russia seeks …": the
        start = s.start + (label.end() if label else 0)           # point is after the label or the timestamp
        span = document.span(start, s.end)
        text = " ".join(span.text.split())
        if s.id in follows and points and points[-1].sentence_ids[-1] == follows[s.id]:
            last = points[-1]  # 'He said …' stays with the sentence it leans on: one key point
            points[-1] = KeyPoint(text=f"{last.text} {text}", sentence_ids=[*last.sentence_ids, s.id],
                                  spans=[*last.spans, span])
        else:
            points.append(KeyPoint(text=text, sentence_ids=[s.id], spans=[span]))
    return Summary(text=" ".join(p.text for p in points), key_points=points)


def _positions(body: list[Sentence], one_block: bool) -> dict[int, float]:
    """Each sentence's place in the story: its rank in one block of text, else its paragraph's rank plus
    a third of its rank inside the paragraph."""
    if one_block:
        return {s.id: float(i) for i, s in enumerate(body)}
    rank = {p: i for i, p in enumerate(sorted({s.paragraph for s in body}))}
    out: dict[int, float] = {}
    inside: Counter[int] = Counter()
    for s in body:
        out[s.id] = rank[s.paragraph] + inside[s.paragraph] * _WITHIN_PARAGRAPH
        inside[s.paragraph] += 1
    return out
