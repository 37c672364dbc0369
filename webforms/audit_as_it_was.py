"""A complaint's data as it stood right after a past step, beside what it is now."""

from dataclasses import dataclass

from engine.audit_reading import DATA_CHANGES

from .audit_timeline import EXTRA_LABELS, SEEDED, TimelineItem, shown_value
from .complaint_forms import REGISTRATION_FORM


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    now: str | None  # the value today, when it differs


@dataclass(frozen=True)
class AsItWas:
    item: TimelineItem  # the event the data is shown after
    fields: list[Field]
    earlier: int | None  # the previous event that changed the data
    later: int | None  # the next one


def as_it_was(case, history, forms) -> AsItWas | None:
    """`case` is the engine's CaseAsItWas of one event of the complaint whose `history` this is."""
    item = next((each for each in history.timeline if each.id == case.entry.id), None)
    if item is None:
        return None
    current, entries = history.complaint.data, history.entries
    names = {login: person.name for login, person in history.people.items()}
    known = _field_catalog(forms)
    fields = []
    for name, value in case.data.items():
        if name in SEEDED:
            continue
        prop = known.get(name, {})
        shown = shown_value(prop, value, names)
        now = shown_value(prop, current[name], names) if name in current else "(niet meer aanwezig)"
        label = prop.get("title") or EXTRA_LABELS.get(name, name)
        fields.append(Field(label, shown, None if now == shown else now))
    changing = [e.id for e in entries if e.data_after and e.event in DATA_CHANGES]
    return AsItWas(
        item=item,
        fields=fields,
        earlier=max((i for i in changing if i < item.id), default=None),
        later=min((i for i in changing if i > item.id), default=None),
    )


def _field_catalog(forms) -> dict:
    """Every field of every form by name; the registration form's wording wins."""
    keys = [REGISTRATION_FORM, *getattr(forms, "keys", list)()]
    catalog: dict = {}
    for key in keys:
        for name, prop in ((forms.schema(key) or {}).get("properties") or {}).items():
            catalog.setdefault(name, prop)
    return catalog

