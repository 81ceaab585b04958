"""Per-text memos and one-pass searches of the speaker side give the answers of the plain computation."""

from app.facts.people import people
from app.quotations import QuoteModel, _tokens, paragraph_spans


def test_tokens_keep_the_full_stop_of_abbreviations_and_initials_only() -> None:
    toks = _tokens("Mr. A.B. Smith (D-N.Y.) said Sen. Jan. end.", 10)
    assert toks == [(10, 13, "Mr."), (14, 18, "A.B."), (19, 24, "Smith"), (34, 38, "said"), (39, 43, "Sen."),
                    (44, 48, "Jan."), (49, 52, "end")]  # the parenthesis is blanked, offsets kept


def test_the_model_remembers_a_region_but_hands_out_a_fresh_list() -> None:
    text = "Mayor Ann Lee said the ferry would run. “It will,” she said."
    model = QuoteModel(text, paragraph_spans(text), people(text))
    first = model._toks(text[0:38], 0)
    assert first == _tokens(text[0:38], 0)
    first.append((0, 0, "x"))  # a caller's change to its list is not remembered
    assert model._toks(text[0:38], 0) == _tokens(text[0:38], 0)


def test_a_pronoun_counts_only_before_the_clause_or_sentence_ends() -> None:
    def gender(text: str) -> str | None:
        return next(p.gender for p in people(text) if p.name == "Alex Moor")

    assert gender("Alex Moor fixed his bike") == "m"  # no stop anywhere in the text
    assert gender("Alex Moor fixed the bike; his car was fine") is None  # after the clause's end
    assert gender("Alex Moor fixed the bike. She left.") == "f"  # the next sentence opens with She
    assert gender("Kim Lau spoke. Alex Moor fixed the bike and she left") == "f"  # first named in the sentence


def test_the_verb_trie_matches_exactly_its_words() -> None:
    import re

    from app.attribution import _VERB_WORDS, _trie

    words = set(_VERB_WORDS.split("|"))
    pattern = re.compile(_trie(words))
    for w in words:
        assert pattern.fullmatch(w), w
        for k in range(1, len(w)):
            assert bool(pattern.fullmatch(w[:k])) == (w[:k] in words), w[:k]
        assert not pattern.fullmatch(w + "x")
    small = re.compile(rf"\b(?:{_trie(['say', 'says', 'said', 'sa'])})\b")
    assert [m.group() for m in small.finditer("sa say says saying said sad")] == ["sa", "say", "says", "said"]


def test_printed_inside_is_the_pattern_it_replaces() -> None:
    import re

    from app.quotations import _printed_inside

    texts = ['Hours later, Still Bob said. “Go.” Bob ran; Bob-x, a "Bob, and ”Bob', 'x Bob_ y', '."Bob', 'it Bob',
             "x -Bob", "Bob", "the Bobby", "said” Bob", "’ Bob’s"]
    for text in texts:
        for word in ("Bob", "Bob-", "-Bob", "Bo", "Bob’s", "Still", "Go", "x", ""):
            want = re.search(rf"(?:[\w,;’']|(?<![.!?])[”\"]) {re.escape(word)}\b", text) is not None
            assert _printed_inside(text, word) == want, (text, word)


def test_the_name_lookahead_changes_no_match() -> None:
    import re

    from app.attribution import _NAME

    assert _NAME.startswith("(?=[A-Z])")
    plain = re.compile(_NAME.removeprefix("(?=[A-Z])"))
    text = ("Mr. Putin and Gen. A.B. de Gaulle met J. van der Berg, O’Neil-Smith, the UN and ÉCOLE staff; "
            "mr. x Dr.Who St. Ives")
    assert [m.span() for m in re.finditer(_NAME, text)] == [m.span() for m in plain.finditer(text)]


def test_the_fallback_name_index_is_built_only_when_asked() -> None:
    from app.attribution import DocumentSpeakers, find_attributions
    from app.document import Document

    who = DocumentSpeakers(Document("Mayor Ann Lee said the ferry would run on Monday."))
    assert who._fallback_index is None
    sentence = "Ukraine reported that the talks had stalled."
    who = DocumentSpeakers(Document(sentence))
    attribution = find_attributions(sentence)[0]
    assert who.resolve(attribution, attribution.start) == "Ukraine"
    assert who._fallback_index is not None


def test_transcript_labels_are_read_at_each_paragraph_start() -> None:
    from app.quotations import label_speakers

    text = "Intro line: not a label.\n\nHALVORSEN (on camera): We are here.\n\nMARY ANN LEE: Yes.\n\nx NOT: no"
    assert label_speakers(text, paragraph_spans(text), people(text)) == {1: "Halvorsen", 2: "Mary Ann Lee"}
    model = QuoteModel(text, paragraph_spans(text), people(text))
    src = model.labels()[2]
    assert text[src.start:src.end] == "MARY ANN LEE"


