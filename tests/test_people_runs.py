"""The people registry's name runs read each word once and skip work that cannot change the answer: the runs,
and the registry, must be those of the plain reading, on texts built from every kind of word a run may hold."""

import random
import re

from app.facts import people as P
from app.facts.countries import COUNTRIES
from app.reporting_verbs import is_reporting_verb

_WORDS = ("Mr. Mrs. Dr. Sen. Gov. President Secretary of State Chief Staff Executive Town Manager County Supervisor "
          "New York Hampshire Los Angeles San Jose the The a An Ann Lee Smith Jones de van Berg J. U.S. Attorney "
          "Center for Equitable Growth Washington & said told leader union steward Ukrainian Russian Democratic "
          "Republican Party House Intelligence Mike Pompeo 38 2020 Colo. Aspen Kyiv’s Putin’s Obama's O’Neil "
          "McDonald-Smith X5 he she his her , . ; “ ” said. Lee. Berg’s Saudi Arabia Virginia As ANN LEE: "
          "Secretary-General Ranking Democrat Ines Carvalho Green Left Netanyahu late").split(" ")


def _texts(n: int = 600) -> list[str]:
    rnd = random.Random(11)
    out = []
    for _ in range(n):
        words = [rnd.choice(_WORDS) for _ in range(rnd.randrange(4, 60))]
        out.append(" ".join(words).replace(" , ", ", ").replace(" . ", ". ").replace(" ; ", "; ")
                   + rnd.choice(("", "\n\nLEE: yes", " said Lee.")))
    return out


def _plain_add_runs(text: str, group: list[tuple[int, int, str]], runs: list[P._Run], lower_words: set[str]) -> None:
    words = [t for _, _, t in group]
    if P.is_place(words) or P.is_city(words):
        return  # 'New Hampshire', 'Saudi Arabia', 'Virginia', 'Los Angeles': a place, never a person
    # titles and honorifics at the front
    k = 0
    while k < len(words) and (P._norm(words[k]) in P.TITLE_WORDS or P._norm(words[k]) in P.HONORIFICS or words[k] in P.DOTTED_TITLES
                              or P._norm(words[k]) in P._NOT_NAME or P._adjectival(words[k], k, words)):
        k += 1
    name = group[k:]
    while name and P._norm(name[0][2]) in P._NOT_NAME:
        name = name[1:]
    if not name:
        return
    # a title word inside the run starts the name again after it ("Ukrainian President Volodymyr Zelenskiy")
    for idx in range(len(name) - 1, -1, -1):
        if P._norm(name[idx][2]) in P.TITLE_WORDS or P._norm(name[idx][2]) in P.HONORIFICS or name[idx][2] in P.DOTTED_TITLES:
            name = name[idx + 1:]
            break
    if not name:
        return
    office = P._ORG_TAIL.search(text[max(0, group[0][0] - 40):group[0][0]])
    if office is not None and office.group(1).lower() not in P._NOT_NAME and P._norm(office.group(1)) not in P.TITLE_WORDS:
        return  # the tail of an organisation's name: 'Washington Center for Equitable Growth'
    if office is not None and P._norm(office.group(1)) in P.TITLE_WORDS and len(name) > 2 and name[0] == group[0]:
        name = name[1:]  # 'Chief of Staff Denis McDonough', 'Secretary of State Hillary Clinton': the office's tail
    role_after = P._ROLE_AFTER.match(text, group[-1][1], group[-1][1] + 60)
    if role_after and P._agent_noun(role_after.group(1).split()[-1]) \
            and not any(w in P._FUNCTION or is_reporting_verb(w) for w in role_after.group(1).split()) \
            and not any(re.fullmatch(r"[A-Z]\.", t) for _, _, t in name):
        return  # a name that modifies a role noun is an organisation's: "Green Left leader Ines Carvalho"
        # ('Netanyahu said late Wednesday' is no such name: a verb comes between)
    # an organisation or party word inside the run, with two name words after it, starts the name again
    # ('House Intelligence Republican Mike Pompeo', 'Senate Intelligence Ranking Democrat Dianne Feinstein')
    cut = max((i for i, (_, _, t) in enumerate(name) if P._norm(t) in P.ORG_WORDS or P._norm(t) in P._NOT_NAME), default=-1)
    if 0 <= cut < len(name) - 2:
        name = name[cut + 1:]
    # a capitalised role noun after another word of the run, before a two-word name ('Chief Executive Hanna
    # Lindqvist', 'Town Manager Greg Audette', 'County Supervisor Hannah Brooks'): a title, not the name
    role_at = max((i for i, (_, _, t) in enumerate(name[:-2]) if P._agent_noun(t) and not t.isupper()
                and (i > 0 or len(group) > len(name) or P._norm(t) in lower_words
                     or re.search(r"[A-Z][\w’'\-]*[ \u00a0]$", text[max(0, name[0][0] - 30):name[0][0]]))),
               default=-1)
    if role_at >= 0:
        name = name[role_at + 1:]
    if P._initial(name[-1][2]):
        return  # a name never ends in an initial: 'Assistant U.' is the start of 'U.S. Attorney'
    titles = tuple(t for _, _, t in group[:len(group) - len(name)] if P._norm(t) in P.TITLE_WORDS or t in P.DOTTED_TITLES
                   or P._norm(t) in P.HONORIFICS)
    last = P._norm(name[-1][2])
    if last in P.ORG_WORDS or any(P._norm(t) in P.ORG_WORDS for _, _, t in name):
        return
    if any(not t.isalpha() and any(map(str.isdigit, t)) for _, _, t in name):
        return
    role = P._role_before(text, group[0][0])
    end = name[-1][1]
    words = [t for _, _, t in name]
    if words[-1].endswith(".") and len(words[-1]) > 2 and P._norm(words[-1]) not in P.HONORIFICS:
        end -= 1  # the full stop that ends the sentence
        words[-1] = words[-1][:-1]
    initial = not titles and P._opens_sentence(text, name[0][0])
    runs.append(P._Run(name[0][0], end, tuple(words), titles, role, group[0][0], initial=initial,
                     initial_common=initial and P._common_word(lower_words, words[0])))


