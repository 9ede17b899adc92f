"""Names: each author a person (family, given) or an organisation (a literal name).

Before this, ``source.authors`` held each name as one string, and the citations
split every string as if it named a person, so "Home Office" was printed
"Office H". Each string becomes a CSL-JSON name object:

- '{Home Office}' (braces, the only way to mark an organisation before): an organisation;
- a one-word name ('Liberty'): an organisation — the citations already printed it whole;
- a stored article's author: a person (each is the journalist of a byline, checked
  against the publisher's page: resources/articles/sources.json);
- any other name is read as the importers now read one (``names.guess_name``): an
  organisation when a word says so ('Office', 'Council', 'Police', 'of' …), else a
  person split as the citations split it before ('Tom Foot' → Foot, Tom).

The last reading is Drafter's, not the user's: it is recorded in the source's fact
basis under ``authors`` (shown beside the names in the facts editor as a guess),
so the user can see which names to check. The search index of sources is rebuilt
so names are found as they read ('Home Office', 'Tom Foot').

Downgrade writes each name back as one string: a person as 'Given Family', an
organisation in braces, which the old code reads as the same name.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import json

from alembic import op
from sqlalchemy import text

from drafter.core.names import Organisation, from_json, from_legacy_text, guess_name, to_csl
from drafter.core.store import fts

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UPGRADE_BASIS = "each name was read as a person or an organisation by Drafter's upgrade (0008), not by you"


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(text("SELECT id, authors, fact_basis, stored_article FROM source WHERE authors IS NOT NULL"))
    for source_id, raw, raw_basis, stored_article in rows.all():
        try:
            names = json.loads(raw) if isinstance(raw, str) else raw  # a server's driver reads JSON itself
        except ValueError:
            names = [raw]  # not JSON: one name, written as it is
        if names is None:
            continue  # JSON null: unknown, and stays so
        if not isinstance(names, list):
            names = [names]
        read, guessed = [], []
        for name in names:
            if isinstance(name, dict):
                read.append(name)  # already a name object
                continue
            if not isinstance(name, str):
                continue  # not a name at all: nothing to cite
            if not name.strip():
                continue
            legacy = from_legacy_text(name)
            if stored_article is not None or isinstance(legacy, Organisation):
                read.append(to_csl(legacy))
                continue
            guess, why = guess_name(name)
            read.append(to_csl(guess))
            guessed.append(f"{guess.display}: read as {why}")
        basis = _basis(raw_basis)
        if guessed:
            basis["authors"] = f"{UPGRADE_BASIS}; " + "; ".join(guessed)
        bind.execute(
            text("UPDATE source SET authors = :a, fact_basis = :b WHERE id = :i"),
            {"a": json.dumps(read, ensure_ascii=False), "b": json.dumps(basis, ensure_ascii=False), "i": source_id},
        )
    if bind.dialect.name == "sqlite":
        fts.recreate_source_triggers(bind)


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(text("SELECT id, authors FROM source WHERE authors IS NOT NULL"))
    for source_id, raw in rows.all():
        loaded = json.loads(raw) if isinstance(raw, str) else raw
        if loaded is None:
            continue
        names = from_json(loaded) or ()
        old = [f"{{{n.name}}}" if isinstance(n, Organisation) else n.display for n in names]
        bind.execute(
            text("UPDATE source SET authors = :a WHERE id = :i"),
            {"a": json.dumps(old, ensure_ascii=False), "i": source_id},
        )


def _basis(raw: object) -> dict[str, str]:
    if isinstance(raw, dict):  # a server's driver reads JSON itself
        return dict(raw)
    if not isinstance(raw, str):
        return {}
    try:
        basis = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return basis if isinstance(basis, dict) else {}
