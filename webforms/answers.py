"""Recorded answers shown to people: the field's title and a readable value, in form order."""

from dataclasses import dataclass

from .dutch_time import day_text


@dataclass(frozen=True)
class Answer:
    name: str
    label: str
    value: str


def answers(schema: dict | None, data: dict, only=None, names=None) -> list[Answer]:
    """The answers in `data` to the fields of `schema` (optionally only the named fields);
    `names` maps logins to names for fields that choose a user."""
    if not schema:
        return []
    shown = []
    for name, prop in schema.get("properties", {}).items():
        if only is not None and name not in only:
            continue
        value = data.get(name)
        if value is None or value == "":
            continue
        if prop.get("x-widget") == "user-select" and names:
            value = names.get(value, value)
        shown.append(Answer(name, prop.get("title", name), readable(prop, value)))
    return shown


def readable(prop: dict, value) -> str:
    if value is True:
        return "Ja"
    if value is False:
        return "Nee"
    if prop.get("format") == "date" and isinstance(value, str):
        try:
            return day_text(value)
        except ValueError:
            return value
    labels = prop.get("x-labels", {})
    return labels.get(str(value), str(value))
