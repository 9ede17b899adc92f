"""drafter export and drafter check: warnings to stderr, blockers exit 1."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from drafter.cli import run
from drafter.cli.export import FORMAT_NAMES, add_export_commands
from drafter.core.export import FORMATS
from drafter.core.models import Source

from .conftest import build_response
from .docx_reading import reference_ids


def drafter(*argv: str) -> tuple[int, str, str]:
    """The export commands under a parser like the real one (global --data-dir, then a command)."""
    parser = argparse.ArgumentParser(prog="drafter")
    parser.add_argument("--data-dir")
    add_export_commands(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    code = run(parser.parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_format_choices_are_the_registrys() -> None:
    assert sorted(FORMAT_NAMES) == sorted(FORMATS)


def test_export_prints_warnings_and_writes_the_file(store, tmp_path: Path) -> None:
    built = build_response(store)
    target = tmp_path / "response.docx"
    code, out, err = drafter("export", str(built.response_id), "-o", str(target), "--numbered")
    assert code == 0
    assert out == f"Exported to {target}\n"
    assert "warning: “Rights fears as Met ramps up tech use” is cited without the date you checked the page" in err
    assert len(reference_ids(target)) == 7


def test_export_format_follows_the_file_name(store, tmp_path: Path) -> None:
    built = build_response(store)
    code, _, _ = drafter("export", str(built.response_id), "-o", str(tmp_path / "r.md"))
    assert code == 0 and (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    code, _, _ = drafter("export", str(built.response_id), "-o", str(tmp_path / "r.out"), "--format", "txt",
                         "--style", "apa")
    assert code == 0 and "References" in (tmp_path / "r.out").read_text(encoding="utf-8")


def test_export_into_a_folder_takes_the_proposed_name(store, tmp_path: Path) -> None:
    from datetime import date

    built = build_response(store)
    code, out, _ = drafter("export", str(built.response_id), "-o", str(tmp_path), "--format", "txt")
    name = ("Rights Watch – Response to Legal framework for using facial recognition in law enforcement – "
            f"{date.today().isoformat()}.txt")
    assert code == 0 and out == f"Exported to {tmp_path / name}\n"
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("Legal framework")


def test_a_blocker_exits_1_and_lists_it(store, tmp_path: Path) -> None:
    built = build_response(store)
    with store.transaction() as session:
        source = session.get(Source, 3)
        source.text = source.text.replace("48 to 63", "48 to 64")
        session.add(source)
    target = tmp_path / "r.docx"
    code, out, err = drafter("export", str(built.response_id), "-o", str(target))
    assert code == 1 and out == ""
    assert "can't be exported until this is fixed" in err and "no longer matches" in err
    assert not target.exists()
    code, out, _ = drafter("check", str(built.response_id))
    assert code == 1
    assert "BLOCKS   In question 2, the quotation “The squad will go from 48 to 63 …” no longer matches" in out
    summary, backup = out.rstrip().splitlines()[-2:]
    assert summary == "1 to fix before exporting, 5 warnings."
    assert backup.startswith("The last backup copy of the database was made on ")


def test_check_json(store) -> None:
    built = build_response(store)
    code, out, err = drafter("check", str(built.response_id), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["blocking"] is False
    assert {item["kind"] for item in data["items"]} == {"source_facts"}
    assert {item["source_id"] for item in data["items"]} == {1, 2, 3, 4, 5}


def test_unknown_response_is_a_plain_error(store) -> None:
    code, _, err = drafter("check", "99")
    assert code == 1 and err == "drafter: There is no response with id 99.\n"


def test_check_and_export_judge_the_style_named_not_the_saved_one(store, tmp_path: Path) -> None:
    built = build_response(store)  # saved as OSCOLA, which asks for accessed dates
    code, out, _ = drafter("check", str(built.response_id), "--style", "apa", "--json")
    assert code == 0
    assert not any("accessed" in item["facts"] for item in json.loads(out)["items"])
    code, _, err = drafter("export", str(built.response_id), "-o", str(tmp_path / "r.txt"), "--style", "apa")
    assert code == 0 and "date you checked the page" not in err
    code, _, err = drafter("export", str(built.response_id), "-o", str(tmp_path / "r.txt"))
    assert "date you checked the page, which OSCOLA" in err


def test_confirming_accessed_dates_from_the_check_completes_the_oscola_citations(store, tmp_path: Path) -> None:
    built = build_response(store)
    code, out, _ = drafter("check", str(built.response_id))
    # Before: each online source is named as missing one (Computer Weekly, Hits Radio, West End Extra, LBC).
    assert sum("the date you checked the page" in line for line in out.splitlines()) == 4
    code, out, _ = drafter("check", str(built.response_id), "--confirm-accessed", "--on", "2026-02-03")
    assert code == 0
    assert "Confirmed: you checked 4 sources on 2026-02-03." in out
    assert "the date you checked the page" not in out
    target = tmp_path / "r.txt"
    drafter("export", str(built.response_id), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert ("Tom Foot, ‘Rights Fears as Met Ramps Up Tech Use’ West End Extra (1 August 2025) "
            "<https://www.westendextra.co.uk/article/rights-fears-as-met-ramps-up-tech-use> accessed 3 February 2026."
            ) in text
    assert text.count("accessed 3 February 2026") == 4  # every online source's first citation


def test_check_on_needs_confirm_accessed(store) -> None:
    built = build_response(store)
    code, _, err = drafter("check", str(built.response_id), "--on", "2026-02-03")
    assert code == 2 and "--on goes with --confirm-accessed" in err


def test_export_locale_chooses_the_citations_language(store, tmp_path: Path) -> None:
    built = build_response(store)
    target = tmp_path / "r.txt"
    code, _, _ = drafter("export", str(built.response_id), "-o", str(target), "--style", "apa")
    # APA 7 §8.28: a direct quotation from an unpaged web page gives its paragraph, counted in the source.
    assert code == 0 and "(“Met Police to Double Facial Recognition Use Amid Budget Cuts,” 2025, para. 2)" in \
        target.read_text()
    code, _, _ = drafter("export", str(built.response_id), "-o", str(target), "--style", "apa", "--locale", "en-GB")
    assert code == 0 and "(‘Met Police to Double Facial Recognition Use Amid Budget Cuts’, 2025, para. 2)" in \
        target.read_text()
