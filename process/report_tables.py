"""The report as Dutch tables, each with the bars of its chart: what the HTML page and the PDF show."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from .forms import FormCatalog

OUTCOMES = {
    "met": "gehaald",
    "missed": "niet gehaald",
    "awaiting": "termijn verstreken, nog niet bevestigd",
    "running": "loopt nog",
    "cancelled": "klacht ingetrokken",
}
STATUSES = {"open": "Open", "closed": "Gesloten", "cancelled": "Ingetrokken"}
ESCALATIONS = {
    "contact": "Geen contact binnen 2 werkdagen",
    "satisfaction_check": "Tevredenheidscheck niet binnen 5 werkdagen",
    "re_resolution": "Niet binnen 2 werkdagen alsnog opgelost",
    "agreed_term": "Afgesproken termijn niet gehaald",
}
HEADLINE = {
    ("received", "total"): "Ontvangen klachten",
    ("received", "discrimination"): "waarvan discriminatie",
    ("status", "closed"): "Nu gesloten",
    ("lead_time", "median"): "Doorlooptijd, mediaan (werkdagen)",
    ("lead_time", "p90"): "Doorlooptijd, 90e percentiel (werkdagen)",
    ("contact", "share"): "Contact binnen 2 werkdagen",
    ("satisfaction_check", "share"): "Tevredenheidscheck binnen 5 werkdagen",
    ("satisfied_first", "share"): "Tevreden na eerste oplossing",
    ("re_resolution", "rounds"): "Rondes heroplossing",
    ("escalations", "total"): "Escalaties",
    ("procedure_changes", "total"): "Procedurewijzigingen",
    ("procedure_changes", "met"): "waarvan termijn gehaald",
}


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    # (label, value, value in the period before or None): the chart beside the table
    bars: list[tuple[str, float, float | None]] = field(default_factory=list)
    unit: str = ""
    note: str = ""
    widths: tuple[int, ...] | None = None  # relative column widths, where they differ
    numeric: bool = True  # the columns after the first hold numbers


def tables(report: dict) -> list[Table]:
    return [
        headline(report),
        _counts(
            report,
            "received",
            "by_category",
            "Ontvangen klachten naar soort",
            _labels("category"),
            note=f"Discriminatieklachten: {report['received']['discrimination']}.",
        ),
        _counts(report, "received", "by_channel", "Ontvangen klachten naar kanaal", _labels("channel")),
        _counts(report, "status", None, "Stand van deze klachten nu", STATUSES),
        terms(report),
        lead_times(report),
        satisfaction(report),
        _counts(
            report,
            "escalations",
            None,
            "Escalaties naar soort",
            ESCALATIONS,
            note="Een escalatie is een verstreken termijn (de timer in het proces ging af).",
        ),
        procedure_changes(report),
        handlers(report),
    ]


def introduction(report: dict) -> str:
    period, before = report["period"], report["previous_period"]
    return (
        f"Alle klachten ontvangen van {dutch_date(period['first'])} tot en met {dutch_date(period['last'])}, "
        f"gevolgd tot {dutch_date(report['as_of'][:10])}. Vergeleken met {before['label']} "
        f"({dutch_date(before['first'])} tot en met {dutch_date(before['last'])})."
    )


def headline(report: dict) -> Table:
    rows = [
        (HEADLINE[(c["section"], c["name"])], number(c["value"], c["name"]), number(c["previous"], c["name"]))
        for c in report["comparison"]
    ]
    bars = [
        (HEADLINE[(c["section"], c["name"])], _percent(c["value"]), _percent(c["previous"]))
        for c in report["comparison"]
        if c["name"] == "share"
    ]
    columns = ("Kerncijfer", report["period"]["label"], report["previous_period"]["label"])
    return Table("Kerncijfers en vergelijking", columns, rows, bars, unit="%")


def terms(report: dict) -> Table:
    named = {
        "contact": "Contact binnen 2 werkdagen",
        "satisfaction_check": "Tevredenheidscheck binnen 5 werkdagen",
        "agreed_term": "Afhandeling binnen de met de klager afgesproken termijn",
    }
    rows = [
        (
            label,
            str(report[key]["measured"]),
            str(report[key]["in_time"]),
            str(report[key]["late"]),
            number(report[key]["share"], "share"),
        )
        for key, label in named.items()
    ]
    bars = [
        (label, _percent(report[key]["share"]), _percent(report["previous"][key]["share"]))
        for key, label in named.items()
    ]
    note = (
        "Op tijd: de taak is afgerond op of voor het einde van haar termijn. Te laat: later afgerond, of "
        "nog open terwijl de termijn verstreken is. Taken die nog binnen hun termijn lopen tellen niet mee."
    )
    return Table(
        "Termijnen",
        ("Termijn", "Gemeten", "Op tijd", "Te laat", "Aandeel op tijd"),
        rows,
        bars,
        unit="%",
        note=note,
    )


def lead_times(report: dict) -> Table:
    now, before = report["lead_time"], report["previous"]["lead_time"]
    named = {"measured": "Afgesloten klachten", "median": "Mediaan", "p90": "90e percentiel"}
    rows = [(label, number(now[key]), number(before[key])) for key, label in named.items()]
    bars = [(named[key], now[key], before[key]) for key in ("median", "p90") if now[key] is not None]
    note = "Werkdagen van registratie tot de afsluitbevestiging (de klager is tevreden)."
    return Table("Doorlooptijd in werkdagen", ("", "Deze periode", "Vorige periode"), rows, bars, note=note)


def satisfaction(report: dict) -> Table:
    first, rounds = report["satisfied_first"], report["re_resolution"]
    rows = [
        ("Eerste tevredenheidscheck beantwoord", str(first["answered"])),
        ("Tevreden na eerste oplossing", f"{first['satisfied']} ({number(first['share'], 'share')})"),
        ("Rondes heroplossing in totaal", str(rounds["rounds"])),
        ("Klachten met heroplossing", str(rounds["complaints"])),
    ]
    rows += [
        (f"Klachten met {n} {'ronde' if n == '1' else 'rondes'}", str(count))
        for n, count in rounds["distribution"].items()
    ]
    bars = [
        (f"{n} {'ronde' if n == '1' else 'rondes'}", count, None)
        for n, count in rounds["distribution"].items()
    ]
    return Table("Tevredenheid en heroplossing", ("", "Aantal"), rows, bars)


def procedure_changes(report: dict) -> Table:
    changes = report["procedure_changes"]
    rows = [
        (
            c["reference"],
            c["description"],
            dutch_date(c["term"]),
            OUTCOMES[c["outcome"]],
            dutch_date(c["implemented_on"]) if c["implemented_on"] else "-",
        )
        for c in changes["items"]
    ]
    bars = [(label, changes[key], None) for key, label in OUTCOMES.items() if changes[key]]
    note = (
        "Gehaald: bij de controle na afloop van de termijn is bevestigd dat de aanpassing is doorgevoerd. "
        "Niet gehaald: toen was ze nog niet doorgevoerd en is een nieuwe termijn gesteld."
    )
    return Table(
        "Procedurewijzigingen",
        ("Klacht", "Wijziging", "Termijn", "Uitkomst", "Doorgevoerd op"),
        rows,
        bars,
        note=note,
        widths=(3, 6, 2, 4, 2),
        numeric=False,
    )


def handlers(report: dict) -> Table:
    rows, bars = [], []
    for row in report["handlers"]:
        name = f"{row['name']} ({row['handler']})" if row["handler"] else "Nog niet toegewezen"
        rows.append(
            (name, str(row["complaints"]), str(row["open"]), str(row["closed"]), str(row["cancelled"]))
        )
        bars.append((row["name"] or name, row["complaints"], None))
    return Table(
        "Belasting per afhandelaar",
        ("Afhandelaar", "Klachten", "Open", "Gesloten", "Ingetrokken"),
        rows,
        bars,
    )


def number(value, name: str = "") -> str:
    """Dutch notation: 2,5 and 75,0%; a dash for a figure that cannot be computed yet."""
    if value is None:
        return "-"
    if name == "share":
        return f"{value * 100:.1f}%".replace(".", ",")
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value)) if isinstance(value, float) else str(value)


def dutch_date(text: str) -> str:
    return date.fromisoformat(text).strftime("%d-%m-%Y")


def _counts(report, section, part, title, labels, note="") -> Table:
    """Counts by key; a registration field's unexpected values (say, of older forms) come last."""
    now = report[section] if part is None else report[section][part]
    before = report["previous"][section] if part is None else report["previous"][section][part]
    keys = [key for key in labels if key in now]
    if part is not None:
        keys += [key for key in now if key not in labels]
    rows = [(labels.get(key, key), str(now[key]), str(before.get(key, 0))) for key in keys]
    bars = [(labels.get(key, key), now[key], before.get(key, 0)) for key in keys]
    return Table(title, ("", "Deze periode", "Vorige periode"), rows, bars, note=note)


@cache
def _labels(field_name: str) -> dict[str, str]:
    return FormCatalog().schema("registratie")["properties"][field_name]["x-labels"]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)
