"""What ships is found the way an installed app finds it."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import drafter

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_for_installation() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.relative_to(ROOT / "src").parent.parts)
        for p in (ROOT / "src" / "drafter").rglob("__init__.py")
    }
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"


def test_resources_are_found_through_importlib() -> None:
    articles = files("drafter.resources").joinpath("articles")
    assert articles.joinpath("sources.json").is_file()
    assert len([p for p in articles.iterdir() if p.name.endswith(".txt")]) == 5


def test_migrations_ship_with_the_package() -> None:
    versions = files("drafter.core.migrations").joinpath("versions")
    assert any(p.name.startswith("0001") for p in versions.iterdir())
    assert Path(drafter.__file__).parent.joinpath("core", "migrations", "script.py.mako").is_file()
