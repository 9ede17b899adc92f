"""Two stored articles are a radio station's web pages, not newspaper articles.

The Hits Radio and LBC articles among the stored ones (resources/articles) were typed
``article-newspaper``, so OSCOLA and Cite Them Right italicised the station's name as a
newspaper's. A news page on a broadcaster's website is a web page: APA 7 §10.16 (news
websites such as BBC News are cited as webpages, newspapers under §10.1), OSCOLA 4th ed
§3.4 (websites: the site's name in roman), Cite Them Right (web pages). The bundled facts
now say ``webpage``; this upgrade brings a library seeded before to the same type.

Only a stored article still of the old type is changed, and only if it holds no
variable a web page cannot hold (a page number the user added): a type the user chose,
or facts they added, are theirs. Both types keep the station's name in the same column
(CSL's ``container-title``), so no other fact moves. The fact basis says the type is
Drafter's correction. Downgrade puts back the old type where this upgrade changed it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import json

from alembic import op
from sqlalchemy import text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: The stored articles (``source.stored_article``) published on a radio station's website.
RADIO_WEBSITES = ("002_8b559e0b24f3fe4a.txt", "004_1c2985f54badc2ec.txt")
NOTE = ("a page of a radio station's website: a web page, not a newspaper article (APA 7 §10.16, "
        "OSCOLA §3.4), corrected by Drafter's upgrade (0012)")


def upgrade() -> None:
    bind = op.get_bind()
    for key in RADIO_WEBSITES:
        row = bind.execute(
            text("SELECT id, fact_basis, variables FROM source"
                 " WHERE stored_article = :k AND type = 'article-newspaper'"),
            {"k": key},
        ).first()
        if row is None or _json(row[2]):
            continue
        basis = _json(row[1])
        basis["source_type"] = NOTE
        bind.execute(
            text("UPDATE source SET type = 'webpage', fact_basis = :b WHERE id = :i"),
            {"b": json.dumps(basis, ensure_ascii=False), "i": row[0]},
        )


def downgrade() -> None:
    bind = op.get_bind()
    for key in RADIO_WEBSITES:
        row = bind.execute(
            text("SELECT id, fact_basis FROM source WHERE stored_article = :k AND type = 'webpage'"), {"k": key}
        ).first()
        if row is None:
            continue
        basis = _json(row[1])
        if basis.get("source_type") != NOTE:
            continue
        del basis["source_type"]
        bind.execute(
            text("UPDATE source SET type = 'article-newspaper', fact_basis = :b WHERE id = :i"),
            {"b": json.dumps(basis, ensure_ascii=False), "i": row[0]},
        )


def _json(raw: object) -> dict[str, str]:
    if isinstance(raw, dict):  # a PostgreSQL server's driver reads JSON itself
        return dict(raw)
    if not isinstance(raw, str):
        return {}
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
