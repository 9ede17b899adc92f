"""Entry point of a child process: ``child.py module:function '{"json": "kwargs"}'``.

Imports ``suite.<module>``, calls the function with the keyword arguments, and
prints its dict on one line after ``common.RESULT``. Then runs the ``atexit``
handlers (the app removes its temporary files there) and exits with
``os._exit``, so PySide6 objects are never finalised in an order that crashes
after the result.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from suite.common import RESULT


def main() -> None:
    target, raw = sys.argv[1], sys.argv[2]
    module, function = target.split(":")
    result = getattr(importlib.import_module(f"suite.{module}"), function)(**json.loads(raw))
    sys.stdout.write(RESULT + json.dumps(result) + "\n")
    sys.stdout.flush()
    atexit._run_exitfuncs()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
