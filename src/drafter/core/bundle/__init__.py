"""Portable response files: one ``.drafter`` file a colleague can import and carry on with.

The file is a zip holding one ``bundle.json``: the response, its questions and
blocks, and every snippet and source they quote (``docs/bundle-format.md``).
The work is split by step so each part reads top to bottom:

- ``schema``     the document's shape, version and size limits;
- ``checks``     references, offsets, and quotations matching their sources;
- ``read``       opening a file safely and checking it (nothing is changed);
- ``export``     writing a file atomically;
- ``importing``  the backup copy, then one all-or-nothing transaction.
"""

from __future__ import annotations

from drafter.core.bundle.export import BundleSummary, bundle_target, export_bundle
from drafter.core.bundle.importing import BundleImportResult, import_bundle
from drafter.core.bundle.read import BundleError, read_bundle
from drafter.core.bundle.schema import (
    EXTENSION,
    FORMAT_NAME,
    MAX_BUNDLE_JSON_BYTES,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
)

__all__ = [
    "EXTENSION",
    "FORMAT_NAME",
    "MAX_BUNDLE_JSON_BYTES",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "BundleError",
    "BundleImportResult",
    "BundleSummary",
    "bundle_target",
    "export_bundle",
    "import_bundle",
    "read_bundle",
]
