"""bench/citation_engines.py, the tool that compares the two citation engines, on a tiny table
and a tiny test-suite folder: it counts what each engine gets right and names what it gets wrong."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("py_mini_racer")

BENCH = Path(__file__).resolve().parents[3] / "bench" / "citation_engines.py"


@pytest.fixture(scope="module")
def tool():  # type: ignore[no-untyped-def]
    if "citation_engines" in sys.modules:
        return sys.modules["citation_engines"]
    spec = importlib.util.spec_from_file_location("citation_engines", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # puts bench/ on sys.path for its neighbour citeproc_js
    return module


TABLE = {
    "sources": [
        {"id": "ho", "type": "report", "title": "Police powers", "publisher": "HMSO",
         "author": [{"literal": "Home Office"}], "issued": {"date-parts": [[2025]]}},
    ],
    "cases": [
        {"name": "right", "style": "oscola", "cites": ["ho", "ho@p 4"], "show": "all",
         "expected": "Home Office, ‘Police Powers’ (HMSO 2025).\nibid 4."},
        {"name": "italic wrong", "style": "oscola", "cites": ["ho"], "show": "cite 1",
         "expected": "Home Office, ‘Police Powers’ (HMSO 2025).", "italic": ["Police Powers"]},
        {"name": "text wrong", "style": "apa", "cites": ["ho"], "show": "cite 1", "expected": "(Home Office 2025)"},
    ],
}


def test_a_table_is_counted_per_engine(tool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.json"
    path.write_text(json.dumps(TABLE), encoding="utf-8")
    sources, cases = tool.load_table(path)
    result = tool.run_table(sources, cases)
    assert result.total == 3
    assert result.passed == {"pandoc": 1, "citeproc-js": 1}
    wrong = {(name, engine): text for name, engine, text in result.differences}
    assert wrong[("text wrong", "pandoc")] == wrong[("text wrong", "citeproc-js")] == "(Home Office, 2025)"
    assert wrong[("italic wrong", "citeproc-js")] == "italic ()"


FIXTURE = """>>===== MODE =====>>
citation
<<===== MODE =====<<
>>===== RESULT =====>>
Appleton <i>Tom Swift</i> (1910)
Ibid. p. 23
<<===== RESULT =====<<
>>===== CITATION-ITEMS =====>>
[[{"id": "ITEM-1"}], [{"id": "ITEM-1", "label": "page", "locator": "23"}]]
<<===== CITATION-ITEMS =====<<
>>===== CSL =====>>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><id/><title/><updated>2009-08-10T04:49:00+09:00</updated></info>
  <citation><layout><choose>
    <if position="ibid-with-locator"><text term="ibid"/><text prefix=" p. " variable="locator"/></if>
    <else><group delimiter=" "><names variable="author"><name form="short"/></names>
      <text variable="title" font-style="italic"/>
      <date prefix="(" suffix=")" variable="issued"><date-part name="year"/></date></group></else>
  </choose></layout></citation>
</style>
<<===== CSL =====<<
>>===== INPUT =====>>
[{"id": "ITEM-1", "type": "book", "title": "Tom Swift", "author": [{"family": "Appleton", "given": "Victor"}],
  "issued": {"date-parts": [["1910"]]}}]
<<===== INPUT =====<<
"""


def test_a_suite_folder_is_counted_by_category(tool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "position_Tiny.txt").write_text(FIXTURE, encoding="utf-8")
    (tmp_path / "position_Wrong.txt").write_text(FIXTURE.replace("Ibid. p. 23", "Ibid. at 23"), encoding="utf-8")
    (tmp_path / "position_Rtf.txt").write_text(FIXTURE.replace("citation\n", "citation-rtf\n", 1), encoding="utf-8")
    (tmp_path / "sort_Other.txt").write_text(FIXTURE, encoding="utf-8")
    counts = tool.run_suite(tmp_path)
    assert list(counts) == ["position"]
    row = counts["position"]
    assert (row["fixtures"], row["skipped"], row["pandoc"], row["citeproc-js"]) == (3, 1, 1, 1)


# A tiny guide table (the shape of guide_table.toml): one expectation both engines meet in each
# output, one where they differ (APA capitalises a title's words of four letters or more, §6.17:
# pandoc writes 'Amid', citeproc-js 'amid'), one neither meets, marked as a known departure,
# a pinpoint the engines refuse, and a case that checks its first cite ('show').
GUIDE_TABLE = """
[items.foot]
type = "article-newspaper"
title = "Rights fears as Met expands tech use"
container-title = "West End Extra"
author = [{family = "Foot", given = "Tom"}]
issued = {date-parts = [[2025, 8, 1]]}