def test_unquoted_blanks_only_the_quoted_characters() -> None:
    from app.facts.people import _unquoted

    text = 'He said "no way" and “yes” then left'
    quoted = [(8, 16), (21, 26)]
    assert _unquoted(text[3:30], 3, quoted) == 'said          and       the'
    assert _unquoted(text[27:], 27, quoted) == text[27:]  # no quotation in the window: the window itself
    assert _unquoted(text[10:12], 10, quoted, [8, 21]) == "  "


def _frame_text() -> str:
    """A text of the awkward cases for the frame's token index: quotations, parentheses, lone and joined
    dashes, abbreviations and initials, stops inside and after tokens, accents and a non-breaking space."""
    import random

    rnd = random.Random(7)
    parts = ["Mr. A.B. Smith", "(D-N.Y.)", "said", "“It will,” she said.", "- x -", "well-known", "end.", "Sen.",
             "Jan.", "O’Neil's", "Zoë", "—", "–", "3.5", "U.S.", "a;b", "x:", "(pictured)", "\u00a0", "e.g.",
             "Ann Lee", "“Go.”", "-", "--", "co-op", "It's", ",", "and", "Kyiv."]
    return " ".join(rnd.choice(parts) for _ in range(400))


def test_the_frame_masks_exactly_the_quotation_spans() -> None:
    from app.quotations import _MASK, _find_quotes, _frame

    text = _frame_text()
    quotes = _find_quotes(text, paragraph_spans(text))
    chars = list(text)
    for q in quotes:
        for s, e in q.spans:
            for i in range(s, e):
                chars[i] = _MASK
    assert quotes and _frame(text, quotes) == "".join(chars)


def test_patterns_searched_from_their_first_letters_match_as_with_a_leading_word_boundary() -> None:
    import random
    import re

    from app import attribution as A
    from app.facts import people as P
    from app.quotations import _WORD

    plain = {  # the patterns as first written, with \b (or a look-behind) before the first letter
        A._VERB_ONLY: rf"\b(?:{A._VERBS})\b",
        A._DESCRIBED: rf"(?:\b(?:the|a|an|its|their|his|her)\s+[^,“”\"]{{2,60}}),\s+(?P<s>{A._NAME}),?\s+"
                      rf"(?P<v>{A._VERBS})\b",
        A._ACCORDING: rf"\baccording to\s+(?P<subj>{A._NAME}|{A._BODY})",
        P._DESCRIPTIVE: P._DESCRIPTIVE.pattern.replace("[Tt](?<!\\w\\w)he", "\\b[Tt]he", 1),
        _WORD: r"[A-Za-z\u00c0-\u024f0-9][\w’'\-\.]*|[,;:—–―]|(?<!\w)-(?!\w)",
    }
    words = ("the The a an An its their his her THE xthe the_ 3the -the the- according According to said says "
             "told Mr. Ann Lee Smith, aged director , ; 41 38-year-old club's - -- — ― x-y ’s accused accusedx "
             "saidd re-said the union’s director, Ann Lee, said").split()
    rnd = random.Random(4)
    for _ in range(3000):
        text = rnd.choice(["", " ", "x", "-", "é"]).join(rnd.choice(words) for _ in range(rnd.randrange(1, 25)))
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        for fast, pattern in plain.items():
            slow = re.compile(pattern)
            assert fast.pattern != pattern
            for pos, end in ((0, len(text)), (a, b)):
                got = [(m.span(), m.groups()) for m in fast.finditer(text, pos, end)]
                assert got == [(m.span(), m.groups()) for m in slow.finditer(text, pos, end)], (pattern, text)


def test_the_word_runs_answer_as_the_word_boundary_search_they_replace() -> None:
    # `_unknown_subject` asks whether the text prints a capitalised word in lower case anywhere; one set of the
    # text's word runs answers for every word what `\bword\b` over the text answered
    import re

    text = ("Carson defied them. carson's aide, the carson-led team and écarson, carson2, _carson, carsons; "
            "Mills voted. mills_ and Lee-Mills; ‘reed’ 'Dunn' dunn")
    model = QuoteModel(text, paragraph_spans(text), people(text))
    for word in ("carson", "mills", "reed", "dunn", "lee", "voted", "defied", "carsons", "team", "them", "x"):
        assert (word in model._runs()) == (re.search(rf"\b{word}\b", text) is not None), word
    assert {"carson", "reed", "dunn", "carsons"} <= model._runs() and "mills" not in model._runs()
