"""Counted things against each other and against the lists that name them.

`rule_counts`: the same counted thing (an event kind and a comparable noun: "three people died" / "the four
victims"; "destroyed 14 homes" / "the 16 destroyed houses") given two values that cannot both hold after
hedges ("at least 30" admits 31). Only where the article gives that thing exactly two values: an article that
counts it three ways is telling a story of changing figures or of several events. Must not flag: different
events ("14 homes destroyed and 16 damaged"), changes ("rose to", "so far", "initially"), different groups
("three children" / "five people"), partial counts ("including 12 children"), estimates that say so.

`rule_enumeration`: "five Commonwealth nations" against the list that names them ("Britain, Australia, New
Zealand and South Africa": four). The list must be of countries (`app.facts.countries`), the two sentences must
share a capitalised word besides the list ("Commonwealth"), and a list after "including" or "such as" only
fails when it is longer than the count.
"""

from __future__ import annotations

import re

from app.caseless import caseless
from app.document import Document
from app.facts.countries import COUNTRIES
from app.facts.document import facts_of
from app.facts.finding import Finding
from app.facts.groups import GENERIC_PEOPLE, NOUN_CLASSES, CountMention, read_counts, read_enumerations
from app.facts.numbers import NumberMention, exactly_apart, fmt, fmt_figure

_CHANGE = caseless(
    r"\b(?:rose|risen|rising|climbed|increased|increasing|grew|jumped|up\s+from|down\s+from|so\s+far|initially|"
    r"at\s+first|earlier|previously|revised|updated|latest|now|total|in\s+all|altogether|a\s+year|per|each|every|"
    r"another|separate|previous|last\s+year|this\s+year|since|estimated?|estimates|claimed|according\s+to|"
    r"reports?\s+(?:say|said|suggest)|more|other|others|further|additional|besides|as\s+well\s+as|plus|"
    r"compared|average|record|than|among|including|of\s+whom|between|also|too|again|both)\b")
_PLACE = re.compile(r"\b(?:in|at|near|outside|across|from)\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)")
_TIME = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|(?:last|this|next)\s+(?:week|month|year|night)|"
                   r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
                   r"July|August|September|October|November|December|(?:19|20)\d\d)\b")


# events whose count is a lasting state: "the 16 destroyed houses" on Monday are the ones destroyed on Friday
_STATES = {"destroyed", "damaged"}


def _context_differs(a: str, b: str) -> bool:
    """Two sentences about different occasions: each names a time or a place, and they share none."""
    ta, tb = {t.lower() for t in _TIME.findall(a)}, {t.lower() for t in _TIME.findall(b)}
    if ta and tb and not ta & tb:
        return True
    pa, pb = set(_PLACE.findall(a)), set(_PLACE.findall(b))
    return bool(pa and pb and not pa & pb)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _interval(c: CountMention) -> tuple[float, float]:
    return c.number.interval(0.2)  # "about 14" admits 16


def _comparable(x: CountMention, y: CountMention) -> bool:
    return x.noun == y.noun or (x.noun in GENERIC_PEOPLE and y.noun in GENERIC_PEOPLE) or \
        (x.noun in NOUN_CLASSES and NOUN_CLASSES.get(x.noun) == NOUN_CLASSES.get(y.noun))


def _counts(document: Document) -> list[tuple[CountMention, int]]:
    facts = facts_of(document)
    text = document.text
    out = []
    for i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        for c in read_counts(text, numbers, s.start, s.end):
            out.append((c, i))
    return out


