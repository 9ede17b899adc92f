"""Drafter: draft cited responses to public consultations, offline."""

from __future__ import annotations

#: The version, here rather than read from the installed metadata: importing
#: ``importlib.metadata`` alone cost the window a tenth of its start-up.
#: pyproject.toml reads it from here.
__version__ = "0.1.0"

APP_NAME = "Drafter"
