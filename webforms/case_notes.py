"""The case file's two small forms on the complaint page: a comment, and a contact attempt."""

from dataclasses import dataclass, field

from .dutch_time import from_input, input_value

CHANNELS = ("Telefoon", "E-mail", "Persoonlijk gesprek", "Brief", "Sms of chat")
OUTCOMES = (
    "Klager gesproken",
    "Niet bereikt",
    "Voicemail ingesproken",
    "Bericht gestuurd, wacht op reactie",
)


@dataclass(frozen=True)
class NoteForm:
    """Values and errors of both forms; `kind` says which one was sent ("comment" or "contact")."""

    values: dict
    errors: dict = field(default_factory=dict)
    kind: str | None = None

    @classmethod
    def empty(cls, engine) -> "NoteForm":
        return cls({"contacted_at": input_value(engine.clock.now())})

    def error(self, kind: str, name: str) -> str | None:
        return self.errors.get(name) if self.kind == kind else None

    def value(self, kind: str, name: str) -> str:
        if self.kind not in (None, kind) and name != "contacted_at":
            return ""
        return self.values.get(name, "")


def contact_arguments(form) -> dict:
    """A sent contact form as the engine's log_contact arguments."""
    return {
        "at": from_input(form.get("contacted_at", "")),
        "channel": form.get("channel", ""),
        "outcome": form.get("outcome", ""),
        "text": form.get("text", ""),
    }


def note_rights(engine, user) -> bool:
    """Whether the user works on cases (may write in the case file); others only read it."""
    return user.has_any(engine.plugin.case_roles)