def rule_counts(document: Document) -> list[Finding]:
    """The same counted thing given two values that cannot both hold."""
    facts = facts_of(document)
    text = document.text
    counts = _counts(document)
    events = {c.event for c, _ in counts}
    kept: list[tuple[CountMention, int, str]] = []
    for c, i in counts:
        event = c.event
        if event is None and c.noun == "victim" and "deaths" in events and "injured" not in events:
            event = "deaths"  # "the four victims" of a story that counts deaths and no injuries
        if event is None and NOUN_CLASSES.get(c.noun) == "attendance" and "attendance" in events:
            event = "attendance"  # "12,000 spectators" in a story that gives "a crowd of 20,000"
        if event is None or c.partial or c.number.bound == "vague" or c.number.value < 2:
            continue
        s = facts.body[i]
        if _CHANGE.search(text, max(s.start, c.start - 50), c.start) or len(_YEAR.findall(s.text)) > 1:
            continue
        after = _CHANGE.search(text, c.end, min(s.end, c.end + 40))
        if after and after.group(0).lower() not in {"other", "others"}:
            continue  # "destroyed 14 homes and damaged several others": the others are another group
        if NOUN_CLASSES.get(c.noun) == "attendance" and c.number.bound != "exact":
            continue  # "an overflow crowd of about 1,200": a crowd estimate, and often another crowd
        kept.append((c, i, event))
    findings: list[Finding] = []
    done: set[str] = set()
    for _k, (x, i, ev) in enumerate(kept):
        if ev in done:
            continue
        same = [(y, j) for y, j, ev2 in kept if ev2 == ev and _comparable(x, y)]
        values = {(y.number.figure if y.number.exact is not None else y.number.low, y.number.high, y.number.bound)
                  for y, _ in same}
        if len(values) != 2:
            continue
        for y, j in same:
            if j == i or (ev not in _STATES and _context_differs(facts.body[i].text, facts.body[j].text)):
                continue
            lo, hi = _interval(x)
            lo2, hi2 = _interval(y)
            if lo <= hi2 and lo2 <= hi and not exactly_apart(x.number, y.number):
                continue
            done.add(ev)
            findings.append(Finding(
                check="counts", type="numeric", a=(document.span(x.start, x.end),),
                b=(document.span(y.start, y.end),),
                explanation=(f"The number {_what(ev)} is {_short(x.number)} here and {_short(y.number)} there "
                             f"({fmt_figure(x.number)} against {fmt_figure(y.number)}). Both cannot be right."),
                confidence=0.7,
            ))
            break
    return findings


def _short(n: NumberMention) -> str:
    """The mention as printed, or its figure shortened when the printed digits run past 40 characters."""
    return n.text if len(n.text) <= 40 else fmt_figure(n)


def _what(event: str) -> str:
    return {"deaths": "of dead", "injured": "of injured", "arrested": "of people arrested",
            "destroyed": "destroyed", "damaged": "damaged"}.get(event, event)


def rule_enumeration(document: Document) -> list[Finding]:
    """A count of countries against the list that names them."""
    facts = facts_of(document)
    text = document.text
    lists = []
    for i, s in enumerate(facts.body):
        for e in read_enumerations(text, s.start, s.end):
            if all(item in COUNTRIES for item in e.items):
                lists.append((e, i))
    if not lists:
        return []
    findings: list[Finding] = []
    for c, i in _counts(document):
        if c.noun not in {"country", "nation"} or c.number.bound != "exact" or c.number.is_range:
            continue
        if re.search(r"\b(?:the|their|both|these|those|its|our|his|her|two\s+of\s+the)\s+$",
                     text[max(0, c.start - 12):c.start], re.IGNORECASE):
            continue  # "their two nations": countries named before, not a count to check
        n = int(c.number.value)
        s = facts.body[i]
        caps = set(re.findall(r"\b[A-Z][a-z]{3,}\b", text[s.start:s.end]))
        for e, j in lists:
            if j == i:
                continue
            other = facts.body[j]
            shared = (caps & set(re.findall(r"\b[A-Z][a-z]{3,}\b", text[other.start:other.end]))) - set(e.items)
            shared -= {"The", "This", "That", "They", "There", "When", "While", "After"}
            if not shared:
                continue
            listed = len(e.items)
            if listed == n or (e.partial and listed < n) or abs(listed - n) > 2:
                continue  # a list far shorter than its count gives examples ("17 countries ... Greece, Portugal")
            if e.intro not in {"-", "–", "—", ":"} and not e.partial:
                continue  # only a list set out as the whole group (after a dash or a colon) is its count
            findings.append(Finding(
                check="enumeration", type="numeric", a=(document.span(c.start, c.end),),
                b=(document.span(e.start, e.end),),
                explanation=(f"“{text[c.start:c.end]}” counts {n}, but the list names {listed}: "
                             f"{', '.join(e.items)}."),
                confidence=0.7,
            ))
            break
    return findings


# -- totals against their parts ---------------------------------------------------------------------------------
_VIOLENCE = {"shoot", "stab", "behead", "kill", "die", "execute", "murder", "injure", "wound", "hit", "strike",
             "arrest", "destroy", "damage", "evacuate", "rescue", "hang", "drown", "burn"}
_OTHERS = re.compile(r"^\s*(?:others?|more|further)\b|^\s*(?:of\s+)?the\s+others?\b")


def _event_lemmas(text: str) -> set[str]:
    from app.facts.lemmas import lemma

    return {lemma(w) for w in re.findall(r"[a-z]+", text.lower())} & _VIOLENCE


