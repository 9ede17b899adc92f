"""``drafter sources facts`` and ``sources add --csl-json``: a source's facts as a reference manager's item."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from drafter.cli import build_parser, run
from drafter.core.library import get_source

pytestmark = pytest.mark.usefixtures("library_engine")  # every test on SQLite and on a server library

ITEM = {
    "id": "ITEM-1", "type": "article-journal", "title": "Faces in the crowd",
    "author": [{"family": "Lee", "given": "Ann"}, {"literal": "Law Commission"}],
    "container-title": "Modern Law Review", "volume": "84", "issue": "3", "page": "12–19",
    "DOI": "10.1111/1468-2230.12345", "issued": {"date-parts": [[2021, 5]]}, "abstract": "Not used.",
}


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _file(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_add_takes_the_facts_from_one_csl_json_item(data_dir: Path, tmp_path: Path) -> None:
    text = _file(tmp_path, "article.txt", "What the article says about cameras.")
    code, out, err = drafter("sources", "add", text, "--csl-json", _file(tmp_path, "item.json", [ITEM]))
    assert code == 0 and "Faces in the crowd" in out
    assert "left out 'abstract'" in err  # named, not silently dropped
    code, out, _ = drafter("sources", "list", "--json")
    added = next(s for s in json.loads(out) if s["title"] == "Faces in the crowd")
    assert (added["type"], added["publisher"], added["date"]) == ("article-journal", "Modern Law Review", "2021-05")
    assert added["variables"] == {"volume": "84", "issue": "3", "page": "12–19", "DOI": "10.1111/1468-2230.12345"}
    code, out, _ = drafter("sources", "show", str(added["id"]), "--json")
    assert json.loads(out)["fact_basis"] == {"all": "taken from the reference in item.json, which you gave"}
    code, out, _ = drafter("sources", "facts", str(added["id"]), "--json")
    assert json.loads(out) == {k: v for k, v in ITEM.items() if k != "abstract"} | {"id": f"s{added['id']}"}


def test_facts_shows_every_field_of_the_type_with_unknowns_said(data_dir: Path, tmp_path: Path) -> None:
    code, out, err = drafter("sources", "facts", "4")  # a stored article: a news article
    assert (code, err) == (0, "")
    lines = [line.split(":", 1)[0] for line in out.splitlines()]
    assert lines == ["Type", "Title", "Newspaper or news site", "Authors", "Page (print edition)", "Date",
                     "Web address", "Accessed"]
    assert "Page (print edition):   (unknown)" in out and "West End Extra" in out
    # The LBC piece has no title: it may be described instead (APA 7 §9.22), in the user's words.
    code, out, err = drafter("sources", "facts", "5")
    assert (code, err) == (0, "") and "Description of an untitled work: (unknown)" in out


def test_facts_replaces_them_and_says_where_they_came_from(data_dir: Path, tmp_path: Path, open_library) -> None:  # type: ignore[no-untyped-def]
    item = {"type": "report", "title": "Legal framework for biometrics", "author": [{"literal": "Home Office"}],
            "publisher": "Home Office", "genre": "Consultation paper", "issued": "2025-12-04"}
    code, out, err = drafter("sources", "facts", "4", "--csl-json", _file(tmp_path, "r.json", item))
    assert (code, err) == (0, "")
    assert "Kind of document:       Consultation paper" in out
    record = get_source(open_library(), 4)
    assert (record.type, record.publisher, record.variables) == (
        "report", "Home Office", {"genre": "Consultation paper"})
    assert record.standfirst is not None  # what CSL-JSON has no place for is kept
    # (replace_source_facts, the operation it runs, is undone exactly: tests/core/test_operations.py)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": ', "is not CSL-JSON: the JSON is broken"),
        ({"type": "newspaper", "title": "X"}, "The item has 'newspaper', which is not a source type Drafter knows"),
        ({"type": "webpage", "issued": "last week"}, "The item's date is not a date Drafter can read"),
        ([ITEM, ITEM], "holds 2 references"),
    ],
)
def test_a_bad_item_is_refused_and_nothing_changes(
        data_dir: Path, tmp_path: Path, content: object, message: str) -> None:
    _, before, _ = drafter("sources", "list", "--json")
    bad = _file(tmp_path, "bad.json", content)
    code, out, err = drafter("sources", "facts", "4", "--csl-json", bad)
    assert code == 1 and message in err and out == ""
    text = _file(tmp_path, "a.txt", "Some words.")
    code, _, err = drafter("sources", "add", text, "--csl-json", bad)
    assert code == 1 and message in err
    assert drafter("sources", "list", "--json")[1] == before


def test_facts_of_a_missing_source_or_file_say_so(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = drafter("sources", "facts", "999")
    assert code == 1 and "There is no source with id 999" in err
    code, _, err = drafter("sources", "facts", "4", "--csl-json", str(tmp_path / "nowhere.json"))
    assert code == 1 and "“nowhere.json” could not be read" in err
    a, b = _file(tmp_path, "a.txt", "One."), _file(tmp_path, "b.txt", "Two.")
    code, _, err = drafter("sources", "add", a, b, "--csl-json", _file(tmp_path, "i.json", ITEM))
    assert code == 1 and "name one file with it" in err
