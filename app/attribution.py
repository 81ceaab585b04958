"""Who says what: the speaker a sentence attributes its content to.

Catches '“…,” said Olena Koval', '“…,” Mr. Putin said', 'Ukraine reported that …',
'Russian Defense Minister Sergei Shoigu, speaking on Sunday, reaffirmed …' and 'He cited …'
(the last named speaker); names resolve to the fullest form the article uses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.caseless import word_start
from app.facts.document import people_of
from app.facts.people import APOSTROPHE_END, POSSESSIVE_S, PeopleRegistry
from app.quotations import DEFINITE_ORGANISATIONS, Quotation, QuoteModel
from app.reporting_verbs import plural_noun_use

if TYPE_CHECKING:
    from app.document import Document

_VERB_WORDS = (
    "said|says|say|told|tells|announced|announces|reported|reports|added|adds|insisted|insists|described|"
    "describes|claimed|claims|warned|warns|confirmed|confirms|denied|denies|cited|cites|reaffirmed|welcomed|"
    "welcomes|accused|accuses|argued|argues|stressed|stresses|noted|notes|urged|urges|predicted|predicts|"
    "estimated|estimates|wrote|writes|tweeted|posted|asserted|asserts|explained|explains|acknowledged|"
    "admitted|indicated|indicates|signaled|signalled|specified|responded|replied|alleged|alleges|demanded|"
    "demands|hailed|praised|criticised|criticized|reiterated|declared|declares|promised|pledged|vowed|"
    "conceded|suggested|suggests|believes|thinks|reminded|called|proposed|proposes|announced|testified|"
    "disclosed|revealed|forecast|projected|expects|expected|recalled|countered|objected|complained|"
    "maintained|maintains|emphasised|emphasized|affirmed|blamed|rejected|dismissed|questioned|dissented|"
    "ruled|found|concluded|wrote|announced|reported|estimated|told|expect|believe|warn|argue|predict|estimate|"
    "insist|claim|report|announce"
)

_TrieNode = dict[str, "_TrieNode"]


def _trie(words: Iterable[str]) -> str:
    """A regular expression for exactly these words (letters only), written as a trie ('sa(?:id|ys?)'): re
    reads each letter once where an alternation of 150 words tried every word at every position. Each use
    below ends the words at a word boundary or a space, so one word at most matches at a position, and the
    match (and every group) is the alternation's."""
    tree: _TrieNode = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _TrieNode) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alt = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{alt})?" if "" in node else alt

    return emit(tree)


_VERBS = _trie(_VERB_WORDS.split("|"))
_NAME_TOKEN = r"(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Prof|Lt|Col|St)\.|[A-Z]\.(?:[A-Z]\.)+|[A-Z]\.|[A-Z][\w’'\-]*"
# every name token opens with a capital: the lookahead lets re leave other positions at once (half the time)
_NAME = rf"(?=[A-Z])(?:{_NAME_TOKEN})(?:[ \u00a0]+(?:(?:de|van|von|der|al|bin|da|du|la|le)[ \u00a0]+)?(?:{_NAME_TOKEN}))*"
_NAME_RE = re.compile(_NAME)
_PRONOUN = r"(?:he|she|He|She|they|They)"
_BODY = r"(?:(?:the|The|their|Their|its|Its)\s+(?:[\w’'-]+\s+){0,3}?(?:ministry|guard|coast guard|department|agency|council|government|" \
        r"company|companies|police|court|office|commission|board|authority|authorities|committee|spokesman|" \
        r"spokeswoman|spokesperson|officials?|statement|report|survey|study|firm|firms|club|union|unions|league|" \
        r"army|military|kremlin|white house|association|federation|hospital|hospitals|school|district|county|" \
        r"city|state|service|team|organizers|organisers|researchers|scientists|prosecutors)|" \
        r"(?:[Oo]fficials|[Pp]olice|[Pp]rosecutors|[Aa]uthorities|[Rr]esearchers|[Ss]cientists|[Aa]nalysts|" \
        r"[Dd]octors|[Ww]itnesses|[Oo]rganizers|[Oo]rganisers))"
_SUBJECT = rf"(?<![\w’'.-])(?P<subj>{_NAME}|{_PRONOUN}|{_BODY})"

# “…,” said NAME   |   “…,” NAME said
_QUOTE_THEN = re.compile(rf"[,?!…]\s*[”\"’]\s*(?:(?P<v1>{_VERBS})\s+(?:[a-z][\w’'-]+,?\s+){{0,3}}?(?P<s1>{_NAME}|{_PRONOUN}|{_BODY})|"
                         rf"(?P<s2>{_NAME}|{_PRONOUN}|{_BODY})\s+(?P<v2>{_VERBS}))\b")
