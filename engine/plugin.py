"""What a process gives the engine: the functions its diagram calls, its forms, its roles and the
rules checked when a task is completed. The engine never imports the process itself."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

# (form data, case data so far, find_user) -> (field errors, extra data to record)
CompletionRule = Callable[[dict, dict, Callable[[str], dict | None]], tuple[dict, dict]]


class FormCatalog(Protocol):
    def schema(self, key: str) -> dict | None:
        """The JSON Schema of a form, or None when there is no such form."""

    def validate(self, key: str, data: dict) -> tuple[dict, dict[str, str]]:
        """(cleaned data, field errors) for data submitted on a form."""


class NoForms:
    """For diagrams without forms: any key is unknown, data passes through unchanged."""

    def schema(self, key):
        return None

    def validate(self, key, data):
        return dict(data), {}


@dataclass(frozen=True)
class ProcessPlugin:
    functions: Mapping[str, Callable] = field(default_factory=dict)
    forms: FormCatalog = field(default_factory=NoForms)
    roles: Mapping[str, str] = field(default_factory=dict)
    completion_rules: Mapping[str, CompletionRule] = field(default_factory=dict)
    # role of a lane -> staff roles that may record that lane's tasks on its behalf
    on_behalf_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reference_prefixes: Mapping[str, str] = field(default_factory=dict)
    cancel_roles: tuple[str, ...] = ()
    # Roles that work on cases (claim tasks, write in the case file); others only read.
    case_roles: tuple[str, ...] = ()
    # The lane role of the person the process is about, who acts through personal links.
    public_role: str | None = None
    public_processes: tuple[str, ...] = ()
    # Who may see an instance: roles that see all, and a rule (case data, started_by) -> logins.
    see_all_roles: tuple[str, ...] = ()
    viewers: Callable[[dict, str], set[str]] | None = None
    # Whether an instance is sensitive: every read of it is recorded, its mail shielded.
    sensitive: Callable[[dict], bool] = lambda case: False
    # Case data shown beside each task in an inbox, and working days between two moments.
    summary_fields: tuple[str, ...] = ()
    working_days_between: Callable | None = None
    # Mails a notice calls for: (Notice) -> [{"to", "subject", "text", "html", "kind"}].
    notify: Callable | None = None
    # Personal data: the case fields that hold it, how long closed cases are kept (days, per key
    # of retention_defaults, chosen by retention_days(case, terms)), whose case is whose, and who
    # may export, erase or hold.
    personal_fields: tuple[str, ...] = ()
    retention_defaults: Mapping[str, int] = field(default_factory=lambda: {"default": 730})
    retention_days: Callable[[dict, dict], int] = lambda case, terms: terms["default"]
    is_about: Callable[[dict, str], bool] = lambda case, needle: False
    privacy_roles: tuple[str, ...] = ()
    # A readable summary beside the JSON of a subject-access export: (exports, now) -> (name, bytes).
    subject_summary: Callable | None = None
    # Why a login may not take a step (a BPMN id, or "cancel"/"reassign") in a case, or None;
    # and the logins never offered a task of a case. Applied on every path (web, API, CLI).
    acting_refusal: Callable[[str, dict, str], str | None] = lambda step, case, login: None
    barred: Callable[[dict], set] = lambda case: set()
    # Handing a case to another person: the case field naming them (also the tasks' assignee
    # expression), the form whose rule checks the new one, and the roles that may do it.
    handover_field: str | None = None
    handover_form: str | None = None
    handover_roles: tuple[str, ...] = ()
    # Work that goes on after a case closed: (case data) -> [{"kind", "title", "description",
    # "due" (ISO date), "owner"}]; who may mark it done, and who may read the register.
    follow_ups: Callable[[dict], list[dict]] = lambda case: []
    follow_up_roles: tuple[str, ...] = ()
    follow_up_readers: tuple[str, ...] = ()
    # Case data fields searched as text besides the reference (engine/search_text.py).
    search_fields: tuple[str, ...] = ()
    # How a process's cases are shown (process id -> kind), and per form key of a task the
    # (form, field, label) facts its doer reads first; opaque to the engine, read by the web app.
    case_kinds: Mapping[str, str] = field(default_factory=dict)
    decisive_facts: Mapping[str, tuple[tuple[str, str, str], ...]] = field(default_factory=dict)
    # Virus scan of an uploaded document: raise EngineError to refuse it (default: no scan).
    scan_document: Callable[[bytes], None] = lambda data: None
    # What every version of a process must keep: process id -> (ProcessOutline) -> [(element, message)].
    contracts: Mapping[str, Callable] = field(default_factory=dict)

    def reference_prefix(self, process_id: str) -> str:
        return self.reference_prefixes.get(process_id, "PR")
