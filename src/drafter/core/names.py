"""A source's author: a person (family and given names) or an organisation (one literal name).

The two are told apart by the user (the facts editor), by the document (an
importer that reads ``"@type": "Organization"``), or — for names stored before
Drafter knew the difference — by the rule in ``from_legacy_text``, which is the
one the citations applied to those names all along. Nothing here guesses from
the words of a name: "Home Office" typed as a person is a person until someone
says otherwise.

Stored and exchanged as CSL-JSON name objects, the form every CSL processor and
Zotero read: ``{"family": "Foot", "given": "Tom"}`` or ``{"literal": "Home Office"}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PERSON, ORGANISATION = "person", "organisation"


@dataclass(frozen=True)
class Person:
    """A person: ``family`` is the surname as cited ("Foot", "von der Leyen"); ``given`` may be unknown."""

    family: str
    given: str | None = None
    suffix: str | None = None

    kind = PERSON

    @property
    def display(self) -> str:
        """The name as it is read out: 'Tom Foot'."""
        return " ".join(part for part in (self.given, self.family, self.suffix) if part)


@dataclass(frozen=True)
class Organisation:
    """A body named as author ("Home Office", "Liberty"): never split, never shortened to initials."""

    name: str

    kind = ORGANISATION

    @property
    def display(self) -> str:
        return self.name


Name = Person | Organisation


def person(family: str, given: str | None = None) -> Person:
    return Person(family, given)


def clean_name(name: Name) -> Name | None:
    """The name with blanks collapsed; None when nothing is left of it."""

    def squash(value: str | None) -> str | None:
        return " ".join(value.split()) or None if value else None

    if isinstance(name, Organisation):
        text = squash(name.name)
        return Organisation(text) if text else None
    family, given, suffix = squash(name.family), squash(name.given), squash(name.suffix)
    if family is None:
        # A person known only by a given name is cited by it, as CSL does with a lone family name.
        return Person(given, None, suffix) if given else None
    return Person(family, given, suffix)


def to_csl(name: Name) -> dict[str, str]:
    """The CSL-JSON name object: ``family``/``given`` for a person, ``literal`` for an organisation."""
    if isinstance(name, Organisation):
        return {"literal": name.name}
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def from_csl(value: object) -> Name:
    """A CSL-JSON name object as a Name; raises ValueError for anything else.

    A string (a name stored or exported before names had kinds) is read by
    ``from_legacy_text``.
    """
    if isinstance(value, str):
        return from_legacy_text(value)
    if not isinstance(value, Mapping):
        raise ValueError("a name is neither text nor a CSL name object")
    literal = value.get("literal")
    if isinstance(literal, str) and literal.strip():
        return Organisation(" ".join(literal.split()))
    family, given = value.get("family"), value.get("given")
    # Zotero writes particles separately; Drafter keeps them in the family name, where
    # every style it ships prints them ("von der Leyen").
    particle = value.get("non-dropping-particle")
    if isinstance(particle, str) and isinstance(family, str) and particle.strip():
        family = f"{particle.strip()} {family}"
    suffix = value.get("suffix")
    found = clean_name(
        Person(
            family if isinstance(family, str) else "",
            given if isinstance(given, str) else None,
            suffix if isinstance(suffix, str) else None,
        )
    )
    if found is None:
        raise ValueError("a name object has no family name, given name or literal name")
    return found


def to_json(names: Iterable[Name] | None) -> list[dict[str, str]] | None:
    """Names for storing (None stays None: unknown; an empty list: known to have none)."""
    return None if names is None else [to_csl(name) for name in names]


def from_json(value: object) -> tuple[Name, ...] | None:
    """Stored names back as Names; None for unknown. Unreadable items are skipped, never guessed."""
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out: list[Name] = []
    for item in items:
        try:
            out.append(from_csl(item))
        except ValueError:
            continue
    return tuple(out)


# Lower-case words that begin a surname ("Ursula von der Leyen").
_PARTICLES = frozenset(
    "van von der den de del della di da das dos du la le ter ten bin ibn al el st".split()  # noqa: SIM905
)
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def from_legacy_text(text: str) -> Name:
    """A name written as one string, read the way Drafter's citations read such names before 0008.

    - in braces, '{Home Office}': an organisation (the only way to say so then);
    - one word, 'Liberty': an organisation (it was cited whole, as a literal name);
    - 'Family, Given': a person, split at the comma;
    - otherwise a person whose family name is the last word, or starts at a
      particle ('Ursula von der Leyen'); 'Jr', 'II' … are a suffix.

    These are the splits the citations already printed, so reading old names
    this way changes no citation; whoever typed 'Home Office' without braces
    saw 'Office H' and still has to say it is an organisation.
    """
    words_text = " ".join(text.split())
    if words_text.startswith("{") and words_text.endswith("}"):
        return Organisation(words_text[1:-1].strip())
    if "," in words_text:
        family, _, given = words_text.partition(",")
        if family.strip() and given.strip():
            return Person(family.strip(), given.strip())
        words_text = (family or given).strip()
    words = words_text.split(" ")
    suffix = None
    if len(words) > 2 and words[-1] in _SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return Organisation(words[0]) if suffix is None else Person(words[0], None, suffix)
    start = next((i for i in range(1, len(words) - 1) if words[i] in _PARTICLES), len(words) - 1)
    return Person(" ".join(words[start:]), " ".join(words[:start]), suffix)


#: Words that, as a word of a name, say it names a body rather than a person. Used only
#: for guesses that are shown as guesses (importers, the 0008 upgrade), never silently.
ORGANISATION_WORDS = frozenset(
    """academy agency alliance association authority bank bbc board bureau campaign centre center
    charity college commission commissioner's committee company corporation council court department
    directorate executive federation forum foundation government group inc institute institution
    league limited llp ltd ministry network news nhs office organisation organization parliament
    partnership party plc police press programme project service services society staff team
    tribunal trust union unit university""".split()  # noqa: SIM905 - a list to read
)
_CONNECTORS = frozenset({"of", "for", "on", "and", "the", "&", "in"})


def guess_name(text: str) -> tuple[Name, str]:
    """An importer's reading of a name written as one string, with why it was read so.

    An organisation when the text says so by its shape: braces, one word, a word
    such as 'Office', 'Council' or 'Police', a connecting word ('Committee on
    Biometrics', 'Friends of the Earth'); otherwise a person
    whose family name is the last word. Always shown to the user as a guess.
    """
    legacy = from_legacy_text(text)
    if isinstance(legacy, Organisation):
        return legacy, "an organisation: one word, or written in braces"
    words = " ".join(text.split()).strip("{}").split(" ")
    if "," not in text:
        for word in words:
            bare = word.strip(".,()'’").casefold()
            if bare in ORGANISATION_WORDS:
                return Organisation(" ".join(words)), f"an organisation: the word '{word}'"
            if (bare in _CONNECTORS and word.islower()) or word == "&":
                return Organisation(" ".join(words)), f"an organisation: the word '{word}'"
    return legacy, "a person: the family name is taken to be the last word"


def display_names(names: Iterable[Name]) -> str:
    """'Tom Foot, Home Office' — for lists and the reader."""
    return ", ".join(name.display for name in names)


def described(name: Name) -> str:
    """'Tom Foot (person)', 'Home Office (organisation)' — for the command line and the check."""
    return f"{name.display} ({name.kind})"
