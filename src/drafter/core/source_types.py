"""The kinds of source Drafter cites, and the CSL variables each one holds: one table of truth.

Every source has a CSL item type (``article-newspaper``, ``report``, ``legal_case`` …)
and the facts a citation of that type needs, named as CSL-JSON names them, so they
go to the citation engine, to response files and to reference managers unchanged.

Six facts are columns of their own (``source.title`` and the rest), as they were
before types had fields: ``title``, ``author``, ``issued`` (the date), ``URL``,
``accessed`` and the type's *outlet* — the one variable Drafter's ``publisher``
column holds for that type: the newspaper, journal, website or law report series
a work appears in (CSL's ``container-title``), or the body that published it
(``publisher``). Everything else a type needs (``volume``, ``DOI``, ``authority``,
``editor`` …) is kept in ``source.variables`` (migration 0009), checked against
this table: a variable a type does not show is refused, never stored unseen.

The facts editor, the importers, the command line and the response file all read
this table; nothing else lists what a type holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from drafter.core.names import Organisation, Person, clean_name, from_csl, to_csl

#: The CSL variables kept in columns of their own, by column name.
COLUMN_VARIABLES = {"title": "title", "author": "authors", "issued": "date", "URL": "url", "accessed": "accessed"}
#: CSL variables that hold names (a list of CSL-JSON name objects) rather than text.
NAME_VARIABLES = frozenset({"author", "editor", "interviewer", "container-author"})
#: The user's description of a work that has no title, printed in square brackets where the
#: title would be: APA 7 §9.22 ('[Description of work]'), Cite Them Right likewise. CSL has no
#: variable for it — ``genre`` and ``medium`` say what kind of work a titled one is, printed
#: after its title ('[Press release]') — so it is Drafter's own CSL-JSON variable, carried to
#: and from CSL-JSON under this name (other programs ignore it) and read by Drafter's copies of
#: the author-date styles only when there is no title. Only the user writes it: Drafter never
#: makes one up, and the facts editor offers it only while the title is empty.
DESCRIPTION = "drafter-description"
#: Drafter's own variables among a type's fields (every other one is a CSL 1.0.2 variable).
DRAFTER_VARIABLES = frozenset({DESCRIPTION})


@dataclass(frozen=True)
class Field:
    """One CSL variable as a type shows it: its label in the facts editor, an example, and
    whether the printed guides need it for a full citation of that type."""

    variable: str  # the CSL-JSON name: "container-title", "DOI", "publisher-place"
    label: str
    required: bool = False
    example: str = ""

    @property
    def is_names(self) -> bool:
        return self.variable in NAME_VARIABLES


@dataclass(frozen=True)
class SourceType:
    """A CSL item type as Drafter offers it."""

    name: str  # the CSL type
    label: str  # what the user chooses in the facts editor
    outlet: Field | None  # the variable the ``publisher`` column holds; None: the type has none
    extra: tuple[Field, ...]  # the variables kept in ``source.variables``, in the editor's order
    title_label: str = "Title"
    required: frozenset[str] = frozenset({"title", "issued"})  # of the column variables

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every variable the type shows, in the editor's order (names and dates included)."""
        head = [Field("title", self.title_label, "title" in self.required)]
        if self.outlet is not None:
            head.append(self.outlet)
        head.append(Field("author", "Authors", "author" in self.required))
        tail = [
            Field("issued", "Date", "issued" in self.required),
            Field("URL", "Web address", "URL" in self.required),
            Field("accessed", "Accessed", "accessed" in self.required),
        ]
        return (*head, *self.extra, *tail)

    @property
    def extra_names(self) -> frozenset[str]:
        return frozenset(f.variable for f in self.extra)

    def field(self, variable: str) -> Field | None:
        return next((f for f in self.fields if f.variable == variable), None)


def _f(variable: str, label: str, example: str = "", *, required: bool = False) -> Field:
    return Field(variable, label, required, example)


