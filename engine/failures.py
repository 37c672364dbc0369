"""Why a running diagram stopped, in Dutch: the element it stopped at and the kind of error.

The library's and Python's English text never reaches a user; it goes to the log for the
process owner's administrator.
"""

import logging

from sqlalchemy.exc import SQLAlchemyError

from .errors import EngineError, ProcessFailure

log = logging.getLogger(__name__)
REASONS = (
    (ZeroDivisionError, "een deling door nul"),
    (KeyError, "een gegeven dat ontbreekt"),
    (IndexError, "een lijst die te kort is"),
    (TypeError, "een waarde van het verkeerde soort"),
    (AttributeError, "een waarde zonder het gevraagde onderdeel"),
    (ValueError, "een ongeldige waarde"),
    (OverflowError, "een getal dat te groot is"),
    (MemoryError, "te veel geheugen"),
    (NotImplementedError, "een element dat deze engine niet uitvoert"),
)
ADVICE = "Er is niets gewijzigd; neem contact op met de procesbeheerder."


def passes_through(error) -> bool:
    """Errors that are not the diagram's fault, or are already fit for a user: raise them as they are."""
    return isinstance(error, (EngineError, SQLAlchemyError))


def failure(error: Exception) -> ProcessFailure:
    """The refusal to show for an error raised while the workflow ran (nothing is saved)."""
    log.warning("diagram failed while running: %r", error, exc_info=error)
    spec = getattr(error, "task_spec", None)
    task = getattr(error, "task", None)
    if spec is None and task is not None:
        spec = task.task_spec
    where = ""
    if spec is not None and getattr(spec, "bpmn_id", None):
        where = f" bij '{spec.bpmn_name or spec.bpmn_id}' ({spec.bpmn_id})"
    return ProcessFailure(f"Het proces liep vast{where}: {_reason(_cause(error))}. {ADVICE}")


def _cause(error):
    seen = error
    while seen.__cause__ is not None or (seen.__context__ is not None and not seen.__suppress_context__):
        seen = seen.__cause__ or seen.__context__
    return seen


def _reason(cause) -> str:
    if type(cause).__module__.startswith("engine.") and str(cause):
        return str(cause)  # the sandbox's own refusals are Dutch already
    if isinstance(cause, NameError):
        return f"de onbekende naam '{cause.name}'" if cause.name else "een onbekende naam"
    if isinstance(cause, SyntaxError):
        return "een script of expressie die geen geldige Python is"
    return next((dutch for kind, dutch in REASONS if isinstance(cause, kind)), "een fout in het diagram")