# ..., said union spokesman Jonas Berg.   |   ..., said Grace Mwangi, president of ...
_SAID_NAME = re.compile(rf"[,;]\s+(?P<v>said|says|added|adds|according to)\s+(?:[a-z][\w’'-]+,?\s+){{0,4}}"
                        rf"(?P<s>{_NAME}|{_BODY})(?=\s*[,.;:!?]|\s*$)")
# (each word opens on a letter: `word_start` writes the leading \b after it, so re looks for a match only where one
# of those letters is; same matches)
if not (_VERBS.startswith("(?:") and _VERBS.endswith(")")):  # the trie's top level: one group of first letters
    raise RuntimeError("the verb trie does not open on a group")
_VERB_ONLY = re.compile(rf"(?:{word_start(_VERBS[3:-1])})\b")
# the library’s director, Samuel Adeyemi, said
_DESCRIBED = re.compile(rf"(?:(?:{word_start('the|a|an|its|their|his|her')})\s+[^,“”\"]{{2,60}}),\s+(?P<s>{_NAME}),?\s+(?P<v>{_VERBS})\b")
# according to NAME
# (\b after the first letter, as for _VERB_ONLY)
_ACCORDING = re.compile(rf"a(?<!\w\w)ccording to\s+(?P<subj>{_NAME}|{_BODY})")
# NAME [, appositive,] VERB
_SUBJECT_VERB = re.compile(rf"{_SUBJECT}(?:[’']s\s+(?:office|spokesman|spokeswoman|spokesperson|team|lawyers?|"
                           rf"attorneys?|campaign))?(?:\s+of\s+[^,“”\"]{{2,80}}?)?(?P<app>(?:,\s+[^,“”\"]{{1,90}}){{1,2}},)?,?\s+(?:(?:has|had|have|also|later|then|"
                           rf"previously|on \w+|again|publicly|repeatedly|swiftly)\s+)?(?P<verb>{_VERBS})\b")

# precompiled (each was written inline at its one use; re's cache lookup per call is the saving)
_AFTER_PREPOSITION = re.compile(r"\b(?:of|in|at|from|to|near|for|with|by|on|into|and)\s+$")
_APPOSITIVE_NAME = re.compile(rf",\s+(?P<n>{_NAME})(?:\s+of\b|,)")

TITLES = {
    "president", "prime", "minister", "secretary", "secretary-general", "chancellor", "foreign", "defense",
    "defence", "finance", "health", "interior", "justice", "deputy", "vice", "mayor", "governor", "senator",
    "sen.", "rep.", "gov.", "gen.", "general", "chief", "spokesman", "spokeswoman", "spokesperson", "judge",
    "ceo", "chairman", "chairwoman", "chair", "director", "commissioner", "ambassador", "king",
    "queen", "prince", "princess", "pope", "former", "acting", "interim", "head", "coach", "captain",
    "manager", "professor", "prof.", "dr.", "mr.", "mrs.", "ms.", "mx.", "lt.", "col.", "st.", "councillor",
    "councilor", "councilwoman", "councilman", "superintendent", "inspector", "detective", "officer",
    "sheriff", "treasurer", "clerk", "economist", "analyst", "executive", "leader", "speaker",
    "state", "attorney", "auditor", "un", "u.s.", "eu", "uk", "u.k.", "nato", "who", "imf",
}
_ORG_WORDS = {"ministry", "department", "agency", "council", "government", "police", "office", "commission",
              "court", "bank", "union", "party", "committee", "authority", "service", "institute", "university",
              "company", "kremlin", "army", "forces", "league", "club", "board", "parliament", "congress",
              "senate", "nations", "corporation", "inc.", "group", "association", "federation"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "it", "this", "that", "there", "the", "a", "an", "in", "on", "but", "and",
              "while", "when", "as", "if", "after", "before", "its", "his", "her", "their", "we", "i", "you",
              "meanwhile", "however", "still", "yet", "also", "some", "many", "most", "both", "each",
              "critics", "residents", "others", "several"}
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|St)\.\s+")


@dataclass(frozen=True)
class Attribution:
    """A speaker named in a sentence: the name as printed, the reporting verb and its offsets."""

    speaker: str
    raw: str
    start: int  # offsets into the sentence text
    end: int
    verb: str
    pronoun: bool


