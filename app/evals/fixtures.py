"""Hand-labelled fixtures (../shared/FIXTURES.md): load a folder of YAML files and validate them.

The loader is strict about what scoring depends on (an id, a text, every quote
occurring exactly once) and lenient about the rest: unknown keys such as
`edit:` and `why:` are kept in `Fixture.raw` and otherwise ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from app.errors import CopydeskError

LABELS = ("supported", "contradicted", "not_found")
# libyaml's safe loader where PyYAML was built with it (its wheels are): the same data as yaml.safe_load, ~10x
# faster (62 fixture files: 0.28 s -> 0.03 s of CPU, 2026-11-30); the pure-Python one otherwise.
_YAML_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FixtureError(CopydeskError):
    """A fixture folder that cannot be scored: each problem names its file and the bad quote."""

    status, type, title = 422, "invalid-fixture", "Invalid fixture"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid fixtures:\n  " + "\n  ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class GoldClaim:
    """A must-have claim: its verbatim quote, and who asserts it when that matters."""

    id: str
    quote: str
    speaker: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class GoldContradiction:
    """Any quote of `a` against any quote of `b` cannot both be true."""

    id: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    type: str | None = None


@dataclass(frozen=True)
class KeyPoint:
    """A gold key point: covered when every group in `must` has an alias in the summary."""

    id: str
    text: str
    must: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Statement:
    """A statement to verify against the fixture's text, with its gold label and, where the fixture gives it,
    the kind of edit that made it from the text (`edit:`: none, entity, number, ...; read by
    app/evals/verify_bench.py)."""

    text: str
    label: str
    edit: str | None = None


@dataclass
class Fixture:
    """One labelled article, as loaded from its YAML file."""

    id: str
    path: Path
    text: str
    is_html: bool
    boilerplate: list[str] = field(default_factory=list)
    leak_terms: list[str] = field(default_factory=list)
    max_words: int | None = None
    key_points: list[KeyPoint] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)
    contradictions: list[GoldContradiction] | None = None
    tolerated: list[str] = field(default_factory=list)
    knowledge_errors: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def is_clean_control(self) -> bool:
        """A fixture with an empty `contradictions` list: every flag there is a false alarm."""
        return self.contradictions is not None and not self.contradictions

    def quotes(self) -> list[tuple[str, str]]:
        """Every quote the scoring looks up, with where it comes from ('claims C3', ...)."""
        out = [(f"claims {c.id}", c.quote) for c in self.claims]
        for x in self.contradictions or []:
            out += [(f"contradictions {x.id}.a", q) for q in x.a] + [(f"contradictions {x.id}.b", q) for q in x.b]
        out += [(f"tolerated {i + 1}", q) for i, q in enumerate(self.tolerated)]
        out += [(f"knowledge_errors {i + 1}", q) for i, q in enumerate(self.knowledge_errors)]
        return out


# -- HTML: the page's visible text, only to check that quotes exist ---------------------------------

_SKIP = {"script", "style", "noscript", "template", "head"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "main", "aside", "header", "footer", "nav", "table", "tr", "td", "th", "blockquote", "figure",
          "figcaption", "title", "body", "html", "hr", "dd", "dt", "pre"}


class _VisibleText(HTMLParser):
    """Every text node outside script and style, a line break at block boundaries."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, _attrs: Any) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text with entities decoded and white space collapsed (a check, not the extractor)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return squash("".join(parser.parts))


def squash(text: str) -> str:
    """White space runs (no-break spaces included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


# -- loading ----------------------------------------------------------------------------------------

def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _quote_of(item: Any) -> str | None:
    """A quote given either as a string or as a mapping with `quote:`."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and item.get("quote") is not None:
        return str(item["quote"])
    return None