def test_name_runs_are_the_plain_readings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    texts = _texts()
    fast = [P._name_runs(t) for t in texts]
    monkeypatch.setattr(P, "_add_runs", _plain_add_runs)
    plain = [P._name_runs(t) for t in texts]
    assert fast == plain
    assert sum(len(r) for r in plain) > 2000 and any(r.titles for rs in plain for r in rs)


def test_a_place_needs_its_first_word_to_open_a_place_or_city_or_be_an_article() -> None:
    rnd = random.Random(3)
    names = sorted(P.US_STATES | COUNTRIES | P._cities())
    heads = ["the", "The", "a", "An", "Colo.", "Del.", "Fla.", "Houston", "Lee", "New", "San"]
    seen = 0
    for _ in range(20000):
        words = (rnd.choice(names).split() if rnd.random() < 0.7 else []) + \
            [rnd.choice(heads + _WORDS) for _ in range(rnd.randrange(0, 3))]
        if rnd.random() < 0.3:
            words = [rnd.choice(heads)] + words
        words = [w + rnd.choice(("", "’s", "'s", ".")) if rnd.random() < 0.2 else w for w in words]
        if not words:
            continue
        if P.is_place(words) or P.is_city(words):
            seen += 1
            assert P._may_be_place(words), words
    assert seen > 2000


def test_a_surname_nobody_has_finds_no_one() -> None:
    # _link stops early when no person has the run's surname: every way it has of choosing finds no one then
    persons = P._Persons()
    for i, name in enumerate(["Ann Lee", "Bo Lee", "Kim Day", "Day"]):
        words = name.split()
        persons.append(P.Person(i, name, words[0] if len(words) > 1 else None, words[-1]))
    for key in (["Smith"], ["Ann", "Smith"], ["Mr.", "Ray"], ["Leeds"], ["Da"]):
        assert P._canon(key[-1]).lower() not in persons.by_surname
        assert P._choose(persons, key, []) is None
        assert P._choose(persons, key, ["Mr."]) is None
        assert P._most_recent(persons, key[-1], [], 10_000) is None
    assert P._choose(persons, ["Kim", "Day"], []) is not None  # a known surname is still found


def test_a_registry_made_from_a_plain_list_finds_its_people_by_surname() -> None:
    # the registry keeps its people indexed by surname whatever list it is given (no duck-typed fallback)
    text = "Mayor Helen Brandt opened the bridge. Dr. Sam Okafor watched. Brandt said it was late."
    found = P.people(text)
    plain = P.PeopleRegistry(text, list(found.persons))
    for name in ("Mayor Brandt", "Brandt's", "Helen Brandt", "Okafor", "Dr. Sam Okafor"):
        assert plain.find(name) is found.find(name) is not None, name
    assert plain.find("Smith") is None
    assert sorted(plain.persons.by_surname) == ["brandt", "okafor"]
