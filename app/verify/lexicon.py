"""Word lists of the offline verifier: function words, synonyms, antonyms, negation cues.

Plain data, so that a reader can see (and extend) what the verifier knows about English.
The lists are general newsroom English, not words picked from any one article.
"""

from __future__ import annotations

# Words that carry no checkable content of their own. Quantity words ("about", "more") are
# here too: the quantity comparison reads them, the lexical overlap should not.
STOPWORDS = frozenset("""
a an the and or but nor so yet of to in on at by for from with into onto over under about as than
then that this these those there here it its it's he she they them his her hers their theirs him we
us our you your i me my is are was were be been being am has have had having do does did doing will
would shall should can could may might must also just only still even very much more most less
least such some any each every all both either neither own same other another again further once
which who whom whose what when where why how while whether if because though although until since
up down out off away back now not no never n't nearly almost roughly around approximately about
close some several many few lot lots far well per via amid among against after before during within
without between through toward towards upon across beyond said says say told tell according
mr mrs ms dr prof sir st percent percentage cent cents point points fewer half third thirds quarter
quarters fifth fifths tenth tenths dozen
""".split())

# Words that add little to a claim ("the new runway"): they count for less in the overlap.
LIGHT_WORDS = frozenset("""new old recent latest former current other total overall main major key local
big large small little great good whole entire certain various usual typical expected
reach reached reaching total totalled totaled stand stood hit amount amounted number numbered""".split())
# (the second line: verbs that only state a figure, "reached 934,000" / "rose to 934,000")
# Adjectives that only restate a figure's unit: "2,800 meters long", "81 years old", "3 miles away".
DIMENSION_WORDS = frozenset({"long", "tall", "high", "wide", "deep", "old", "away", "apart", "thick", "ago",
                             "heavy", "late", "early", "later", "earlier"})

# Irregular forms brought to one lemma, so "held" meets "hold" and "won" meets "win".
IRREGULAR = {
    "held": "hold", "won": "win", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "told": "tell", "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "began": "begin", "begun": "begin", "left": "leave", "lost": "lose", "loss": "lose", "losses": "lose",
    "paid": "pay", "sent": "send", "spent": "spend", "built": "build", "brought": "bring",
    "bought": "buy", "caught": "catch", "found": "find", "got": "get", "kept": "keep", "led": "lead",
    "met": "meet", "ran": "run", "saw": "see", "seen": "see", "sold": "sell", "shot": "shoot",
    "stood": "stand", "struck": "strike", "thought": "think", "went": "go", "gone": "go",
    "wrote": "write", "written": "write", "writing": "write", "chose": "choose", "chosen": "choose",
    "drove": "drive", "driven": "drive", "flew": "fly", "grew": "grow", "grown": "grow", "knew": "know",
    "known": "know", "shown": "show", "broke": "break", "broken": "break", "spoke": "speak",
    "spoken": "speak", "heard": "hear", "felt": "feel", "meant": "mean", "children": "child",
    "men": "man", "women": "woman", "people": "person", "lives": "life", "died": "die", "dead": "die",
    "deaths": "die", "death": "die", "upheld": "uphold", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
}

# Number words are figures, compared by the quantity rules, not words to overlap.
STOPWORDS = STOPWORDS | frozenset("""zero one two three four five six seven eight nine ten
eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
seventy eighty ninety hundred thousand million billion trillion""".split())

# Groups of words a copy editor treats as the same claim. The first word is the canonical one.
SYNONYMS: list[tuple[str, ...]] = [
    ("rise", "raise", "increase", "gain", "climb", "jump", "grow", "growth", "surge", "soar", "higher",
     "hike", "boost"),
    ("fall", "drop", "decline", "decrease", "slip", "slide", "sink", "plunge", "tumble", "lower", "shrink",
     "reduce", "reduction", "cut"),
    ("talk", "negotiation", "negotiate", "dialogue"),
    ("several", "multiple", "various", "numerous"),
    ("propose", "proposal", "offer", "suggest", "suggestion", "call"),
    ("begin", "start", "launch"),
    ("end", "finish", "conclude", "complete"),
    ("win", "beat", "defeat", "victory", "winner"),
    ("lose", "loser"),
    ("convict", "guilty", "conviction"),
    ("acquit", "acquittal", "innocent"),
    ("approve", "approval", "pass", "adopt", "endorse"),
    ("reject", "rejection", "refuse", "refusal", "veto"),
    ("buy", "purchase", "acquire", "acquisition"),
    ("worker", "employee", "staff"),
    ("employ", "employment", "job", "hire"),
    ("company", "firm", "group"),
    ("lawmaker", "legislator", "parliament", "mp", "congress", "legislature"),
    ("help", "aid", "assist", "assistance"),
    ("die", "kill", "fatal", "fatality"),
    ("home", "house", "houses", "homes", "dwelling"),
    ("car", "vehicle"),
    ("cost", "price"),
    ("child", "kid"),
    ("study", "research", "paper"),
    ("meeting", "conference", "summit"),
    ("lawyer", "attorney"),
    ("shares", "stock"),
    ("show", "indicate", "reveal", "suggest"),
    ("plan", "intend", "aim"),
    ("strike", "walkout"),
    ("vote", "ballot"),
]