def rule_parts(document: Document) -> list[Finding]:
    """A total against its parts: 'at least 30 ... beheaded and shot' / 'Sixteen men ... shot ... while 12 others
    ... beheaded' (28); 'shot three times in the shoulder and once in the leg' (4) / 'three shots'.

    Parts are counts joined in one sentence where the last is "N others" (a partition of one group), or
    frequencies ("three times ... and once") of one verb; the total is a count elsewhere of the same events
    (every violent or damaging event lemma of the total's clause appears among the parts'), or a count of the
    verb's noun ("shots" for "shot"). A hedge on the total is allowed for.
    """
    from app.facts.lemmas import lemma, noun_lemma

    facts = facts_of(document)
    text = document.text
    findings: list[Finding] = []
    body = facts.body
    for i, (s, numbers) in enumerate(zip(body, facts.numbers)):
        # partitions: "Sixteen men ... while 12 others"
        counts = [n for n in numbers if n.kind == "number" and n.unit is None and n.bound == "exact" and n.value >= 1]
        parts = None
        for k in range(1, len(counts)):
            if _OTHERS.match(text[counts[k].end:counts[k].end + 12]):
                parts = counts[:k + 1][-2:]
                break
        times = [n for n in numbers if n.unit == "times" and n.bound == "exact"]
        verb = None
        if len(times) >= 2 and re.fullmatch(r"[^.;]*?\b(?:and|,)\s*", text[times[0].end:times[1].start]):
            before = re.findall(r"[a-z]+", text[max(s.start, times[0].start - 30):times[0].start].lower())
            verb = lemma(before[-1]) if before else None
        if parts is None and verb is None:
            continue
        summed = sum(n.value for n in (parts or times[:2]))
        events = _event_lemmas(s.text) if parts else set()
        for j, (s2, numbers2) in enumerate(zip(body, facts.numbers)):
            if j == i:
                continue
            for n in numbers2:
                if n.kind != "number" or n.unit is not None or n.is_range or n.bound == "vague":
                    continue
                after = re.match(r"\s+(?:[A-Za-z’'-]+\s+){0,2}?(?P<noun>[a-z]+)", text[n.end:n.end + 40])
                if parts:
                    clause = text[n.start:min(s2.end, n.end + 60)]
                    total_events = _event_lemmas(clause)
                    if not total_events or not total_events <= events or len(total_events) < 2:
                        continue
                else:
                    if not after or lemma(noun_lemma(after.group("noun"))) != verb or verb not in _VIOLENCE:
                        continue
                lo, hi = n.interval(0.0)
                if lo <= summed <= hi:
                    continue
                a_spans = (document.span(n.start, n.end + (after.end() if after and not parts else 0)),)
                shown = parts or times[:2]
                findings.append(Finding(
                    check="parts", type="numeric", a=a_spans,
                    b=tuple(document.span(p.start, p.end) for p in shown),
                    explanation=(f"The parts ({' + '.join(p.text for p in shown)}) make {fmt(summed)}, which does "
                                 f"not fit “{n.text}”. Check the total or the parts."),
                    confidence=0.6,
                ))
                break
            else:
                continue
            break
    return findings


# -- a count of people against the list that breaks it down ("four people: two men and a woman") -----------------
_PERSON_NOUNS = {"man", "woman", "child", "boy", "girl", "adult", "teenager", "baby", "infant", "pensioner",
                 "student", "officer", "soldier", "civilian", "passenger", "crew", "member"}
_GROUP_NOUNS = {"people", "person", "victim", "dead", "casualty", "passenger", "child", "adult", "member",
                "fatality", "body"}
_BREAKDOWN = re.compile(r"^\s*(?::|–|—|-|,\s+(?:namely|including)?)\s*(?P<list>(?:(?:an?|one|two|three|four|five|six|"
                        r"seven|eight|nine|ten|\d+)\s+(?:[a-z-]+\s+)?[a-z]+(?:,\s+|\s+and\s+|\s*$|(?=[.;)])))+)")


_BREAK_HINT = re.compile(r"[:–—-]|,\s")  # what every breakdown opens on


