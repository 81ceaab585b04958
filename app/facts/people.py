"""The people of one article: every mention of each person, with titles, roles, organisations and ages.

    registry = people(text)                  # PeopleRegistry for the whole text
    person = registry.find("Mr Ettrick")     # Person | None (honorifics with or without a full stop)
    registry.at(offset)                      # the Mention covering a code-point offset, or None
    registry.nearest(offset, gender="f")     # the closest person mentioned before an offset

A person is found from a run of capitalised name tokens of two or more words ("Helen Brandt"), with the
titles, honorifics and role words printed before it ("Mayor", "Mr.", "Council leader", "Democratic pollster")
kept apart from the name, or from a single capitalised word that a title or honorific introduces
("Councillor Brandt", "Mr Ettrick") or that opens a transcript label ("HALVORSEN (on camera):").
Later short forms (surname, title + surname, honorific + surname, possessive "Brandt's") are linked to the
person they name; when two people share a surname, a title, honorific or first name printed with the mention
decides ("Mayor Brandt" vs "Councillor Brandt"), and a bare surname that fits both is left unlinked.
Descriptive references ("the 49-year-old Ms Okonjo", "the 38-year-old executive", "the club's captain") link
only when exactly one person fits every stated attribute.

All offsets are code points into the text given (Python string indices), end exclusive:
text[m.start:m.end] == m.text for every Mention. Nothing here raises on any str input.

Sources of the word lists: honorifics and office titles are the common English ones (Wikipedia, "English
honorifics"; the AP Stylebook's "titles" entry for the abbreviated forms Sen., Rep., Gov., Gen., Lt., Col.);
the gendered forms are the same lists' masculine/feminine pairs. Role nouns that make a descriptive
reference are any lower-case noun after "the"; no list of them is kept.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from app.facts.countries import COUNTRIES
from app.reporting_verbs import GOES_ON_VERBS, is_reporting_verb, plural_noun_use

MentionKind = Literal["full", "surname", "title", "honorific", "possessive", "descriptive", "label"]
Gender = Literal["m", "f"]

# Honorifics (Wikipedia, "English honorifics"), with or without a full stop.
HONORIFICS: dict[str, Gender | None] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": None, "dr": None, "prof": None, "sir": "m",
    "dame": "f", "lord": "m", "lady": "f", "rev": None, "fr": "m",
}
# Office titles printed before a name (the same source; AP Stylebook abbreviations).
TITLE_WORDS: dict[str, Gender | None] = {
    "president": None, "vice": None, "prime": None, "minister": None, "secretary": None, "chancellor": None,
    "mayor": None, "governor": None, "gov": None, "senator": None, "sen": None, "representative": None,
    "rep": None, "congressman": "m", "congresswoman": "f", "councillor": None, "councilor": None,
    "councilman": "m", "councilwoman": "f", "alderman": None, "judge": None, "justice": None, "chief": None,
    "commissioner": None, "chairman": "m", "chairwoman": "f", "chair": None, "director": None,
    "ambassador": None, "king": "m", "queen": "f", "prince": "m", "princess": "f", "pope": "m",
    "speaker": None, "leader": None, "attorney": None, "general": None, "gen": None, "sheriff": None,
    "inspector": None, "detective": None, "det": None, "officer": None, "sergeant": None, "sgt": None,
    "captain": None, "capt": None, "coach": None, "professor": None, "bishop": None, "archbishop": None,
    "father": "m", "rabbi": None, "imam": None, "deputy": None, "acting": None, "former": None,
    "interim": None, "lieutenant": None, "lt": None, "colonel": None, "col": None, "admiral": None,
    "adm": None, "commander": None, "cmdr": None, "superintendent": None, "supt": None, "constable": None,
    "treasurer": None, "auditor": None, "comptroller": None, "premier": None, "president-elect": None,
    "spokesman": "m", "spokeswoman": "f", "spokesperson": None, "sheikh": "m", "emir": "m", "crown": None,
    "duke": "m", "duchess": "f", "baroness": "f", "baron": "m", "msp": None, "mp": None, "mep": None,
    "ceo": None, "chairperson": None, "nominee": None, "candidate": None, "trooper": None,
}
# Titles printed only abbreviated and with their full stop (AP Stylebook: 'Del.' for a delegate, as in 'Del.
# Eleanor Holmes Norton'); without the stop the word is a name's particle ('Del Toro').
DOTTED_TITLES = frozenset({"Del."})
# The abbreviated titles' full words (AP Stylebook, "titles" and "abbreviations"), so that a role noun printed
# later ('the governor', 'the senator') finds the person introduced as 'Gov. …', 'Sen. …'.
TITLE_ABBREVIATIONS: dict[str, str] = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "sgt": "sergeant", "capt": "captain", "adm": "admiral", "cmdr": "commander",
    "det": "detective", "supt": "superintendent", "prof": "professor",
}
_NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "al",
                   "ibn", "st"}
# Capitalised words that open sentences or name things other than people; never part of a person's name.
_NOT_NAME = {
    "the", "a", "an", "and", "but", "or", "if", "in", "on", "at", "of", "for", "to", "by", "as", "with", "from",
    "after", "before", "when", "while", "since", "though", "although", "because", "then", "so", "yet", "still",
    "also", "meanwhile", "however", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those", "there", "here", "it", "he", "she", "they", "we", "i", "you", "who", "what", "which", "where",
    "why", "how", "some", "many", "most", "both", "each", "every", "all", "no", "not", "nobody", "people",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "said", "says", "asked", "told", "according", "one", "two", "three", "new",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "united", "states",
    "republican", "republicans", "democrat", "democrats", "democratic", "god", "lord", "christmas", "easter",
}
# The last word of organisations and places: a run ending in one is not a person.
ORG_WORDS = {
    "ministry", "department", "agency", "council", "government", "police", "office", "commission", "court",
    "bank", "union", "party", "committee", "authority", "service", "services", "institute", "university",
    "college", "school", "company", "kremlin", "army", "forces", "league", "club", "board", "parliament",
    "congress", "senate", "nations", "corporation", "corp", "inc", "ltd", "llc", "group", "association",
    "federation", "foundation", "center", "centre", "hospital", "house", "street", "avenue", "road", "county",
    "city", "state", "times", "post", "news", "journal", "press", "network", "campaign", "fund", "trust",
    "society", "coalition", "alliance", "organization", "organisation", "administration", "bureau", "assembly", "cabinet", "tribunal", "republic", "kingdom", "island", "islands", "river",
    "mountains", "valley", "airport", "station", "embassy", "consulate", "square", "park", "hall", "media", "magazine", "channel",
    "television", "radio", "tv", "cnn", "bbc", "week", "day", "year", "reuters", "project", "initiative",
    "program", "programme", "act", "bill", "law", "convention", "summit", "force", "guard", "navy",
    "parish", "township", "borough", "district", "province", "region", "municipality",
}
_FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
_MALE_PRONOUNS = {"he", "him", "his", "himself"}

_TOKEN = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f]*(?:[’'\-][A-Za-z\u00c0-\u024f]+)*\.?|[A-Z]\.|"
                    r"[a-z]+(?:[’'\-][A-Za-z]+)*")
_NAME_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w’'\-]*\.?")  # (these three were written inline at their use)
_AFTER_THE = re.compile(r"\b[Tt]he[ \u00a0]+$")
_OWNER = re.compile(r"([a-z][\w\-]*)[’']s$")
POSSESSIVE_S = re.compile(r"[’']s$")  # a token's possessive ending ('s or ’s): `POSSESSIVE_S.sub("", token)`
APOSTROPHE_END = re.compile(r"[’']s?$")  # a token's closing apostrophe, with or without an s ("Jones'", "Kyiv’s")
_CAP = re.compile(r"[A-Z]")
_QUOTE_CHARS = "\"“”«»"


@dataclass(frozen=True)
class Mention:
    """One place the text names a person: text[start:end] == text (code points); kind says how."""

    start: int
    end: int
    text: str
    kind: MentionKind
    person: int  # Person.id


@dataclass
class Person:
    """A person of the article: the fullest name printed, and what the article says about them."""

    id: int
    name: str  # "Helen Brandt" (no titles); a single word when no fuller form is printed
    first: str | None
    surname: str
    titles: list[str] = field(default_factory=list)  # "Mayor", "Council leader", "Mr" (as printed)
    roles: list[str] = field(default_factory=list)  # lower-case role nouns: "mayor", "captain", "executive"
    organisations: list[str] = field(default_factory=list)
    ages: list[int] = field(default_factory=list)  # every age the text states, in order (may disagree)
    gender: Gender | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def age(self) -> int | None:
        """The first age stated, or None."""
        return self.ages[0] if self.ages else None


@dataclass(slots=True)  # (not frozen: a frozen dataclass sets each field through object.__setattr__)
class _Run:
    start: int  # of the name (titles excluded)
    end: int
    tokens: tuple[str, ...]  # name tokens
    titles: tuple[str, ...]  # title/honorific tokens printed just before, as printed
    role: str  # lower-case words before the name ("council leader"), may be ""
    title_start: int
    initial: bool = False  # the name's first word opens a sentence (it may be an ordinary word)
    initial_common: bool = False  # ... and the text also prints that word in lower case


def _canon(name: str) -> str:
    """A name's canonical spelling: the typographic apostrophe as the plain one ("O’Donnell" -> "O'Donnell"),
    so that one person printed both ways is one person."""
    return name.replace("’", "'")


@lru_cache(maxsize=8192)  # a pure function of one token, asked thousands of times per article
def _norm(token: str) -> str:
    word = re.sub(r"(?:[’']s|[’'])$", "", token).rstrip(".").lower()
    if "-" in word and all(part in TITLE_WORDS for part in word.split("-")):
        return word.split("-")[-1]  # 'Secretary-General', 'Vice-President': a title like its last part
    return word


@lru_cache(maxsize=8192)
def _strip_possessive(token: str) -> tuple[str, bool]:
    m = APOSTROPHE_END.search(token)
    if m and len(token) > 2:
        return token[:m.start()], True
    return token, False


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """The spans inside double quotation marks (curly or straight), marks included; a run left open ends at
    the paragraph break (a blank line) or the end of the text."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in re.finditer(r"[“”\"]|\n[ \t\u00a0]*\n", text):
        ch = m.group(0)
        if ch[0] == "\n":
            if open_at is not None:
                out.append((open_at, m.start()))
                open_at = None
        elif ch == "“" or (ch == '"' and open_at is None):
            if open_at is None:
                open_at = m.start()
        elif open_at is not None:
            out.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        out.append((open_at, len(text)))
    return out


