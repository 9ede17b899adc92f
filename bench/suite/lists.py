"""The long lists: library, snippets, and the overview's unused snippets, at each library size.

Figures, per list, in a child process with the window open on the library:
- shown (ms): from making its tab current (from another tab) to the end of its paint;
- to the end (ms): ``scrollToBottom()`` to the end of the next paint;
- paging: ``pages`` steps of one page on the vertical scroll bar (half from
  the top, page after page, half spread down the whole list as a dragged thumb
  would go), each to the end of its paint; the heartbeat's longest gap in a
  pass is the figure (the median of ``passes`` passes), against the target of
  50 ms (smooth scrolling).
- rows materialised, when the model says how many it has loaded.

There is no floor for these; the target is the absence of a stall.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from suite.common import Row, judged, run_child

#: Attributes a lazily fetching model might expose to say how many rows it holds.
_LOADED_NAMES = ("loaded_rows", "fetched_rows", "materialised_rows", "materialized_rows", "loaded_count")


def views(window: Any) -> list[tuple[str, Any, Any]]:
    """(name, show-its-tab, view) for the three long lists; the overview list found by name.

    Showing a list first makes another tab of its side current (Search, Answers),
    so that showing it is a real switch of tabs.
    """
    from PySide6.QtWidgets import QAbstractItemView

    from suite.qt import wait

    def show(tabs: Any, other: Any, widget: Any) -> Any:
        def switch() -> None:
            tabs.setCurrentWidget(widget)

        def away_then_switch() -> Any:
            tabs.setCurrentWidget(other)
            wait(30)
            return switch

        return away_then_switch

    left, right = window.left_tabs, window.right_tabs
    unused = window.overview.findChild(QAbstractItemView, "unusedSnippets")
    return [
        ("library list", show(left, window.search_panel, window.library_panel), window.library_panel.view),
        ("snippets list", show(left, window.search_panel, window.snippets_panel), window.snippets_panel.view),
        ("overview unused snippets", show(right, window.response_panel, window.overview), unused),
    ]


def _loaded(view: Any) -> int | None:
    model = view.model()
    while model is not None:
        for name in _LOADED_NAMES:
            value = getattr(model, name, None)
            if value is not None:
                return int(value() if callable(value) else value)
        model = model.sourceModel() if hasattr(model, "sourceModel") else None
    return None


def scroll_to_end(window: Any) -> None:
    """Show each long list and scroll it to the bottom (for the memory figure)."""
    from suite.qt import wait

    for _name, show, view in views(window):
        show()()
        wait(30)
        if view is not None:
            view.scrollToBottom()
            wait(30)


def measure_view(show: Any, view: Any, pages: int, passes: int) -> dict[str, Any]:
    from suite.qt import Heartbeat, time_to_paint, wait

    out: dict[str, Any] = {"rows": view.model().rowCount()}
    out["shown_ms"] = time_to_paint(view.viewport(), show())
    wait(50)
    out["end_ms"] = time_to_paint(view.viewport(), view.scrollToBottom)
    bar = view.verticalScrollBar()
    longest, steps, where = [], [], ""
    for _ in range(passes):
        time_to_paint(view.viewport(), view.scrollToTop)
        beat = Heartbeat()
        top = bar.maximum()
        targets = [bar.pageStep() * i for i in range(pages // 2)]
        targets += [top * i // max(1, pages - pages // 2) for i in range(1, pages - pages // 2 + 1)]
        for value in targets:
            steps.append(time_to_paint(view.viewport(), lambda v=value: bar.setValue(min(v, bar.maximum()))))
        longest.append(max(beat.longest, beat.current_gap()))
        if longest[-1] == max(longest):
            where = beat.longest_where()
        beat.stop()
    out["paging_stall_ms"] = statistics.median(longest)
    out["paging_stall_worst_ms"] = max(longest)
    out["where"] = where
    out["paging_worst_step_ms"] = max(steps) if steps else 0.0
    out["loaded"] = _loaded(view)
    return out


def gui_lists(data_dir: str, pages: int, passes: int) -> dict[str, Any]:
    """In a child: each list's figures, and how long opening the library took."""
    from suite.qt import open_window

    _app, window, opened = open_window(Path(data_dir))
    result: dict[str, Any] = {"open_ms": opened["open"], "later_ms": opened["later"]}
    for name, show, view in views(window):
        try:
            if view is None:
                raise LookupError("no list view named 'unusedSnippets' in the overview")
            result[name] = measure_view(show, view, pages, passes)
        except Exception as exc:
            result[name] = {"error": f"{type(exc).__name__}: {exc}"}
    window.close_library()
    return result


def rows(folder: Path, label: str, pages: int = 100, passes: int = 3) -> list[Row]:
    result = run_child("lists:gui_lists", folder, pages=pages, passes=passes)
    out: list[Row] = []
    for name in ("library list", "snippets list", "overview unused snippets"):
        figures = result.get(name, {})
        if "error" in figures:
            out.append(Row(f"lists: {name}", label, "error", note=f"error: {figures['error']}"))
            continue
        loaded = figures.get("loaded")
        held = f"{figures['rows']:,} rows" + (f", {loaded:,} materialised" if loaded is not None else "")
        out.append(Row(f"lists: {name}", label, "shown (ms)", figures["shown_ms"], note=held))
        out.append(Row(f"lists: {name}", label, "scroll to the end (ms)", figures["end_ms"]))
        out.append(judged(Row(f"lists: {name}", label, "paging, longest stall (ms)", figures["paging_stall_ms"],
                              note=f"median of {passes} passes of {pages} pages, worst pass"
                                   f" {figures['paging_stall_worst_ms']:.0f} ms; slowest page"
                                   f" {figures['paging_worst_step_ms']:.0f} ms"
                                   + (f"; longest in {figures['where']}" if figures.get("where") else "")),
                          value_below=50.0))
    if out:
        out[0].note += (f"; open_library {result['open_ms']:.0f} ms, then its work in a thread"
                        f" {result['later_ms']:.0f} ms")
    return out