[items.cw]
type = "article-newspaper"
title = "Met Police to double facial recognition use amid budget cuts"
container-title = "Computer Weekly"
issued = {date-parts = [[2025, 8, 1]]}

[[cases]]
name = "both right"
cites = ["foot", "foot@p 4"]
oscola = "ibid 4."
oscola_bib = "Foot T, ‘Rights Fears as Met Expands Tech Use’ *West End Extra* (1 August 2025)"

[[cases]]
name = "engines differ"
cites = ["cw"]
apa = "(“Met Police to Double Facial Recognition Use Amid Budget Cuts,” 2025)"

[[cases]]
name = "neither"
cites = ["foot"]
harvard = "(Foot 2025)"
xfail_harvard = "a known departure"

[[cases]]
name = "the first of two"
cites = ["foot", "cw"]
show = 1
apa = "(Foot, 2025)"

[[cases]]
name = "a pinpoint nobody reads"
cites = ["foot@zz 4"]
oscola = "Tom Foot, ‘Rights Fears as Met Expands Tech Use’ *West End Extra* (1 August 2025) zz 4."
"""


def test_the_guide_table_is_judged_per_style_and_output(tool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.toml"
    path.write_text(GUIDE_TABLE, encoding="utf-8")
    result = tool.run_guide_table(path)
    assert result.total == {("oscola", "citation"): 2, ("harvard", "citation"): 1, ("apa", "citation"): 2,
                            ("oscola", "bibliography"): 1}
    assert result.met[("oscola", "citation")] == {"pandoc": 1, "citeproc-js": 1}
    assert result.met[("oscola", "bibliography")] == {"pandoc": 1, "citeproc-js": 1}
    assert result.met[("apa", "citation")] == {"pandoc": 2, "citeproc-js": 1}
    assert result.met[("harvard", "citation")] == {"pandoc": 0, "citeproc-js": 0}
    assert (result.xfail_total, result.xfail_met) == (1, {"pandoc": 0, "citeproc-js": 0})
    assert result.engine_total("pandoc") == 4 and result.engine_total("citeproc-js") == 3
    # Only the one expectation on which the engines print different things is listed, with both.
    [difference] = result.differences
    assert (difference.name, difference.style, difference.output) == ("engines differ", "apa", "citation")
    assert difference.printed["citeproc-js"] == "(“Met Police to Double Facial Recognition Use amid Budget Cuts,” 2025)"
    assert difference.agrees == "pandoc"
    missed = {(engine, name): text for engine, _, _, name, text in result.missed}
    assert missed[("pandoc", "neither")] == missed[("citeproc-js", "neither")] == "(Foot, 2025)"
    # An engine's refusal is a miss with its reason, not a crash of the tool.
    assert missed[("citeproc-js", "a pinpoint nobody reads")].startswith("error: The pinpoint 'zz 4'")
    assert missed[("pandoc", "a pinpoint nobody reads")].startswith("error: The pinpoint 'zz 4'")


def test_a_guide_table_citing_a_missing_item_is_refused(tool, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "table.toml"
    path.write_text(GUIDE_TABLE.replace('cites = ["cw"]', 'cites = ["nobody"]'), encoding="utf-8")
    with pytest.raises(SystemExit, match="'engines differ' cites 'nobody', which is not among the items"):
        tool.run_guide_table(path)
