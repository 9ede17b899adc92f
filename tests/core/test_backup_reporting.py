"""A backup that fails is always said, and the readiness check says when the last good one was made."""

from __future__ import annotations

import io
import json
from pathlib import Path

from drafter.cli import build_parser, run
from drafter.core.checks import check_response
from drafter.core.responses import ResponseDetails, add_question, create_response
from drafter.core.store import Store
from drafter.core.store.backups import KIND_DAILY, describe_time, list_backups, make_backup


def drafter(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def a_response(data_dir: Path) -> int:
    store = Store.open(data_dir)
    try:
        response = create_response(store, ResponseDetails(consultation_title="FRT"))
        add_question(store, response.id, label="1", text="Do you agree?")
        return response.id
    finally:
        store.close()


def test_backups_replaced_by_a_file_is_said_on_the_command_line(data_dir: Path) -> None:
    response_id = a_response(data_dir)  # the first start makes no copy: the next one does
    (data_dir / "backups").write_text("not a folder")
    code, out, err = drafter("check", str(response_id))
    assert code == 0
    assert "drafter: Drafter could not make today's backup copy of its database" in err
    assert "a file called “backups”" in err and "Move or rename that file" in err
    assert "warning  Drafter could not make today's backup copy" in out  # and in the check itself
    assert (data_dir / "backups").read_text() == "not a folder"  # the file is left as it was


def test_a_failed_backup_reaches_the_window_s_status_through_the_store(data_dir: Path) -> None:
    a_response(data_dir)
    (data_dir / "backups").write_text("not a folder")
    store = Store.open(data_dir, later=True)
    try:
        assert store.backup_problem is None
        store.run_later_checks()  # the window runs these in a thread, then shows backup_problem
        assert store.backup_problem is not None and "a file called “backups”" in store.backup_problem
    finally:
        store.close()


def test_the_check_says_when_the_last_backup_was_made(store: Store) -> None:
    response = create_response(store, ResponseDetails(consultation_title="FRT"))
    before = check_response(store, response.id)
    assert before.backup.startswith("No backup copy of the database has been made yet")
    assert not [i for i in before.items if i.kind == "backup"]  # none yet is normal on the first day
    made = make_backup(store.data_dir, KIND_DAILY)
    after = check_response(store, response.id)
    assert after.backup == f"The last backup copy of the database was made on {describe_time(made.created)}."


def test_the_command_line_check_prints_the_last_backup(data_dir: Path) -> None:
    response_id = a_response(data_dir)
    code, out, err = drafter("check", str(response_id))  # this start makes the day's copy
    assert (code, err) == (0, "")
    [made] = list_backups(data_dir, check=False)
    assert out.splitlines()[-1] == f"The last backup copy of the database was made on {describe_time(made.created)}."
    code, out, _ = drafter("check", str(response_id), "--json")
    assert json.loads(out)["backup"].startswith("The last backup copy")
