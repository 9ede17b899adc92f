"""The benchmarks that ``bench/run_all.py`` runs, one module per measurement.

Each module exposes ``rows(...)`` returning ``common.Row`` objects. Measurements
that need the window run in a child process (``child.py``) on the offscreen Qt
platform, with an explicit data folder, so each has a clean process and its own
peak memory.
"""