class PeopleRegistry:
    """The people of one text and every mention of them, in text order."""

    def __init__(self, text: str, persons: list[Person]) -> None:
        self.text = text
        self.persons = persons if isinstance(persons, _Persons) else _Persons(persons)
        self.mentions: list[Mention] = sorted((m for p in persons for m in p.mentions), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]

    def __iter__(self) -> Iterator[Person]:
        return iter(self.persons)

    def __len__(self) -> int:
        return len(self.persons)

    def person(self, pid: int) -> Person:
        """The Person with that id (raises IndexError for an unknown id)."""
        return self.persons[pid]

    def at(self, offset: int) -> Mention | None:
        """The mention covering `offset` (a code point index), or None."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.mentions[i].start <= offset < self.mentions[i].end:
            return self.mentions[i]
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside text[start:end]."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def find(self, name: str) -> Person | None:
        """The person a printed name refers to ("Helen Brandt", "Mayor Brandt", "Mr Ettrick", "Brandt's"),
        or None when nobody or more than one person fits."""
        tokens = [t for t in _NAME_WORD.findall(name)]
        titles = []
        while tokens and (_norm(tokens[0]) in HONORIFICS or _norm(tokens[0]) in TITLE_WORDS) and len(tokens) > 1:
            titles.append(tokens.pop(0))
        if not tokens:
            return None
        tokens = [_strip_possessive(t)[0].rstrip(".") if i == len(tokens) - 1 else t.rstrip(".")
                  for i, t in enumerate(tokens)]
        return _choose(self.persons, tokens, titles)

    def nearest(self, offset: int, gender: Gender | None = None, *, outside: list[tuple[int, int]] | None = None,
                limit: int = 2000) -> Person | None:
        """The person whose latest mention before `offset` is closest (within `limit` code points), skipping
        mentions inside the `outside` ranges and people of the other gender."""
        i = bisect.bisect_left(self._starts, offset) - 1
        while i >= 0:
            m = self.mentions[i]
            if offset - m.end > limit:
                return None
            if not (outside and any(s <= m.start < e for s, e in outside)):
                p = self.persons[m.person]
                if gender is None or p.gender in (None, gender):
                    return p
            i -= 1
        return None


class _Persons(list[Person]):
    """The persons found so far, indexed by lower-case surname (`by_surname`, kept by `append`)."""

    def __init__(self, persons: Iterable[Person] = ()) -> None:
        super().__init__()
        self.by_surname: dict[str, list[Person]] = {}
        for p in persons:
            self.append(p)

    def append(self, p: Person) -> None:
        super().append(p)
        self.by_surname.setdefault(p.surname.lower(), []).append(p)


def _choose(persons: _Persons, tokens: list[str], titles: list[str]) -> Person | None:
    """The one person a name (tokens, with the titles printed before it) fits, else None."""
    low = [_canon(t).lower() for t in tokens]
    surname = low[-1]
    cands = list(persons.by_surname.get(surname, ()))
    if len(low) > 1:
        firsts = [p for p in cands if p.first and p.name.lower().split()[0] == low[0]]
        full = [p for p in cands if p.name.lower() == " ".join(low)]
        cands = full or firsts or [p for p in cands if p.first is None]
    if len(cands) > 1 and titles:
        titled = [p for p in cands if _fits_titles(p, titles)]
        if titled:
            cands = titled
    return cands[0] if len(cands) == 1 else None


def _fits_titles(person: Person, titles: list[str]) -> bool:
    want = {_norm(t) for t in titles}
    have = {_norm(w) for t in person.titles for w in t.split()}
    gender = next((HONORIFICS.get(w) or TITLE_WORDS.get(w) for w in want
                   if HONORIFICS.get(w) or TITLE_WORDS.get(w)), None)
    if gender and person.gender and gender != person.gender:
        return False
    office = {w for w in want if w in TITLE_WORDS}
    if office:
        return bool(office & have) or bool(office & {r for r in person.roles})
    return True


def _name_runs(text: str) -> list[_Run]:
    """Runs of capitalised tokens that may name a person, with the titles printed before them."""
    runs: list[_Run] = []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]  # (faster than *m.span())
    lower_words = {t for _, _, t in tokens if t[:1].islower()}
    cap = ["A" <= t[0] <= "Z" for _, _, t in tokens]  # _CAP.match: every token has a first character
    i, n = 0, len(tokens)
    for at in [k for k, c in enumerate(cap) if c]:  # a run starts at a capitalised token only
        if at < i:
            continue
        i = at
        j = i
        group: list[tuple[int, int, str]] = []
        while j < n:
            s2, e2, t2 = tokens[j]
            if group and text[group[-1][1]:s2] not in (" ", "\u00a0"):
                break
            if cap[j] or (group and t2.lower() in _NAME_PARTICLES and j + 1 < n and cap[j + 1]):
                group.append((s2, e2, t2))
                j += 1
                if t2.endswith(("’s", "'s")) or (t2.endswith(".") and len(t2) > 2 and _norm(t2) not in HONORIFICS
                                                 and _norm(t2) not in TITLE_WORDS and t2 not in DOTTED_TITLES):
                    break  # a possessive ends the name; so does a full stop that is not an abbreviation's
                continue
            break
        i = max(j, i + 1)
        if len(group) >= 3 and _opens_sentence(text, group[0][0]) and _common_word(lower_words, group[0][2]):
            group = group[1:]  # "Ask Ivo Brenner": a sentence's first word that the text also prints lower-case
        _add_runs(text, group, runs, lower_words)
    return runs


# (compiled once here; each was written inline at its use, where re looked it up in its cache per call)
_CAPITAL_WORD_END = re.compile(r"[A-Z][\w’'\-]*[ \u00a0]$")
_LABEL_COLON = re.compile(r"\s*(?:\([^()\n]{0,40}\))?\s*:")
_ORG_TAIL = re.compile(r"([A-Z][\w’'\-]*)\s+(?:for|of|&)\s+(?:the\s+)?$")
_ROLE_AFTER = re.compile(r"\s+((?:[a-z][\w\-]*\s+){1,2})[A-Z]")


def _names_organisation(tail: re.Match[str]) -> bool:
    """Whether an `_ORG_TAIL` match ('Center for ', 'Bank of the ') is an organisation's name: 'As for Trump, …' is
    no organisation, nor 'Secretary of State Hillary Clinton' (an office's title)."""
    return tail.group(1).lower() not in _NOT_NAME and _norm(tail.group(1)) not in TITLE_WORDS


def _org_tail_match(window: str) -> re.Match[str] | None:
    """`_ORG_TAIL.search(window)`, run only when the window ends in a space after for/of/&/the (every match
    does)."""
    if not (window[-1:].isspace() and window.rstrip().endswith(("for", "of", "&", "the"))):
        return None
    return _ORG_TAIL.search(window)


def _initial(token: str) -> bool:
    """One capital ASCII letter and a full stop, an initial ("J."): re.fullmatch(r"[A-Z][.]", token)."""
    return len(token) == 2 and token[1] == "." and "A" <= token[0] <= "Z"


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" \u00a0“\"‘'(")
    return not before or before[-1] in ".!?\n:"