def rule_breakdown(document: Document) -> list[Finding]:
    """'Four people were killed: two men and a woman' (three)."""
    from app.facts.lemmas import noun_lemma
    from app.facts.numbers import words_value

    facts = facts_of(document)
    text = document.text
    findings: list[Finding] = []
    for _i, (s, numbers) in enumerate(zip(facts.body, facts.numbers)):
        if not _BREAK_HINT.search(s.text):
            continue
        for c in read_counts(text, numbers, s.start, s.end):
            if c.noun not in _GROUP_NOUNS or c.number.bound != "exact" or c.number.is_range:
                continue
            tail_start = c.end
            clause = re.match(r"[^:–—.;]*?(?=[:–—])", text[tail_start:s.end])
            if clause and len(clause.group(0)) < 40:
                tail_start += clause.end()
            m = _BREAKDOWN.match(text[tail_start:s.end])
            if not m:
                continue
            items = [(a, b.split()[-1]) for a, b in re.findall(
                r"(an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+((?:[a-z-]+\s+)??[a-z]+)"
                r"(?=,|\s+and\b|\s*$|[.;)])", m.group("list"))]
            if len(items) < 2 or not all(noun_lemma(n) in _PERSON_NOUNS for _, n in items):
                continue
            total = 0.0
            for raw, _ in items:
                v = 1.0 if raw in {"a", "an"} else (float(raw) if raw.isdigit() else words_value(raw))
                total += v or 0
            if total == c.number.value:
                continue
            findings.append(Finding(
                check="breakdown", type="numeric", a=(document.span(c.start, c.end),),
                b=(document.span(tail_start + m.start("list"), tail_start + m.end("list")),),
                explanation=(f"“{text[c.start:c.end]}” counts {fmt(c.number.value)}, but the breakdown "
                             f"“{m.group('list').strip()}” makes {fmt(total)}."),
                confidence=0.7,
            ))
    return findings


# -- a count split into parts that do not add up ("640 homes: 410 in Ashby and 180 in Dunmore") ------------------
_SPLIT_START = re.compile(r"^\s*(?::|,|–|—|;)\s*")
_OF_THOSE = re.compile(r"^\s*(?:Of\s+(?:those|them|these|the\s+\w+)|(?:They|These|Those)\s+(?:were|are)\s+split)\b[, ]*")
_PART_TAIL = re.compile(r"^\s+(?:(?:were|was|are|is)\s+)?(?:in|at|from|for|on|across|to|by|with)\b")


def rule_split(document: Document) -> list[Finding]:
    """A count followed by the parts it splits into (in the same sentence after a colon, comma or dash, or in the
    next sentence after 'Of those'), where the parts do not add up: 640 homes / 410 in Ashby and 180 in Dunmore."""
    facts = facts_of(document)
    text = document.text
    body = facts.body
    findings: list[Finding] = []
    reported: set[tuple[int, ...]] = set()  # the parts already reported: "640 homes. Of the 640 homes, 410 ..." is one
    for i, (s, numbers) in enumerate(zip(body, facts.numbers)):
        for c in read_counts(text, numbers, s.start, s.end):
            if c.number.bound != "exact" or c.number.is_range or c.number.value < 3:
                continue
            region = None
            m = _SPLIT_START.match(text[c.end:s.end])
            if m:
                region = (c.end + m.end(), s.end, i)
            elif i + 1 < len(body):
                nxt = body[i + 1]
                o = _OF_THOSE.match(text[nxt.start:nxt.end])
                if o and c.end + 3 >= s.end - 1:  # the count closes its sentence
                    region = (nxt.start + o.end(), nxt.end, i + 1)
            if region is None:
                continue
            start, end, j = region
            parts = [n for n in facts.numbers[j] if start <= n.start < end]
            if len(parts) < 2 or any(n.kind != "number" or n.unit is not None or n.bound != "exact" or n.is_range
                                     for n in parts):
                continue
            noun_word = re.compile(rf"^\s+(?:[a-z]+\s+)?{re.escape(c.noun)}", re.IGNORECASE)
            if not all(_PART_TAIL.match(text[n.end:n.end + 20]) or noun_word.match(text[n.end:n.end + 40])
                       for n in parts):
                continue
            if re.search(r"\b(?:including|among|such\s+as|some|with|about|around|nearly|more\s+than|at\s+least)\b",
                         text[start:end], re.IGNORECASE):
                continue
            total = c.number.value
            summed = sum(n.value for n in parts)
            if summed == total or any(n.value >= total for n in parts) or tuple(n.start for n in parts) in reported:
                continue
            reported.add(tuple(n.start for n in parts))
            findings.append(Finding(
                check="split", type="numeric", a=(document.span(c.start, c.end),),
                b=tuple(document.span(n.start, n.end) for n in parts),
                explanation=(f"The parts ({' + '.join(n.text for n in parts)}) add up to {fmt(summed)}, "
                             f"not the {text[c.start:c.end]} they split."),
                confidence=0.7,
            ))
    return findings
