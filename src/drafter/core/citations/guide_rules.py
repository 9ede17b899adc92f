"""Rules of the printed guides that a CSL style file cannot express, applied to the items.

CSL can test whether a variable is present, never what it holds or whether two
variables agree, so a few rules of the guides are applied here, to a copy of each
CSL-JSON item, just before the render. Each rule names the guide's section; the
published style files (or Drafter's patched copies, ``resources/styles``) do the rest.
"""

from __future__ import annotations

from typing import Any

from drafter.core.citations.model import StyleInfo


def adapt_item(item: dict[str, Any], style: StyleInfo) -> dict[str, Any]:
    """``item`` as the style's guide would have it cited (a new dict; ``item`` is not changed)."""
    rules = style.parent or style.id
    adapted = dict(item)
    if rules == "apa":
        # APA 7 §9.24: when the author and the publisher are the same, the publisher is omitted.
        if _same_as_an_author(adapted.get("publisher"), adapted.get("author")):
            del adapted["publisher"]
    return adapted


#: Set by ``adapt_items`` on an item whose authors also wrote another cited item; Drafter's
#: OSCOLA style then adds the short title to its short form (OSCOLA 4th ed §1.2.1). CSL's own
#: test, ``disambiguate="true"``, never fires here: the note numbers already tell the two
#: short forms apart ("Home Office (n 1)", "Home Office (n 2)"), though a reader cannot tell
#: which work each is without going back.
SHARED_AUTHOR = "drafter-shared-author"


def adapt_items(items: list[dict[str, Any]], style: StyleInfo) -> list[dict[str, Any]]:
    """Every item adapted (``adapt_item``), and the rules that depend on the other items."""
    adapted = [adapt_item(item, style) for item in items]
    if (style.parent or style.id) == "oscola":
        keys = [_author_key(item) for item in adapted]
        for item, key in zip(adapted, keys, strict=True):
            if key and keys.count(key) > 1:
                item[SHARED_AUTHOR] = "true"
    return adapted


def _author_key(item: dict[str, Any]) -> tuple[str, ...]:
    """The names a short form prints: family names, or organisations' whole names."""
    names = item.get("author")
    if not isinstance(names, list):
        return ()
    return tuple(
        " ".join(str(n.get("family") or n.get("literal") or "").split()).casefold()
        for n in names if isinstance(n, dict)
    )


def _same_as_an_author(publisher: Any, authors: Any) -> bool:
    if not isinstance(publisher, str) or not isinstance(authors, list):
        return False
    wanted = " ".join(publisher.split()).casefold()
    return any(
        isinstance(name, dict) and " ".join(str(name.get("literal", "")).split()).casefold() == wanted
        for name in authors
    )