def _common_word(lower_words: set[str], word: str) -> bool:
    """True when the text also prints `word` in lower case (so it is an ordinary word, not a name)."""
    return word.lower() != word and word.lower() in lower_words


def _add_runs(text: str, group: list[tuple[int, int, str]], runs: list[_Run], lower_words: set[str]) -> None:
    # The name is always a tail of the group: group[o:] (o grows as words are left out). Each word's _norm is
    # taken once.
    words = [t for _, _, t in group]
    n = len(words)
    if _may_be_place(words) and (is_place(words) or is_city(words)):
        return  # 'New Hampshire', 'Saudi Arabia', 'Virginia', 'Los Angeles': a place, never a person
    norms = [_norm(w) for w in words]
    # titles and honorifics at the front
    k = 0
    while k < n and (norms[k] in TITLE_WORDS or norms[k] in HONORIFICS or words[k] in DOTTED_TITLES
                     or norms[k] in _NOT_NAME or _adjectival(words[k], k, words)):
        k += 1
    o = k
    while o < n and norms[o] in _NOT_NAME:
        o += 1
    if o == n:
        return
    # a title word inside the run starts the name again after it ("Ukrainian President Volodymyr Zelenskiy")
    for idx in range(n - 1, o - 1, -1):
        if norms[idx] in TITLE_WORDS or norms[idx] in HONORIFICS or words[idx] in DOTTED_TITLES:
            o = idx + 1
            break
    if o == n:
        return
    g0 = group[0][0]
    office = _org_tail_match(text[max(0, g0 - 40):g0])
    if office is not None and _names_organisation(office):
        return  # the tail of an organisation's name: 'Washington Center for Equitable Growth'
    if office is not None and _norm(office.group(1)) in TITLE_WORDS and n - o > 2 and o == 0:
        o = 1  # 'Chief of Staff Denis McDonough', 'Secretary of State Hillary Clinton': the office's tail
    role_after = _ROLE_AFTER.match(text, group[-1][1], group[-1][1] + 60)
    if role_after and _agent_noun(role_after.group(1).split()[-1]) \
            and not any(w in _FUNCTION or is_reporting_verb(w) for w in role_after.group(1).split()) \
            and not any(_initial(words[i]) for i in range(o, n)):
        return  # a name that modifies a role noun is an organisation's: "Green Left leader Ines Carvalho"
        # ('Netanyahu said late Wednesday' is no such name: a verb comes between)
    # an organisation or party word inside the run, with two name words after it, starts the name again
    # ('House Intelligence Republican Mike Pompeo', 'Senate Intelligence Ranking Democrat Dianne Feinstein')
    cut = max((i for i in range(o, n) if norms[i] in ORG_WORDS or norms[i] in _NOT_NAME), default=-1)
    if 0 <= cut < n - 2:
        o = cut + 1
    # a capitalised role noun after another word of the run, before a two-word name ('Chief Executive Hanna
    # Lindqvist', 'Town Manager Greg Audette', 'County Supervisor Hannah Brooks'): a title, not the name
    if n - o > 2:
        s0 = group[o][0]
        role_at = max((i for i in range(o, n - 2) if _agent_noun(words[i]) and not words[i].isupper()
                       and (i > o or o > 0 or norms[i] in lower_words
                            or _CAPITAL_WORD_END.search(text[max(0, s0 - 30):s0]))),
                      default=-1)
        if role_at >= 0:
            o = role_at + 1
    if _initial(words[-1]):
        return  # a name never ends in an initial: 'Assistant U.' is the start of 'U.S. Attorney'
    titles = tuple(words[i] for i in range(o) if norms[i] in TITLE_WORDS or words[i] in DOTTED_TITLES
                   or norms[i] in HONORIFICS)
    if any(norms[i] in ORG_WORDS for i in range(o, n)):
        return
    if any(not words[i].isalpha() and any(map(str.isdigit, words[i])) for i in range(o, n)):
        return
    role = _role_before(text, g0)
    end = group[-1][1]
    name = words[o:]
    if name[-1].endswith(".") and len(name[-1]) > 2 and norms[-1] not in HONORIFICS:
        end -= 1  # the full stop that ends the sentence
        name[-1] = name[-1][:-1]
    start = group[o][0]
    initial = not titles and _opens_sentence(text, start)
    runs.append(_Run(start, end, tuple(name), titles, role, g0, initial=initial,
                     initial_common=initial and _common_word(lower_words, name[0])))


