"""PyInstaller's entry script for the console executable ``drafter``."""

import sys

from drafter.app import main

if __name__ == "__main__":
    sys.exit(main())
