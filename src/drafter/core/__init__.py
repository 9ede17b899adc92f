"""Drafter's core: storage, import, snippets, responses, citations, export, checks.

Nothing under this package may import Qt; ``tests/test_architecture.py`` and the
import-linter contract in ``pyproject.toml`` enforce it, so the core can be used
from the command line and tested without a display.
"""