# The 50 US states (US Census Bureau); with COUNTRIES, names that are places and never a person's.
US_STATES = frozenset("""
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|
Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|
Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|
Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|
West Virginia|Wisconsin|Wyoming""".replace("\n", "").split("|"))


# The first words of those names: a run whose first name word is none of them is no place (a check that
# spares the joins below for almost every run).
_PLACE_FIRST = frozenset(n.split(" ")[0] for n in US_STATES | COUNTRIES)
# The US states' abbreviations printed after a city ('Aspen, Colo.') and in party tags ('R-Fla.'), AP Stylebook
# ("state names"); with their full stop only. 'Del.' is left out: it is also the title of a delegate.
US_STATE_ABBREVIATIONS = frozenset("""
Ala|Ariz|Ark|Calif|Colo|Conn|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N.H|N.J|N.M|N.Y|N.C|
N.D|Okla|Ore|Pa|R.I|S.C|S.D|Tenn|Vt|Va|Wash|W.Va|Wis|Wisc|Wyo""".replace("\n", "").split("|"))


@lru_cache(maxsize=8192)  # a pure function of one token
def _place_word(word: str) -> str:
    return POSSESSIVE_S.sub("", word).rstrip(".,")


def is_city(words: list[str]) -> bool:
    """Whether a capitalised run of two or more words is, as a whole, the name of a city of at least 100,000
    people (GeoNames via training/cities.py, `app/facts/data/cities.txt`): 'Los Angeles', 'San Jose's'. One-word city names are left out
    (Houston, Austin and Charlotte are people's names too)."""
    if len(words) < 2 or _place_word(words[0]) not in _city_firsts():
        return False  # the joined name opens with the first word's form (a token holds no space)
    return " ".join(_place_word(w) for w in words) in _cities()


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    path = Path(__file__).parent / "data" / "cities.txt"
    return frozenset(line for line in path.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def _city_firsts() -> frozenset[str]:
    """The first words of the cities' names (a check that spares the join for almost every run)."""
    return frozenset(c.split(" ")[0] for c in _cities())


def is_place(words: list[str], whole: bool = False) -> bool:
    """Whether a capitalised run (its words as printed) is, or opens with, the name of a country or US state
    ('New Hampshire', 'New York Primary', 'Saudi Arabia's'), or is a state's abbreviation with its full stop
    ('Colo.'); 'Washington' alone is a place too (a person is 'George Washington'). With `whole`, only a run
    that is the place's name and nothing more ('New Hampshire', not 'New Hampshire Democrat')."""
    if len(words) == 1 and words[0].endswith(".") and words[0][:-1] in US_STATE_ABBREVIATIONS:
        return True
    names = [_place_word(w) for w in words]
    while names and names[0].lower() in ("the", "a", "an"):
        names = names[1:]
    if whole:
        return " ".join(names) in US_STATES or " ".join(names) in COUNTRIES
    if not names or names[0] not in _PLACE_FIRST:
        return False  # every name tried below opens with names[0] (a token holds no space)
    for n in (2, 1, 3):
        head = " ".join(names[:n])
        if len(names) >= n and (head in US_STATES or head in COUNTRIES) and (n > 1 or len(names) == 1):
            return True
    return False


def _may_be_place(words: list[str]) -> bool:
    """False only when neither `is_place(words)` nor `is_city(words)` can hold: the first word (as `_place_word`
    reads it) opens no country's, state's or city's name, is no article, and the run is no lone word with a
    full stop (a state's abbreviation). A check that spares both for almost every run."""
    first = _place_word(words[0])
    return first in _PLACE_FIRST or first.lower() in ("the", "a", "an") or (len(words) == 1 and words[0].endswith(".")) \
        or (len(words) > 1 and first in _city_firsts())


def _adjectival(word: str, k: int, words: list[str]) -> bool:
    """A capitalised modifier before a title ("Russian", "Democratic"), judged by its ending."""
    w = word.lower()
    return k + 1 < len(words) and w.endswith(("ian", "ish", "ese", "can", "ic", "ist")) and \
        any(_norm(x) in TITLE_WORDS for x in words[k + 1:])


_ROLE_BEFORE = re.compile(r"(?:^|[\s(,—–-])((?:[A-Za-z][\w’'\-]*\s+){0,3}?[a-z][\w\-]*)\s$")


def _role_before(text: str, start: int) -> str:
    """Lower-case role words printed just before a name: 'union steward', 'Council leader', 'pollster'."""
    window = text[max(0, start - 60):start]
    window = window[window.rfind("\n") + 1:]
    if len(window) < 2 or not window[-1].isspace() or not (window[-2].isalnum() or window[-2] in "_-"):
        return ""  # a match ends in a word character (\w or -) and a space (the window holds no line break)
    if not window[:-1].rsplit(None, 1)[-1].lower().endswith(_AGENT_ENDINGS):
        return ""  # the match's last word ends the last word printed, and it must be a role (_agent_noun)
    m = _ROLE_BEFORE.search(window)
    if not m:
        return ""
    words = m.group(1).split()
    if not words or not _agent_noun(words[-1]):
        return ""
    # keep the trailing words that are nouns of office, not verbs or function words
    kept: list[str] = []
    for w in reversed(words):
        lw = _norm(w)
        if lw in _NOT_NAME or lw in _FUNCTION or lw.endswith(("ed", "ing", "ly", "year-old")) or w.endswith(",") \
                or len(kept) == 3:
            break
        kept.append(w)
    return " ".join(reversed(kept)).lower()


_AGENT_SUFFIXES = ("er", "or", "ist", "ant", "ent", "ian", "man", "woman", "person", "ive", "ate", "ard", "ide",
                   "ee", "eer", "ain", "ef", "ess")
# every word _agent_noun accepts ends in one of these (its suffixes and the office titles)
_AGENT_ENDINGS = _AGENT_SUFFIXES + tuple(sorted(TITLE_WORDS))


def _agent_noun(word: str) -> bool:
    """A word that can name a role: an office title, or an agent noun by its suffix (pollster, strategist,
    steward, candidate, executive, aide, chief, spokeswoman)."""
    w = word.lower().rstrip(".")
    return w in TITLE_WORDS or (len(w) > 3 and w.endswith(_AGENT_SUFFIXES))


_FUNCTION = {"out", "up", "off", "over", "into", "onto", "said", "says", "told", "asked", "and", "or", "but", "with", "by", "for", "from", "to", "of", "in",
             "on", "at", "as", "is", "was", "are", "were", "be", "been", "has", "had", "have", "that", "which",
             "who", "whom", "whose", "than", "like", "about", "against", "between", "including", "sent", "met",
             "called", "named", "replaced", "accused", "praised", "thanked", "urged", "per", "via", "former"}

_POSSESSOR_BEFORE = re.compile(r"([A-Z][\w&\-]*(?:\s[A-Z][\w&\-]*)*)[’']s\s+(?:[a-z][\w\-]*\s+){0,3}$")
_AGE_AFTER = re.compile(r"\A,\s+(?:aged\s+)?(\d{1,3}),")
_AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[a-z][\w\-]*\s+){0,3}$")
_APPOSITIVE = re.compile(r"\A,\s+(?:the|a|an|its|their|his|her|[A-Z][\w’'\-]*[’']s)\s+([^,“”\"]{2,200}?)(?:,|\.|$)")
_DESCRIBED_BEFORE = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]*[’']s)\s+((?:[a-z][\w\-]*\s+){0,3}"
                               r"[a-z][\w\-]*),\s+$")
