"""Every change to Drafter's data, as named operations: one transaction each, with what changed and its undo.

The window and the command line call these; ``drafter.core.responses``,
``drafter.core.snippets`` and ``drafter.core.sources`` hold the steps they are made of.
See ``base`` for the shape, and ``docs/architecture.md`` for where a new one goes.
"""

from __future__ import annotations

from drafter.core.operations.base import Op, OpResult, sequence

__all__ = ["Op", "OpResult", "sequence"]
