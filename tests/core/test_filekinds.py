"""Only ordinary files are read or written: pipes, devices, sockets and folders are refused by what they are."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from drafter.core.errors import DrafterError
from drafter.core.filekinds import FileKindError, check_write_target, open_regular, special_kind

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, sockets and /dev are POSIX")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def test_an_ordinary_file_or_a_new_name_is_fine(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_text("words")
    assert special_kind(file) is None and special_kind(tmp_path / "absent") is None
    check_write_target(file)
    check_write_target(tmp_path / "new.docx")
    with open_regular(file) as handle:
        assert handle.read() == b"words"


@posix_only
def test_each_kind_is_named(tmp_path: Path, fifo: Path, unix_socket: Path) -> None:
    assert special_kind(tmp_path) == "a folder"
    assert special_kind(fifo) == "a pipe (FIFO)"
    assert special_kind(Path("/dev/null")) == "a device"
    assert special_kind(unix_socket) == "a socket"
    link = tmp_path / "link.docx"
    link.symlink_to("/dev/null")
    assert special_kind(link) == "a device"  # a link is what it points to


@posix_only
def test_reading_a_pipe_is_refused_without_waiting(fifo: Path) -> None:
    # Without the check this open would wait for ever for a writer.
    with pytest.raises(FileKindError, match="“pipe.txt” is a pipe"):
        open_regular(fifo)


@posix_only
def test_writing_over_a_device_or_pipe_is_refused(tmp_path: Path, fifo: Path) -> None:
    for target in (Path("/dev/null"), fifo, tmp_path):
        with pytest.raises(FileKindError, match="writes only to ordinary files") as caught:
            check_write_target(target)
        assert "nothing was written" in caught.value.message


@posix_only
def test_the_callers_error_class_is_used(fifo: Path) -> None:
    class Mine(DrafterError):
        pass

    with pytest.raises(Mine):
        check_write_target(fifo, Mine)


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "socket"])
def test_the_importer_refuses_what_is_not_a_file_before_opening(  # type: ignore[no-untyped-def]
    kind: str, tmp_path: Path, fifo: Path, unix_socket
) -> None:
    from drafter.core.importers import ImportRefused, import_file

    path = {"fifo": fifo, "device": Path("/dev/zero"), "folder": tmp_path, "socket": unix_socket}[kind]
    with pytest.raises(ImportRefused, match=r"^This is a .*, not a file\.$"):
        import_file(path)


@posix_only
def test_exports_refuse_a_device_as_target(store, tmp_path: Path, fifo: Path) -> None:  # type: ignore[no-untyped-def]
    """Every core writer of a user-named file: the export, the response file and the whole library."""
    from drafter.core.bundle import export_bundle
    from drafter.core.bundle.read import BundleError
    from drafter.core.export.output import ExportWriteError, write_atomically
    from drafter.core.responses import ResponseDetails, create_response
    from drafter.core.store.archive import export_archive

    response = create_response(store, ResponseDetails(consultation_title="T"))
    device = tmp_path / "device.drafter"  # a name with an extension: the response file adds none
    device.symlink_to("/dev/null")
    for target in (fifo, device):
        before = os.stat(target)
        with pytest.raises(ExportWriteError, match="writes only to ordinary files"):
            write_atomically(target, lambda out: out.write(b"doc"))
        with pytest.raises(BundleError, match="writes only to ordinary files"):
            export_bundle(store, response.id, target)
        with pytest.raises(DrafterError, match="writes only to ordinary files"):
            export_archive(store.data_dir, target)
        after = os.stat(target)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)  # still the same node


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    kept = tmp_path / "kept.drafter"
    kept.write_text("someone's file")
    kept.chmod(0o444)
    with pytest.raises(FileKindError, match="read-only, so Drafter did not replace it"):
        check_write_target(kept)
