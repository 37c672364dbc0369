"""Whose data a privacy request is about: by e-mail address exactly; by name only when the name
leads to one person, or to the complaints chosen from what it found. Never silently namesakes."""

from dataclasses import dataclass

from .errors import EngineError


@dataclass(frozen=True)
class SubjectMatch:
    reference: str
    email: str
    name: str


class AmbiguousPerson(EngineError):
    """A name that belongs to more than one person: the caller must choose."""

    status = 409

    def __init__(self, matches: list[SubjectMatch]):
        groups: dict[str, list[str]] = {}
        for match in matches:
            groups.setdefault(match.email or "zonder e-mailadres", []).append(match.reference)
        listed = "; ".join(f"{email}: {', '.join(refs)}" for email, refs in groups.items())
        super().__init__(
            f"Deze naam hoort bij meer dan één persoon ({listed}). Kies een e-mailadres of de klachten."
        )
        self.matches = matches


def chosen_references(needle: str, matches: list[SubjectMatch], chosen=None) -> list[str]:
    """The references to act on; refuses a name shared by several people unless chosen."""
    found = [m.reference for m in matches]
    if chosen is not None:
        wanted = set(chosen)
        if not wanted or not wanted <= set(found):
            raise EngineError("Kies een of meer klachten uit de gevonden klachten over deze persoon.")
        return [ref for ref in found if ref in wanted]
    if "@" not in needle and len(matches) > 1:
        emails = {m.email.strip().lower() for m in matches}
        if len(emails) > 1 or "" in emails:
            raise AmbiguousPerson(matches)
    return found