_PAGE = _f("page", "Pages", "e.g. 12–19")
_VOLUME = _f("volume", "Volume", "e.g. 84")
_ISSUE = _f("issue", "Issue", "e.g. 3")
_PLACE = _f("publisher-place", "Place of publication", "e.g. London")
_EDITION = _f("edition", "Edition", "e.g. 2nd")
_EDITORS = _f("editor", "Editors")
_DESCRIPTION = _f(DESCRIPTION, "Description of an untitled work",
                  "what the work is, in your words, e.g. LBC news report on police facial recognition")

#: The types, in the order the facts editor lists them.
TYPES: tuple[SourceType, ...] = (
    SourceType("article-newspaper", "News article (newspaper or news site)",
               _f("container-title", "Newspaper or news site", "e.g. The Guardian", required=True),
               (_DESCRIPTION, _f("page", "Page (print edition)", "e.g. 4"))),
    SourceType("article-magazine", "Magazine article",
               _f("container-title", "Magazine", "e.g. The Economist", required=True),
               (_DESCRIPTION, _VOLUME, _ISSUE, _PAGE)),
    SourceType("article-journal", "Journal article",
               _f("container-title", "Journal", "e.g. Modern Law Review", required=True),
               (_DESCRIPTION, _f("volume", "Volume", "e.g. 84", required=True), _ISSUE,
                _f("page", "Pages", "e.g. 12–19 (the first page is cited)", required=True),
                _f("DOI", "DOI", "e.g. 10.1111/1468-2230.12345"))),
    SourceType("webpage", "Web page",
               _f("container-title", "Website", "e.g. GOV.UK", required=True), (_DESCRIPTION,)),
    SourceType("post-weblog", "Blog post",
               _f("container-title", "Blog", "e.g. UK Human Rights Blog", required=True), (_DESCRIPTION,)),
    SourceType("report", "Report, government paper or press release",
               _f("publisher", "Published by", "e.g. Home Office", required=True),
               (_DESCRIPTION, _f("genre", "Kind of document", "e.g. Consultation paper, Policy paper, Press release"),
                _f("number", "Number", "e.g. CP 1234, HC 567"),
                _PLACE)),
    SourceType("hearing", "Parliamentary debate or statement (Hansard)", None,
               (_f("authority", "House", "e.g. HC Deb, HL Deb", required=True),
                _f("genre", "Kind of statement or debate", "e.g. Written statement"),
                _f("number", "Number", "e.g. HCWS123"),
                _f("volume", "Volume", "e.g. 777"),
                _f("page", "Columns", "e.g. 123–125")),
               title_label="Title"),
    SourceType("legislation", "Legislation",
               _f("publisher", "Published by", "usually left empty"),
               (_f("number", "Chapter or SI number", "e.g. c 12, SI 2019/534"),
                _f("section", "Section", "e.g. s 64")),
               title_label="Short title, with its year",
               required=frozenset({"title"})),
    SourceType("legal_case", "Court case",
               _f("container-title", "Law report series", "e.g. WLR, QB"),
               # As CSL (and Zotero) split a neutral citation: '[2020] EWCA Civ 1058' is the year
               # (the date), the court as the citation names it and the case's number in that court.
               (_f("authority", "Court", "as the neutral citation names it, e.g. EWCA Civ, UKSC", required=True),
                _f("number", "Number in the neutral citation", "e.g. 1058, for [2020] EWCA Civ 1058"),
                _f("volume", "Report volume", "e.g. 1"),
                _f("page", "First page in the report", "e.g. 234")),
               title_label="Case name"),
    SourceType("book", "Book",
               _f("publisher", "Publisher", "e.g. Oxford University Press", required=True),
               (_DESCRIPTION, _EDITORS, _EDITION, _PLACE)),
    SourceType("chapter", "Chapter in an edited book",
               _f("publisher", "Publisher", "e.g. Hart", required=True),
               (_DESCRIPTION, _f("container-title", "Book title", required=True), _EDITORS, _EDITION, _PLACE,
                _PAGE)),
    SourceType("broadcast", "Radio or television broadcast",
               _f("container-title", "Programme", "e.g. Today; the station, if there is no programme",
                  required=True),
               (_DESCRIPTION, _f("publisher", "Station or network", "e.g. BBC Radio 4"),
                _f("medium", "Medium", "e.g. radio")),
               title_label="Title of the item"),
    SourceType("speech", "Speech",
               _f("publisher", "Published by", "e.g. Home Office"),
               (_DESCRIPTION, _f("event", "Event", "e.g. Police Federation conference", required=True),
                _f("event-place", "Place", "e.g. Manchester"))),
    SourceType("interview", "Interview",
               _f("container-title", "Published in", "e.g. the programme, newspaper or website"),
               (_DESCRIPTION, _f("interviewer", "Interviewers")),
               title_label="Title, if it has one"),
    SourceType("document", "Other document",
               _f("publisher", "Published by"),
               (_DESCRIPTION, _f("genre", "Kind of document", "e.g. Briefing, Letter"), _f("number", "Number"),
                _PLACE)),
)