# (the \b of "\b[Tt]he" as (?<!\w\w) after the letter: re then searches from T/t only; same matches)
_DESCRIPTIVE = re.compile(r"[Tt](?<!\w\w)he\s+(?:(\d{1,3})-year-old\s+)?((?:[a-z][\w\-]*[’']s\s+)?(?:[a-z][\w\-]*\s+){0,2}"
                          r"[a-z][\w\-]*)\b")


def people(text: str) -> PeopleRegistry:
    """The PeopleRegistry of `text` (any str; an empty registry when it names nobody)."""
    quoted = quoted_ranges(text)
    persons = _Persons()
    q_starts = [s for s, _ in quoted]

    def outside(pos: int) -> bool:
        i = bisect.bisect_right(q_starts, pos) - 1
        return i < 0 or pos >= quoted[i][1]

    runs = _name_runs(text)
    pairs: set[tuple[str, ...]] = {run.tokens for run in runs if len(run.tokens) == 2}
    runs = [_suffix_run(run, pairs) for run in runs]
    # 1. full names (two tokens or more), outside quotations first, then inside
    # (a run of one token names no one here: it is left out before the sort, which keeps the others' order)
    for run in sorted((r for r in runs if len(r.tokens) >= 2), key=lambda r: (r.initial, not outside(r.start), r.start)):
        toks = list(run.tokens)
        last, poss = _strip_possessive(toks[-1])
        toks[-1] = last
        toks = [t.rstrip(".") if len(t) > 2 else t for t in toks]
        if len(toks) < 2 or any(_norm(t) in _NOT_NAME for t in toks):
            continue
        if all(t.isupper() and len(t) > 1 for t in toks):
            continue  # an acronym run or a shouted heading
        if not run.titles and _AFTER_THE.search(text[max(0, run.title_start - 5):run.start]):
            continue  # 'The Washington Informer', 'the Des Moines Register': a name after 'the' is no person's
        if _choose(persons, toks, list(run.titles)) is not None:
            continue
        if run.initial and (_choose(persons, toks[1:], []) is not None or persons.by_surname.get(_canon(toks[-1]).lower())) \
                and (run.initial_common or _english_word(toks[0]) or _nickname(persons, toks)):
            continue  # "Neither Clinton", "Crooked Hillary Clinton": an ordinary word before a known name
        else:  # "Rachel Berg" opening a paragraph beside "Milton Berg": another given name, another person
            first = toks[0]
            p = Person(len(persons), _canon(" ".join(toks)), _canon(first), _canon(toks[-1]), titles=list(run.titles),
                       gender=_gender_of(text, run))
            persons.append(p)
    # 2. single tokens introduced by a title or honorific, or a transcript label, with no full name printed
    for run in runs:
        toks = list(run.tokens)
        if len(toks) != 1:
            continue
        tok, _ = _strip_possessive(toks[0])
        tok = tok.rstrip(".")
        if _norm(tok) in _NOT_NAME or len(tok) < 2:
            continue
        label = _is_label(text, run)
        speaks = _speaks(text, run) and not run.initial_common
        if not (run.titles or label or run.role or speaks) or (tok.isupper() and not label):
            continue
        key = tok.title() if tok.isupper() else tok
        same = persons.by_surname.get(_canon(key).lower(), [])
        g = _gender_of(text, run)
        if _choose(persons, [key], list(run.titles)) is None and not same \
                or g and same and all(c.gender not in (None, g) for c in same):
            # "Mr. Cole, 38, ... His mother, Denise Cole, 63": a gendered honorific that fits no one of that surname
            # is another person (their gender from their own honorific or the kin noun before the name)
            p = Person(len(persons), _canon(key), None, _canon(key), titles=list(run.titles), gender=g)
            persons.append(p)
    # 3. every mention
    for run in runs:
        _link(text, run, persons)
    _descriptive(text, persons)
    _genders(text, persons, quoted)
    for p in persons:
        p.mentions.sort(key=lambda m: m.start)
    return PeopleRegistry(text, persons)


