"""What kind of case each process of this procedure runs, and the facts that decide a task.

Pages choose their layout by kind (a complaint has a complainant, the quarterly analysis has a
report and conclusions), never by the shape of a reference. The decisive facts of a task are
what its doer must read before anything else; the rest of the history stays one click away."""

from . import COMPLAINT_PROCESS, QUARTERLY_PROCESS

COMPLAINT, ANALYSIS = "klacht", "analyse"
CASE_KINDS = {COMPLAINT_PROCESS: COMPLAINT, QUARTERLY_PROCESS: ANALYSIS}

# form key of a task -> (form that recorded the fact, field, what the fact means to the reader)
DECISIVE_FACTS = {
    "heroplossing": (
        ("tevredenheid", "satisfaction_remarks", "Waarom de klager nog niet tevreden is"),
        ("rapportage", "resolution", "Wat er tot nu toe is gedaan"),
    ),
    "registratie": (("akkoord", "corrections", "Wat de klager aangepast wil hebben"),),
    "rapportage": (
        ("contact", "outcome", "Uitkomst van het contact"),
        ("contact", "agreement", "Afspraak met de klager"),
        ("contact", "agreed_term", "Afgesproken termijn"),
    ),
    "tevredenheid": (
        ("rapportage", "resolution", "Hoe de klacht is afgehandeld"),
        ("heroplossing", "re_resolution", "Wat er daarna nog is gedaan"),
    ),
    "procedurewijziging": (
        ("rapportage", "procedure_change_description", "De procedurewijziging"),
        ("rapportage", "procedure_change_term", "Termijn van de wijziging"),
    ),
}

# What the complainant reads of the handling on their own pages (second person): never internal
# notes, only what was agreed with them and what was done.
FACTS_FOR_COMPLAINANT = (
    ("contact", "agreement", "Wat wij met u hebben afgesproken"),
    ("contact", "agreed_term", "Afgesproken termijn"),
    ("rapportage", "resolution", "Wat wij hebben gedaan"),
    ("heroplossing", "re_resolution", "Wat wij daarna nog hebben gedaan"),
)
