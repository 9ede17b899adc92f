"""Make rev0001.sqlite: a data folder's database as Drafter 0.1.0 (revision 0001) left it.

Run once, with the release that wrote revision 0001, and commit the result; later
releases must keep opening it. Never regenerate it with a newer release.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from drafter.core.models import Source
from drafter.core.paths import database_path
from drafter.core.seed import content_hash
from drafter.core.store import Store


def main() -> None:
    target = Path(__file__).with_name("rev0001.sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        body = "Exact text, kept character for character: ‘£260m’."
        with store.transaction() as session:
            session.add(
                Source(title="A source written at revision 0001", publisher="Test Gazette",
                       authors=["Ann Example"], date="2025-08", content_hash=content_hash(body), text=body)
            )
        store.close()
        shutil.copy(database_path(Path(tmp)), target)
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
