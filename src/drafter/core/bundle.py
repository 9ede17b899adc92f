"""Portable response files: one ``.drafter`` file a colleague can import and carry on with.

The file is a zip holding one ``bundle.json``: the response, its questions and
blocks, and every snippet and source they quote (``docs/bundle-format.md``).
The work is split by step so each part reads top to bottom:

- ``bundle_schema``  the document's shape, version and size limits;
- ``bundle_checks``  references, offsets, and quotations matching their sources;
- ``bundle_read``    opening a file safely and checking it (nothing is changed);
- ``bundle_export``  writing a file atomically;
- ``bundle_import``  the backup copy, then one all-or-nothing transaction.
"""

from __future__ import annotations

from drafter.core.bundle_export import BundleSummary, bundle_target, export_bundle
from drafter.core.bundle_import import BundleImportResult, import_bundle
from drafter.core.bundle_read import BundleError, read_bundle
from drafter.core.bundle_schema import (
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
