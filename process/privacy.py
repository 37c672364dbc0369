"""Personal data in this procedure: which fields hold it (marked `x-personal` in the forms, so the
list cannot drift from them), how long closed complaints are kept, and whose complaint is whose."""

from .forms import FormCatalog

# Days to keep a complaint after closing, per category; "default" for every other category.
RETENTION_DEFAULTS = {"default": 730, "discriminatie": 730}
PRIVACY_ROLES = ("beheerder",)


def personal_fields(forms: FormCatalog) -> tuple[str, ...]:
    return tuple(sorted({field for field, _ in register(forms)}))


def register(forms: FormCatalog) -> list[tuple[str, dict]]:
    """The processing register entries: (field, its schema with title and purpose), per form."""
    entries = []
    for key in forms.keys():
        for field, prop in forms.schema(key).get("properties", {}).items():
            if prop.get("x-personal"):
                entries.append((field, {**prop, "form": key}))
    return entries


def retention_days(case: dict, terms: dict) -> int:
    return int(terms.get(case.get("category"), terms["default"]))


def is_about(case: dict, needle: str) -> bool:
    """Whether a complaint is about the person with this (lower-cased) e-mail address or name."""
    email = (case.get("complainant_email") or "").strip().lower()
    name = (case.get("complainant_name") or "").strip().lower()
    return needle in (email, name)