# Gendered kin and partner nouns printed before a name ("His mother, Denise Cole", "her son Sam"): the common
# English masculine/feminine pairs (as for the honorifics above).
KIN_GENDER: dict[str, Gender] = {
    "mother": "f", "father": "m", "mum": "f", "mom": "f", "dad": "m", "wife": "f", "husband": "m", "son": "m",
    "daughter": "f", "sister": "f", "brother": "m", "grandmother": "f", "grandfather": "m", "grandson": "m",
    "granddaughter": "f", "aunt": "f", "uncle": "m", "niece": "f", "nephew": "m", "widow": "f", "widower": "m",
    "girlfriend": "f", "boyfriend": "m", "stepmother": "f", "stepfather": "m", "stepson": "m",
    "stepdaughter": "f",
}
_KIN_BEFORE = re.compile(r"\b(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Mm]y|[A-Z][\w\-]*[’']s)\s+(?:[a-z][\w\-]*\s+){0,2}"
                         r"([a-z]+),?\s+$")


# English closed-class words (prepositions, conjunctions, interjections) that lemminflect's tables leave out
_CLOSED_CLASS = {"despite", "although", "unless", "whereas", "whilst", "amid", "amidst", "among", "amongst", "upon",
                 "per", "toward", "towards", "beneath", "beside", "against", "during", "nor", "onto", "until", "via",
                 "versus", "lest", "albeit", "atop", "oh"}


def _english_word(word: str) -> bool:
    """True when `word` is an English dictionary word (lemminflect's tables: "Neither", "Crooked", "Bill"; or a
    closed-class word: "Despite"), so a capitalised one opening a sentence may be no given name; "Rachel",
    "Denise" are not."""
    from lemminflect import getAllLemmas

    w = _norm(word)
    return w in _NOT_NAME or w in _CLOSED_CLASS or bool(getAllLemmas(w))


def _nickname(persons: _Persons, toks: list[str]) -> bool:
    """True when someone of that surname has a given name that starts like this one ("Ken"/"Kenneth",
    "Sandy"/"Sandra"): possibly one person, so the names are not kept apart."""
    first = _canon(toks[0]).lower()
    return any(p.first and p.first.lower()[:3] == first[:3]
               for p in persons.by_surname.get(_canon(toks[-1]).lower(), ()))


def _gender_of(text: str, run: _Run) -> Gender | None:
    """The gender a name's own run gives: a gendered honorific or title printed with it, else a kin noun just
    before it ("His mother, Denise Cole"); None when neither does."""
    for t in reversed(run.titles):
        g = HONORIFICS.get(_norm(t)) or TITLE_WORDS.get(_norm(t))
        if g:
            return g
    kin = _KIN_BEFORE.search(text, max(0, run.title_start - 60), run.title_start)
    return KIN_GENDER.get(kin.group(1)) if kin else None


def _suffix_run(run: _Run, pairs: set[tuple[str, ...]]) -> _Run:
    """'Crooked Hillary Clinton' is 'Hillary Clinton' when the text prints that two-word name elsewhere."""
    if len(run.tokens) >= 3 and run.tokens[-2:] in pairs and len(run.tokens[-3].rstrip(".")) > 1:
        start = run.end - len(" ".join(run.tokens[-2:]))
        return _Run(start, run.end, run.tokens[-2:], run.titles, run.role, start)
    return run


def _speaks(text: str, run: _Run) -> bool:
    """'Bob said', 'Bob, 61, told', 'said Bob.': a single name as the subject or the inverted subject of a
    reporting verb (app.reporting_verbs) names a person."""
    after = _SPEAKS_AFTER.match(text, run.end, run.end + 40)  # 'Cruz openly admitted'

    if after and is_reporting_verb(after.group(1)) and not after.group(1).endswith("ing") \
            and not plural_noun_use(after.group(1), text, after.start(1), after.end(1)):
        return True
    if after and after.group(1) in GOES_ON_VERBS and (_GOES_ON_COLON.match(text, after.end())
                                                      or _QUOTE_CLOSED.search(text, max(0, run.title_start - 3), run.title_start)):
        return True  # 'Redfern continued:' before a quotation paragraph, '“…,” Redfern continued'
    if text[run.end:run.end + 1] not in (".", ",") or not text[run.title_start - 1:run.title_start].isspace():
        return False  # the test below needs both: a full stop or comma after the name, a space before it
    before = _SPEAKS_BEFORE.search(text[max(0, run.title_start - 20):run.title_start])
    return bool(before and is_reporting_verb(before.group(1)))


_SPEAKS_AFTER = re.compile(r"(?:,\s+\d{1,3},)?\s+(?:also\s+|later\s+|then\s+|[a-z]{3,}ly\s+)?([a-z]+)")
_SPEAKS_BEFORE = re.compile(r"\b([a-z]+)\s+$")
_GOES_ON_COLON = re.compile(r":[ \t]*\n\s*[“\"]")  # a colon line, then a paragraph that opens a quotation
_QUOTE_CLOSED = re.compile(r"[,!?][”\"] $")  # right after a quotation that ends its clause: ',” '


