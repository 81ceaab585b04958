"""The people registry's searches that end at a name run only when their literal is there: the answer must be
the plain search's at every position of texts built to hold those literals in every arrangement."""

import re

from app.facts import people as P

_TEXTS = [
    "Center for the Study of Law, the 38-year-old union steward, Ann Lee said. Ex-president  Bob Hale's aide "
    "said Tom Ray. (pollster Sam Ute) — chief-of-staff Mia Ko, 41, the club's captain, Kim Day & Partners of "
    "Dale's two new deputy  Jo Po\nspokeswoman\u00a0Liz Orr, the company’s chief executive,\tDan Fry  ",
    "the 7-year-old  boy Leo; Kerry Group of  the Tim's old  friends  ex- Ed, a 100-year-old, Smith’s\n",
    "for  of & the , ’s 's -year-old\u2003",
]


def _positions():
    for text in _TEXTS:
        for pos in range(len(text) + 1):
            yield text, pos


def test_org_tail_is_the_plain_search() -> None:
    for text, pos in _positions():
        window = text[max(0, pos - 40):pos]
        found, plain = P._org_tail_match(window), P._ORG_TAIL.search(window)
        assert (found and found.span()) == (plain and plain.span()), window


def test_role_before_skips_only_windows_that_cannot_match() -> None:
    for text, pos in _positions():
        window = text[max(0, pos - 60):pos]
        window = window[window.rfind("\n") + 1:]
        m = P._ROLE_BEFORE.search(window)
        if P._role_before(text, pos) == "":
            continue
        assert m is not None, window  # a role was found, so the search matched
    # and a window the precheck refuses never matches
    for text, pos in _positions():
        window = text[max(0, pos - 60):pos]
        window = window[window.rfind("\n") + 1:]
        if len(window) < 2 or not window[-1].isspace() or not (window[-2].isalnum() or window[-2] in "_-"):
            assert P._ROLE_BEFORE.search(window) is None, window


def test_note_windows_skip_only_windows_that_cannot_match() -> None:
    for text, pos in _positions():
        spaced = pos > 0 and text[pos - 1].isspace()
        w60, w80 = text[max(0, pos - 60):pos], text[max(0, pos - 80):pos]
        if not (spaced and "-year-old" in w60):
            assert P._AGE_BEFORE.search(w60) is None, w60
        if not (spaced and w80.rstrip().endswith(",")):
            assert P._DESCRIBED_BEFORE.search(w80) is None, w80
        if not (spaced and ("’s" in w80 or "'s" in w80)):
            assert P._POSSESSOR_BEFORE.search(w80) is None, w80


def test_note_reads_the_age_role_and_possessor_before_a_name() -> None:
    registry = P.people("Officials named the 38-year-old steward Ann Lee on Monday. Its chief engineer, Sam Ute, "
                        "agreed. The Harbour Board’s chief engineer Tom Ray said so.")
    ann, sam, tom = registry.find("Ann Lee"), registry.find("Sam Ute"), registry.find("Tom Ray")
    assert ann is not None and ann.ages == [38]
    assert sam is not None and "chief engineer" in sam.titles
    assert tom is not None and "The Harbour Board" in tom.organisations


def test_initial_and_place_word() -> None:
    for token in ("J.", "j.", "JJ", "J", "É.", "Z.", "A.."):
        assert P._initial(token) == bool(re.fullmatch(r"[A-Z]\.", token)), token
    assert P.is_place(["New", "Hampshire"]) and P.is_place(["Saudi", "Arabia’s"]) and P.is_place(["Virginia"])
    assert not P.is_place(["Helen", "Brandt"]) and not P.is_place(["Washington", "Post"])


def test_city_first_word_check_keeps_every_city() -> None:
    cities = P._cities()
    assert cities and P._city_firsts() == frozenset(c.split(" ")[0] for c in cities)
    assert P.is_city(["Los", "Angeles"]) and P.is_city(["San", "Jose’s"])
    assert not P.is_city(["Angeles", "Los"]) and not P.is_city(["Los"])


def test_role_before_skips_only_windows_without_a_role_at_the_end() -> None:
    texts = _TEXTS + ["ex-leader Bo Li, (pollster Al Ray, —spokesman Jo Ko, co-chair Ed Ny, x-Rep Di Ma, said Li Po "]
    for text in texts:
        for pos in range(len(text) + 1):
            window = text[max(0, pos - 60):pos]
            window = window[window.rfind("\n") + 1:]
            if len(window) < 2 or not window[:-1].strip():
                continue
            if window[:-1].rsplit(None, 1)[-1].lower().endswith(P._AGENT_ENDINGS):
                continue
            m = P._ROLE_BEFORE.search(window)
            assert m is None or not P._agent_noun(m.group(1).split()[-1]), window
    assert P._role_before("the union steward Ann Lee", 18) == "union steward"