def _parse(path: Path, data: dict[str, Any], problems: list[str]) -> Fixture | None:
    name = path.name
    fid = data.get("id")
    if not fid:
        problems.append(f"{name}: no `id`")
        return None
    fid = str(fid)
    if ("text" in data) == ("text_file" in data):
        problems.append(f"{name}: give exactly one of `text` and `text_file`")
        return None
    if "text_file" in data:
        text_path = path.parent / str(data["text_file"])
        if not text_path.is_file():
            problems.append(f"{name}: text_file {data['text_file']} not found")
            return None
        # bytes decoded as UTF-8 with no newline translation: offsets index the file as on disk
        text = text_path.read_bytes().decode("utf-8")
        is_html = text_path.name.lower().endswith((".html", ".htm"))
    else:
        text, is_html = str(data["text"]), False
    summary = data.get("summary") or {}
    key_points = []
    for i, kp in enumerate(_as_list(summary.get("key_points"))):
        must = tuple(tuple(str(alias) for alias in _as_list(group)) for group in _as_list(kp.get("must")))
        if not must or any(not group for group in must):
            problems.append(f"{name}: key point {kp.get('id', i + 1)} has no `must` groups (or an empty one)")
        key_points.append(KeyPoint(str(kp.get("id", f"K{i + 1}")), str(kp.get("text", "")), must))
    claims = []
    for i, c in enumerate(_as_list(data.get("claims"))):
        quote = _quote_of(c)
        if quote is None:
            problems.append(f"{name}: claim {i + 1} has no `quote`")
            continue
        speaker = c.get("speaker") if isinstance(c, dict) else None
        claims.append(GoldClaim(str(c.get("id", f"C{i + 1}")) if isinstance(c, dict) else f"C{i + 1}", quote,
                                str(speaker) if speaker else None, c.get("type") if isinstance(c, dict) else None))
    contradictions: list[GoldContradiction] | None = None
    if "contradictions" in data:
        contradictions = []
        for i, x in enumerate(_as_list(data["contradictions"])):
            a = tuple(str(q) for q in _as_list(x.get("a")))
            b = tuple(str(q) for q in _as_list(x.get("b")))
            xid = str(x.get("id", f"X{i + 1}"))
            if not a or not b:
                problems.append(f"{name}: contradiction {xid} needs quotes on both sides `a` and `b`")
                continue
            contradictions.append(GoldContradiction(xid, a, b, x.get("type")))
    statements = []
    for i, s in enumerate(_as_list(data.get("statements"))):
        label = s.get("label") if isinstance(s, dict) else None
        if not isinstance(s, dict) or not s.get("text") or label not in LABELS:
            problems.append(f"{name}: statement {i + 1} needs `text` and a `label` in {', '.join(LABELS)}")
            continue
        statements.append(Statement(str(s["text"]), str(label), str(s["edit"]) if s.get("edit") else None))
    max_words = summary.get("max_words")
    return Fixture(
        id=fid, path=path, text=text, is_html=is_html,
        boilerplate=[str(b) for b in _as_list(data.get("boilerplate"))],
        leak_terms=[str(t) for t in _as_list(data.get("leak_terms"))],
        max_words=int(max_words) if max_words is not None else None,
        key_points=key_points, claims=claims, contradictions=contradictions,
        tolerated=[q for q in map(_quote_of, _as_list(data.get("tolerated"))) if q is not None],
        knowledge_errors=[q for q in map(_quote_of, _as_list(data.get("knowledge_errors"))) if q is not None],
        statements=statements, raw=data,
    )


def _check_quotes(fixture: Fixture, problems: list[str]) -> None:
    """Every quote must occur exactly once (in an HTML page: once in its visible text)."""
    haystack = visible_text(fixture.text) if fixture.is_html else fixture.text
    for where, quote in fixture.quotes():
        needle = squash(quote) if fixture.is_html else quote
        if not needle.strip():
            problems.append(f"{fixture.path.name}: {where}: empty quote")
            continue
        count = haystack.count(needle)
        if count == 0:
            problems.append(f"{fixture.path.name}: {where}: quote not found: {quote!r}")
        elif count > 1:
            problems.append(f"{fixture.path.name}: {where}: quote occurs {count} times: {quote!r}")


def load_fixture(path: Path) -> Fixture:
    """One fixture file, validated; FixtureError names every problem."""
    problems: list[str] = []
    fixture = _load(path, problems)
    if problems or fixture is None:
        raise FixtureError(problems)
    return fixture


def _load(path: Path, problems: list[str]) -> Fixture | None:
    try:
        data = yaml.load(path.read_bytes().decode("utf-8"), Loader=_YAML_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: not valid YAML: {str(exc).splitlines()[0]}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path.name}: not a mapping")
        return None
    try:
        fixture = _parse(path, data, problems)
    except (AttributeError, TypeError, ValueError) as exc:
        # a key of the wrong shape (a string where a list of mappings belongs): name the file, not a trace
        problems.append(f"{path.name}: malformed: {exc}")
        return None
    if fixture is not None:
        _check_quotes(fixture, problems)
    return fixture


def load_fixtures(folder: Path) -> list[Fixture]:
    """Every `*.yaml`/`*.yml` fixture of a folder, sorted by file name; FixtureError lists every problem."""
    if not folder.is_dir():
        raise FixtureError([f"{folder}: not a folder"])
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not paths:
        raise FixtureError([f"{folder}: no *.yaml fixtures"])
    problems: list[str] = []
    fixtures: list[Fixture] = []
    seen: dict[str, str] = {}
    for path in paths:
        fixture = _load(path, problems)
        if fixture is None:
            continue
        if fixture.id in seen:
            problems.append(f"{path.name}: id {fixture.id!r} already used by {seen[fixture.id]}")
        seen[fixture.id] = path.name
        fixtures.append(fixture)
    if problems:
        raise FixtureError(problems)
    return fixtures
