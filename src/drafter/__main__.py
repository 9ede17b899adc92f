"""``python -m drafter`` behaves exactly like the ``drafter`` command."""

from __future__ import annotations

import sys

from drafter.app import main

sys.exit(main())
