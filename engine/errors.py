"""Errors a user can cause, typed where they arise; the web layer and the CLI map them once.

Messages are Dutch because they are shown to the organisation's users as they are.
"""


class EngineError(Exception):
    """Base of every refusal; `message` is fit to show to a user."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(EngineError):
    status = 404


class NotAllowed(EngineError):
    status = 403


class InvalidFormData(EngineError):
    """Form data that does not fit the task's form; `fields` maps field name to message."""

    status = 400

    def __init__(self, fields: dict[str, str], message: str = "De ingevulde gegevens zijn niet geldig."):
        super().__init__(message)
        self.fields = fields


class TaskAlreadyCompleted(EngineError):
    status = 409

    def __init__(self, by: str | None, at=None):
        who = f" door {by}" if by else ""
        super().__init__(f"Deze taak is al afgerond{who}. Er is niets gewijzigd.")
        self.by = by
        self.at = at


class ConcurrentUpdate(EngineError):
    status = 409

    def __init__(self):
        super().__init__(
            "Iemand anders heeft deze klacht zojuist gewijzigd. Laad de pagina opnieuw; "
            "er is niets gewijzigd."
        )


class InvalidDiagram(EngineError):
    """A diagram that cannot be deployed; `problems` lists (element id or None, message)."""

    status = 422

    def __init__(self, problems: list[tuple[str | None, str]]):
        lines = "; ".join(f"{el}: {msg}" if el else msg for el, msg in problems)
        super().__init__(f"Het diagram kan niet worden gebruikt: {lines}")
        self.problems = problems


class ProcessFailure(EngineError):
    """The diagram itself failed while running (a script or expression error): nothing was saved."""

    status = 422
