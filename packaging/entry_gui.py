"""PyInstaller's entry script for the windowed executable ``drafter-gui`` (no console on Windows)."""

from drafter.app import gui_main

if __name__ == "__main__":
    gui_main()