# Phrases rewritten before tokenising: multi-word verbs that mean one thing.
PHRASES: list[tuple[str, str]] = [
    (r"\bvoted? down\b", "rejected"),
    (r"\bturned down\b", "rejected"),
    (r"\bvoted? (?:in favou?r of|for)\b", "voted favour"),
    (r"\bin favou?r of\b", "favour"),
    (r"\bfound guilty\b", "convicted"),
    (r"\bguilty verdicts?\b", "convicted"),
    (r"\bnot guilty\b", "acquitted"),
    (r"\bcalled for\b", "proposed"),
    # "called off a visit" is cancelling it, not calling for it (same length)
    (r"\bcalled off\b", "cancelled "),
    (r"\bcalls off\b", "cancels  "),
    (r"\bcall off\b", "cancel  "),
    (r"\bpicked up\b", "increased"),
    (r"\bdied down\b", "dropped"),
    (r"\bevery one\b", "everyone"),
    (r"\bby a margin of\b", "by"),
    (r"\b(?:go|goes|going|gone|went) up\b", "rise"),
    (r"\b(?:go|goes|going|gone|went) down\b", "fall"),
    (r"\bup from\b", "rising from"),
    (r"\bdown from\b", "falling from"),
    (r"\bset up\b", "established"),
    (r"\blaid off\b", "cut"),
    (r"\bshut down\b", "closed"),
    # "open until eight" says when it closes (same length: offsets of the rest stay true)
    (r"\bopen until\b", "close till"),
]

# Pairs of canonical stems that cannot both describe the same event.
ANTONYMS: list[tuple[str, str]] = [
    ("rise", "fall"), ("win", "lose"), ("profit", "lose"), ("surplus", "deficit"), ("gain", "lose"),
    ("uphold", "overturn"), ("uphold", "reverse"), ("affirm", "overturn"), ("approve", "reject"),
    ("accept", "reject"), ("welcome", "reject"), ("welcome", "criticise"), ("welcome", "criticize"),
    ("welcome", "condemn"), ("support", "oppose"), ("favour", "against"), ("favor", "against"),
    ("promoted", "relegated"), ("promoted", "demoted"), ("convict", "acquit"), ("allow", "ban"),
    ("allow", "forbid"), ("permit", "ban"), ("open", "close"), ("open", "shut"), ("begin", "end"),
    ("hire", "fire"), ("expand", "cut"), ("strong", "weak"), ("strengthened", "weakened"),
    ("positive", "negative"), ("success", "failure"), ("succeed", "fail"), ("safe", "dangerous"),
    ("true", "false"), ("real", "fake"), ("alive", "die"), ("survive", "die"), ("include", "exclude"),
    ("full", "empty"), ("young", "old"), ("large", "small"), ("big", "small"), ("long", "short"),
    ("fast", "slow"), ("majority", "minority"), ("maximum", "minimum"), ("praise", "criticise"),
    ("praise", "criticize"), ("confirm", "deny"), ("arrive", "depart"), ("ahead", "behind"),
    ("above", "below"), ("before", "after"), ("early", "late"), ("wet", "dry"), ("calm", "volatile"),
    ("calm", "turbulent"), ("heavy", "light"), ("more", "less"), ("more", "fewer"),
    ("higher", "lower"), ("legal", "illegal"), ("guilty", "innocent"), ("agree", "disagree"),
    ("optimistic", "pessimistic"), ("improve", "worsen"), ("good", "bad"), ("easy", "hard"),
    ("cheap", "expensive"), ("rich", "poor"), ("north", "south"), ("east", "west"),
    ("import", "export"), ("increase", "decrease"), ("public", "private"), ("domestic", "foreign"),
    ("minimum", "maximum"), ("peaceful", "violent"), ("victory", "defeat"),
]

# Words that negate what follows them.
NEGATORS = frozenset({"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor",
                      "without", "cannot", "nowhere", "hardly", "barely"})
# Verbs that assert the opposite of their complement: "denied taking", "failed to", "preventing".
NEGATIVE_VERBS = frozenset({"deny", "fail", "prevent", "refuse", "lack", "avoid", "stop", "halt",
                            "ban", "forbid", "refrain"})
# Prefixes that turn a word into its opposite ("unconvincing", "illegal", "disagree").
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")

# Words that hedge a number: "about 30 percent", "nearly 30 percent".
APPROX_WORDS = {
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "nearly": "below", "almost": "below", "close to": "approx", "just under": "below",
    "just below": "below", "just over": "just_above", "just above": "just_above", "more than": "above",
    "above": "above", "upwards of": "above", "at least": "at_least", "at most": "at_most",
    "less than": "below_strict", "fewer than": "below_strict", "under": "below_strict",
    "below": "below_strict", "no more than": "at_most", "up to": "at_most", "some of": "approx",
    "an estimated": "approx", "estimated": "approx", "more or less": "approx",
}

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "a dozen": 12,
}
# Fractions said in words, as shares in percent.
FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
    "one-third": 100 / 3, "two thirds": 200 / 3, "two-thirds": 200 / 3, "a quarter": 25.0,
    "one quarter": 25.0, "one-quarter": 25.0, "three quarters": 75.0, "three-quarters": 75.0,
    "a fifth": 20.0, "one fifth": 20.0, "a tenth": 10.0, "one tenth": 10.0,
}
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9,
               "k": 1e3, "mn": 1e6, "b": 1e9}
# "doubled" = up 100 percent, "halved" = down 50 percent.
CHANGE_WORDS = {"doubled": 2.0, "double": 2.0, "tripled": 3.0, "triple": 3.0, "quadrupled": 4.0,
                "halved": 0.5}

# Words that make a statement all-or-nothing, in families that say the same (newsroom usage): the
# passage must hold one of the family. The first family ("paid for entirely by") is contradicted by a
# passage that gives more than one part.
QUANTIFIERS: list[frozenset[str]] = [
    frozenset({"entirely", "wholly", "solely", "exclusively", "fully", "totally", "completely"}),
    frozenset({"only", "alone", "sole", "solely", "exclusively"}),
    frozenset({"all", "every", "each", "always", "unanimously", "unanimous", "everyone", "everything"}),
    frozenset({"never"}),
    frozenset({"first", "earliest"}),
]