def person_name(raw: str) -> str:
    """The name without titles: 'Russian Defense Minister Sergei Shoigu' -> 'Sergei Shoigu'."""
    tokens = raw.split()
    if tokens and tokens[-1].lower() in _ORG_WORDS:
        return raw.strip()
    kept: list[str] = []
    for token in reversed(tokens):
        low = token.lower()
        if low in TITLES or (token.isupper() and len(token) > 1 and not kept) or low.endswith(("ian", "ish", "ese")) \
                and kept:
            break
        if low in TITLES or (token.isupper() and len(token) <= 4 and "." in token):
            break
        kept.append(token)
        if len(kept) == 4:
            break
    name = " ".join(reversed(kept)) or raw.strip()
    return name


def find_attributions(sentence: str) -> list[Attribution]:
    """Every attribution in a sentence, in order of position."""
    found: list[Attribution] = []

    def add(raw: str, start: int, end: int, verb: str) -> None:
        raw = raw.strip()
        if POSSESSIVE_S.sub("", raw).lower() in _NOT_NAMES:
            return  # "Friday's report showed": a weekday, month or time word is never a speaker
        first = raw.split()[0].lower() if raw.split() else ""
        if not raw or first in _NOT_NAMES - {"he", "she", "they"} or raw.lower() in _NOT_NAMES \
                or raw.rstrip(".") in {"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "St"}:
            return
        if any(a.start == start for a in found):
            return
        pronoun = raw.lower() in {"he", "she", "they"}
        speaker = raw if pronoun else (raw if raw.lower().startswith("the ") else person_name(raw))
        found.append(Attribution(speaker, raw, start, end, verb, pronoun))

    for m in _QUOTE_THEN.finditer(sentence):
        if m.group("s1"):
            add(m.group("s1"), m.start("s1"), m.end("s1"), m.group("v1"))
        else:
            add(m.group("s2"), m.start("s2"), m.end("s2"), m.group("v2"))
    for m in _DESCRIBED.finditer(sentence):
        add(m.group("s"), m.start("s"), m.end("s"), m.group("v"))
    for m in _SAID_NAME.finditer(sentence):
        add(m.group("s"), m.start("s"), m.end("s"), m.group("v"))
    for m in _ACCORDING.finditer(sentence):
        add(m.group("subj"), m.start("subj"), m.end("subj"), "according to")
    verb = _VERB_ONLY.search(sentence)
    # the subject pattern is costly; start it only where a reporting verb can be reached
    for m in (_SUBJECT_VERB.finditer(sentence, max(0, verb.start() - 300)) if verb else ()):
        if plural_noun_use(m.group("verb"), sentence, m.start("verb"), m.end("verb")):
            continue  # 'Burglary reports up 140 percent', 'Jobless claims rose': a plural noun, no verb of saying
        subj = m.group("subj")
        app = m.group("app") or ""
        if _AFTER_PREPOSITION.search(sentence[:m.start("subj")]):
            continue  # "the village of Orrin, …, said": a place after a preposition is not the subject
        named = _APPOSITIVE_NAME.match(app)
        possessive = sentence[m.end("subj"):m.end("subj") + 2] in ("’s", "'s") or subj.endswith(("’s", "'s"))
        if named and len(named.group("n").split()) >= 2 and (subj[:1].islower() or subj.lower().startswith("the ")
                                                                or possessive):
            # "the library’s director, Samuel Adeyemi, said": the appositive names the speaker
            add(named.group("n"), m.start("app") + named.start("n"), m.start("app") + named.end("n"), m.group("verb"))
            continue
        # keep only the trailing run of name tokens: 'Sunday Ukraine' is not a name
        tokens = subj.split()
        while tokens and tokens[0].lower().rstrip(",") in _NOT_NAMES and len(tokens) > 1:
            tokens = tokens[1:]
        subj2 = " ".join(tokens)
        offset = m.start("subj") + subj.find(subj2) if subj2 else m.start("subj")
        add(subj2, offset, offset + len(subj2), m.group("verb"))
    found.sort(key=lambda a: a.start)
    return found


def _key(token: str) -> str:
    return APOSTROPHE_END.sub("", token.lower())


class SpeakerIndex:
    """Resolves short and pronoun references to the fullest name the article uses."""

    def __init__(self, sentences: Iterable[str]) -> None:
        self._full: dict[str, str] = {}
        for m in (m for text in sentences for m in _NAME_RE.finditer(text)):
            raw = m.group(0)
            if " " not in raw and "\u00a0" not in raw:
                continue  # one word (name tokens are joined by spaces only): person_name keeps one, never two
            name = person_name(raw)
            tokens = name.split()
            if len(tokens) < 2 or tokens[0].lower() in _NOT_NAMES or tokens[-1].lower() in _ORG_WORDS:
                continue
            key = _key(tokens[-1])
            if len(name) > len(self._full.get(key, "")):
                self._full[key] = name
        self.last_person: str | None = None

    def mention(self, sentence: str) -> None:
        """Note people a later 'she said' may refer to: 'Linda Farrow, 67, …', 'Sweden’s Hanna Lindqvist, 33, …'."""
        for m in re.finditer(rf"(?P<n>{_NAME}),\s+(?:aged\s+)?\d{{1,3}},", sentence):
            name = person_name(m.group("n"))
            if len(name.split()) >= 2:
                self.last_person = self._full.get(_key(name.split()[-1]), name)

    def resolve(self, attribution: Attribution) -> str | None:
        """The speaker's fullest name; a pronoun becomes the last named person."""
        if attribution.pronoun:
            return self.last_person if attribution.raw.lower() in {"he", "she"} else None
        name = _HONORIFIC.sub("", attribution.speaker).strip()
        if not name:
            return None
        key = _key(name.split()[-1])
        full = self._full.get(key)
        if full and (len(name.split()) == 1 or full.endswith(name)):
            name = full
        if name[:1].isupper() and not attribution.speaker.lower().startswith(("the ", "their ", "its ")) \
                and name.split()[-1].lower() not in _ORG_WORDS:
            self.last_person = name
        return name


class DocumentSpeakers:
    """Who speaks where in one Document: its quotations (app.quotations), transcript labels and people.

    `quotes_in(start, end)` gives the quotation pieces overlapping text[start:end]; `label_of(paragraph)` the
    speaker of a transcript-labelled paragraph; `resolve(attribution, offset)` the name an indirect-speech
    attribution found at document offset `offset` refers to (the registry's full name for a person, the
    title-free name otherwise, the antecedent for he/she, None when nothing fits). Offsets are code points.
    """

    def __init__(self, document: Document) -> None:
        text = document.text
        self.text = text
        self.registry: PeopleRegistry = people_of(document)  # built once per document, shared with the rules
        paragraphs = [(p.start, p.end) for p in document.paragraphs]
        self.model = QuoteModel(text, paragraphs, self.registry)
        self.quotes: list[Quotation] = self.model.run()
        self._pieces = sorted((s, e, q) for q in self.quotes for s, e in q.spans)
        self._piece_starts = [s for s, _, _ in self._pieces]
        self.labels = {pi: src.speaker for pi, src in self.model.labels().items()}
        self._body = [s.text for s in document.body]
        self._fallback_index: SpeakerIndex | None = None  # built on the first name the registry cannot place

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int, Quotation]]:
        """Quotation pieces (start, end, quotation) overlapping text[start:end], in order."""
        i = max(0, bisect.bisect_right(self._piece_starts, start) - 1)
        out = []
        while i < len(self._pieces) and self._pieces[i][0] < end:
            s, e, q = self._pieces[i]
            if s < end and start < e:
                out.append((s, e, q))
            i += 1
        return out

    def inside_quote(self, offset: int) -> bool:
        """True when `offset` lies inside a quotation (marks included)."""
        return bool(self.quotes_in(offset, offset + 1))

    def label_of(self, paragraph: int) -> str | None:
        """The speaker of a transcript-labelled paragraph ('HALVORSEN (on camera): …'), else None."""
        return self.labels.get(paragraph)

    def resolve(self, attribution: Attribution, offset: int) -> str | None:
        """The full name an indirect-speech attribution printed at document `offset` refers to."""
        if attribution.pronoun:
            if attribution.raw.lower() not in ("he", "she"):
                return None
            p = self.model.antecedent(offset, "m" if attribution.raw.lower() == "he" else "f")
            return p.name if p else None
        before = self.text[max(0, offset - 6):offset].split()
        words = attribution.raw.split()
        if len(words) == 1:
            words = before[-1:] + words
        if len(words) == 2 and words[0].lower() == "the" \
                and words[1].lower() in DEFINITE_ORGANISATIONS:
            # 'The company also expects …': the organisation of that kind the article named, else none
            return self.model.organisation_for(words[1], offset + len(attribution.raw) - len(words[1]))
        mention = self.registry.at(offset + len(attribution.raw) - 1) or self.registry.at(offset)
        if mention is not None:
            return self.registry.person(mention.person).name
        person = self.registry.find(attribution.speaker)
        if person is not None:
            return person.name
        if self._fallback_index is None:
            self._fallback_index = SpeakerIndex(self._body)
        return self._fallback_index.resolve(attribution)