BY_NAME: Mapping[str, SourceType] = {t.name: t for t in TYPES}
#: The CSL types Drafter offers, in the facts editor's order.
TYPE_NAMES: tuple[str, ...] = tuple(BY_NAME)
#: CSL-JSON writes the event's name ``event-title`` since CSL 1.0.2 and ``event`` before; the
#: styles Drafter ships read ``event``, so that is what is kept and either is read.
ALIASES = {"event-title": "event"}


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Court' → 'court', but 'DOI' and 'SI number' keep their capitals."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


class FieldProblem(ValueError):
    """A variable a type does not hold, or a value it can't take; the message is for the user."""


def source_type(name: str) -> SourceType:
    """The type called ``name``; FieldProblem for a type Drafter does not offer."""
    found = BY_NAME.get(name)
    if found is None:
        raise FieldProblem(
            f"'{name}' is not a source type Drafter knows. The types are: {', '.join(TYPE_NAMES)}."
        )
    return found


def outlet_variable(type_name: str) -> str | None:
    """The CSL variable the ``publisher`` column holds for this type (None: it holds none)."""
    kind = BY_NAME.get(type_name)
    if kind is None:
        # A type no longer offered cites its publisher as the publisher, as Drafter always did.
        return "publisher"
    return kind.outlet.variable if kind.outlet else None


def check_variables(type_name: str, variables: Mapping[str, object]) -> None:
    """Refuse a variable the type does not hold, with a message naming what it does hold."""
    kind = source_type(type_name)
    for name in variables:
        if name not in kind.extra_names:
            held = ", ".join(f"{lower_first(f.label)} ({f.variable})" for f in kind.extra) or (
                "nothing beyond the usual facts")
            raise FieldProblem(
                f"A source of the type '{kind.label}' has no '{name}'. Besides its title, authors, "
                f"date and web address it holds: {held}."
            )


def clean_variables(type_name: str, variables: Mapping[str, object]) -> dict[str, str | list[dict[str, str]]]:
    """The type's extra variables trimmed, blanks dropped (unknown), checked against the table.

    Text is kept as text (a volume '84' stays '84', as CSL-JSON may also write 84); names
    are CSL-JSON name objects. Raises FieldProblem for a variable the type does not hold
    or a value that is neither.
    """
    variables = {ALIASES.get(k, k): v for k, v in variables.items()}
    check_variables(type_name, variables)
    kind = source_type(type_name)
    out: dict[str, str | list[dict[str, str]]] = {}
    for field in kind.extra:  # the table's order, so equal facts are stored alike
        if field.variable not in variables:
            continue
        value = variables[field.variable]
        if field.is_names:
            if not isinstance(value, (list, tuple)):
                raise FieldProblem(f"The {lower_first(field.label)} must be a list of names.")
            names = []
            for item in value:
                try:
                    name = clean_name(item if isinstance(item, (Person, Organisation)) else from_csl(item))
                except ValueError:
                    raise FieldProblem(f"One of the {lower_first(field.label)} is not a name.") from None
                if name is not None:
                    names.append(to_csl(name))
            if names:
                out[field.variable] = names
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise FieldProblem(f"The {lower_first(field.label)} ('{field.variable}') must be text.")
        text = " ".join(str(value).split())
        if text:
            out[field.variable] = text
    return out