def _is_label(text: str, run: _Run) -> bool:
    if not run.tokens[0].isupper():
        return False  # (before the search for the line's start, which reads back over the paragraph)
    line_start = text.rfind("\n", 0, run.title_start) + 1
    return text[line_start:run.title_start].strip() == "" and \
        _LABEL_COLON.match(text[run.end:run.end + 50]) is not None


def _note(p: Person, run: _Run, text: str) -> None:
    for t in run.titles:
        if t not in p.titles:
            p.titles.append(t)
        g = HONORIFICS.get(_norm(t)) or TITLE_WORDS.get(_norm(t))
        if g and p.gender is None:
            p.gender = g
    if run.titles:
        for t in run.titles:
            w = _norm(t)
            if w not in TITLE_WORDS:
                continue
            w = TITLE_ABBREVIATIONS.get(w, w)  # 'Gov. Christie' is the governor a later 'the governor' means
            if w not in p.roles and w not in ("former", "acting", "interim", "deputy", "vice"):
                p.roles.append(w)
    if run.role:
        if run.role not in p.titles:
            p.titles.append(run.role)
        noun = run.role.split()[-1]
        if noun not in p.roles:
            p.roles.append(noun)
        g = TITLE_WORDS.get(noun)
        if g and p.gender is None:
            p.gender = g
    after = text[run.end:run.end + 200]
    age = _AGE_AFTER.match(after)
    if age:
        p.ages.append(int(age.group(1)))
    # the three searches that end at the name need a space before it, and each needs its own literal
    spaced = run.title_start > 0 and text[run.title_start - 1].isspace()
    before = _AGE_BEFORE.search(text[max(0, run.title_start - 60):run.title_start]) \
        if spaced and "-year-old" in text[max(0, run.title_start - 60):run.title_start] else None
    if before:
        p.ages.append(int(before.group(1)))
    app = _APPOSITIVE.match(after[age.end() - 1:] if age else after)
    if app:
        phrase = app.group(1).strip()
        words = re.findall(r"\b[a-z][\w\-]*", re.split(r" (?:who|which|of|at|for|in|from|with) ", phrase)[0])
        if words and words[-1] not in p.roles:
            p.roles.append(words[-1])
        described = phrase.split(" who ")[0].split(" which ")[0].strip()
        if described and len(described) <= 60 and described not in p.titles:
            p.titles.append(described)
        org = re.search(r"\b(?:of|at|for)\s+(?:the\s+)?((?:[A-Z][\w&’'\-]*\s?)+)", phrase)
        if org and org.group(1).strip() not in p.organisations:
            p.organisations.append(org.group(1).strip())
    window = text[max(0, run.title_start - 80):run.title_start]
    described = _DESCRIBED_BEFORE.search(window) if spaced and window.rstrip().endswith(",") else None
    if described:
        words = described.group(1).split()
        if words[-1] not in p.roles:
            p.roles.append(words[-1])
        if described.group(1) not in p.titles:
            p.titles.append(described.group(1))
    poss = _POSSESSOR_BEFORE.search(window) if spaced and ("’s" in window or "'s" in window) else None
    if poss and poss.group(1) not in p.organisations and _norm(poss.group(1).split()[-1]) not in _NOT_NAME:
        p.organisations.append(poss.group(1))


def _most_recent(persons: _Persons, surname: str, titles: list[str], before: int) -> Person | None:
    """A bare surname that fits several people: the one named most recently before it (a title that fits
    only some of them narrows the choice first); None when none of them has been named yet."""
    cands = list(persons.by_surname.get(_canon(surname).lower(), ()))
    if titles:
        cands = [p for p in cands if _fits_titles(p, titles)] or cands
    named = [(max(m.start for m in p.mentions if m.start < before), p.id, p) for p in cands
             if any(m.start < before for m in p.mentions)]
    return max(named)[2] if named else None


def _link(text: str, run: _Run, persons: _Persons) -> None:
    toks = list(run.tokens)
    last, poss = _strip_possessive(toks[-1])
    toks[-1] = last
    toks = [t.rstrip(".") if len(t) > 2 else t for t in toks]
    key = [t.title() if t.isupper() and len(t) > 1 else t for t in toks]
    if _canon(key[-1]).lower() not in persons.by_surname:
        return  # every way below picks among the people of that surname (_choose, _most_recent): none
    p = _choose(persons, key, list(run.titles))
    if p is None and len(key) > 1 and run.initial:
        p = _choose(persons, key[1:], list(run.titles))  # "Neither Clinton": the sentence's first word is no name
    if p is None and len(key) == 1:
        p = _most_recent(persons, key[0], list(run.titles), run.start)
    if p is None:
        return
    if any(m.start == run.start for m in p.mentions):
        return
    kind: MentionKind
    if _is_label(text, run):
        kind = "label"
    elif poss:
        kind = "possessive"
    elif len(key) > 1:
        kind = "full"
    elif run.titles and _norm(run.titles[-1]) in HONORIFICS:
        kind = "honorific"
    elif run.titles:
        kind = "title"
    else:
        kind = "surname"
    start = run.title_start if kind in ("honorific", "title") else run.start
    end = run.end
    p.mentions.append(Mention(start, end, text[start:end], kind, p.id))
    _note(p, run, text)
    if p.first is None and len(key) > 1:
        p.first = _canon(key[0])


