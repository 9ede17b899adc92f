"""Consultation presets: checked facts of a consultation, shipped as data in resources/presets.

A preset fills in a new response's details. It never carries question wording
the app could present as the consultation's own: the user pastes the questions
from the consultation document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files

from drafter.core.errors import NotFoundError
from drafter.core.responses.records import ResponseDetails, ResponseDocument
from drafter.core.store import Store


@dataclass(frozen=True)
class Preset:
    key: str
    title: str
    body: str | None
    opened: str | None
    deadline: str | None
    questions: int | None  # how many questions the consultation has (for the user to check their paste)
    answer_format: str | None
    submit_to: str | None
    landing_page: str | None
    note: str


def list_presets() -> list[Preset]:
    folder = files("drafter.resources").joinpath("presets")
    presets = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        presets.append(Preset(
            key=entry.name.removesuffix(".json"), title=data["title"], body=data.get("body"),
            opened=data.get("opened"), deadline=data.get("deadline"), questions=data.get("questions"),
            answer_format=data.get("answer_format"), submit_to=data.get("submit_to"),
            landing_page=data.get("landing_page"), note=data.get("note", ""),
        ))
    return presets


def find_preset(key: str) -> Preset:
    for preset in list_presets():
        if preset.key == key or preset.title.casefold() == key.casefold():
            return preset
    names = ", ".join(p.key for p in list_presets()) or "none"
    raise NotFoundError(f"There is no consultation preset called '{key}'. Presets: {names}.")


def new_response_from_preset(store: Store, key: str, **details: object) -> ResponseDocument:
    from drafter.core.responses.operations import create_response

    preset = find_preset(key)
    base = ResponseDetails(
        consultation_title=preset.title,
        consulting_body=preset.body,
        deadline=preset.deadline,
        submit_to=preset.submit_to,
    )
    from dataclasses import replace

    return create_response(store, replace(base, **details))  # type: ignore[arg-type]