def _descriptive(text: str, persons: list[Person]) -> None:
    """'the 38-year-old executive', 'the club's captain': linked when exactly one person fits."""
    by_role: dict[str, list[Person]] = {}
    by_age: dict[int, list[Person]] = {}
    for p in persons:
        for r in p.roles:
            by_role.setdefault(r, []).append(p)
        for a in p.ages:
            by_age.setdefault(a, []).append(p)
    spans = sorted((m.start, m.end) for p in persons for m in p.mentions)
    ends = sorted(e for _, e in spans)
    starts = [s for s, _ in spans]
    for m in _DESCRIPTIVE.finditer(text):
        age = int(m.group(1)) if m.group(1) else None
        words = m.group(2).split()
        owner = _OWNER.match(words[0]) if len(words) > 1 else None
        if owner:
            words = words[1:]
        if not any(w.lower() in by_role or (age is not None and w.lower() in _GENERIC_PERSON) for w in words):
            continue  # no word is a role someone holds (nor, with an age, a generic noun): no head can fit
        if age is not None and re.match(r"\s*(?:Mr|Mrs|Ms|Dr|Miss|Mx)\b|\s*[A-Z]", text[m.end(1) + 9:m.end(1) + 16]):
            continue  # "the 49-year-old Ms Okonjo": the name that follows decides (its age is noted there)
        # the head noun: the longest run of words whose last word is a role someone holds
        best: list[Person] = []
        end = m.end()
        for k in range(len(words), 0, -1):
            head = words[k - 1].lower()
            if head in _FUNCTION or head in _NOT_NAME:
                continue
            pool = by_role.get(head, []) + (by_age.get(age, []) if age is not None and head in _GENERIC_PERSON else [])
            fits = list({p.id: p for p in pool
                         if _fits_description(p, age, head, owner.group(1) if owner else None)}.values())
            if fits:
                best = fits
                end = m.start(2) + len(" ".join(m.group(2).split()[:k + (1 if owner else 0)]))
                break
        k = bisect.bisect_right(ends, m.start()) - 1
        appositive = k >= 0 and m.start() - ends[k] <= 2 and text[ends[k]:m.start()].startswith(",")
        k = bisect.bisect_right(starts, m.start()) - 1
        inside = k >= 0 and spans[k][0] <= m.start() < spans[k][1]
        if len(best) == 1 and not appositive and not inside:
            p = best[0]
            p.mentions.append(Mention(m.start(), end, text[m.start():end], "descriptive", p.id))


def _fits_description(p: Person, age: int | None, head: str, owner: str | None) -> bool:
    if age is not None and age not in p.ages:
        return False
    if head not in p.roles and not (age is not None and head in _GENERIC_PERSON):
        return False
    described = p.organisations or any("’s" in t or "'s" in t for t in p.titles)
    if owner and described and not any(owner in t.lower() for t in p.titles + p.organisations + p.roles):
        return False  # 'the club's captain' fits a person of another organisation only when none is known
    return True


_GENERIC_PERSON = {"man", "woman", "person", "resident", "executive", "official"}


def _genders(text: str, persons: list[Person], quoted: list[tuple[int, int]]) -> None:
    """A person's gender, where no title or honorific gives it, from the pronouns that refer back to them:
    a his/her/himself/herself in the same clause with nobody else named in between ('Clinton and her
    husband', 'Ferrante, who quit his post'), or a He/She opening the next sentence when the person is the
    first one named in theirs. Each such pronoun is a vote; the majority decides, a tie leaves it unknown."""
    mentions = sorted((m for p in persons for m in p.mentions), key=lambda m: m.start)
    votes: dict[int, list[int]] = {}
    q_starts = [s for s, _ in quoted]
    # where each clause and sentence ends: one pass, then a bisection per mention (a find per mark and
    # mention went over the rest of the text when a mark was missing)
    stops = [x.start() for x in _CLAUSE_STOPS.finditer(text)]
    sentence_stops = [x for x in stops if text[x] != ";"]

    def vote(pid: int, word: str) -> None:
        tally = votes.setdefault(pid, [0, 0])
        tally[0 if word.lower() in _MALE_PRONOUNS else 1] += 1

    for i, m in enumerate(mentions):
        if persons[m.person].gender is not None:
            continue
        k = bisect.bisect_right(q_starts, m.start) - 1
        if k >= 0 and m.start < quoted[k][1]:
            continue  # a name inside a quotation
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        at = bisect.bisect_left(stops, m.end)
        stop = stops[at] if at < len(stops) else len(text)  # the first of . ! ? ; or a line break after it
        clause = _unquoted(text[m.end:min(stop, nxt, m.end + 80)], m.end, quoted, q_starts)
        # the pronoun must come before the clause reports anything ('Cole said she visited him' is about him)
        said = next((w.start() for w in _LOWER_WORD.finditer(clause) if is_reporting_verb(w.group(0))
                     or w.group(0) in ("that", "because", "after", "when", "while", "if")), len(clause))
        own = _OWN_PRONOUN.search(clause[:said])
        if own and own.group(0).lower() in ("his", "her") and len(_CLAUSE_WORD.findall(clause[:own.start()])) > 3:
            own = None  # 'Trump paid off her mortgage': a possessive after the verb's words is an object's
        if own and nxt < min(stop, m.end + 80) and re.fullmatch(r"[\w\s’'-]*,\s*", clause[own.end():]):
            own = None  # 'with Mayor Walsh by her side, Hillary Clinton turned …': the phrase is the next name's
        if own:
            vote(m.person, own.group(0))
            continue
        at = bisect.bisect_left(sentence_stops, m.start) - 1
        sent_start = sentence_stops[at] + 1 if at >= 0 else 0  # after the last . ! ? or line break before it
        if i > 0 and mentions[i - 1].start >= sent_start:
            continue  # not the first person named in its sentence
        later = _SUBJECT_PRONOUN.search(_unquoted(text[m.end:min(stop, nxt)], m.end, quoted, q_starts))
        if later:
            vote(m.person, later.group(0))  # 'Deacon fought back when she was asked'
            continue
        if nxt < stop:
            continue
        opener = _OPENER.match(text[stop:stop + 20])
        if opener:
            vote(m.person, opener.group(1))
    for pid, (male, female) in votes.items():
        if male > female:
            persons[pid].gender = "m"
        elif female > male:
            persons[pid].gender = "f"


_CLAUSE_STOPS = re.compile(r"[.!?;\n]")
_LOWER_WORD = re.compile(r"[a-z]+")
_CLAUSE_WORD = re.compile(r"[\w’'-]+")
_OWN_PRONOUN = re.compile(r"\b(?:his|her|himself|herself)\b", re.IGNORECASE)
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
_OPENER = re.compile(r"[.!?][”\"’]?\s+(?:But\s+|And\s+|Then\s+|Later,?\s+)?(He|She)\b")


def _unquoted(window: str, offset: int, quoted: list[tuple[int, int]], starts: list[int] | None = None) -> str:
    """The window with the characters inside quotations blanked (same length); `starts` are the quotations'
    start offsets when the caller has them."""
    end = offset + len(window)
    i = max(0, bisect.bisect_right([s for s, _ in quoted] if starts is None else starts, offset) - 1)
    chars: list[str] | None = None  # copied only when a quotation overlaps the window
    while i < len(quoted) and quoted[i][0] < end:
        lo, hi = max(quoted[i][0], offset), min(quoted[i][1], end)
        if lo < hi:
            if chars is None:
                chars = list(window)
            chars[lo - offset:hi - offset] = " " * (hi - lo)
        i += 1
    return window if chars is None else "".join(chars)
