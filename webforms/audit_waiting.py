"""Where complaints wait: per step of the diagram how many complaints are there now and how long
the steps finished in a chosen period took (median), as heat levels for the diagram overlay."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .complaint_forms import PROCESS
from .dutch_time import FIRST_DAY, LOCAL, day_from_input
from .form_data import whole_number

LEVELS = 5  # drukte-0 (calm) .. drukte-4 (the bottleneck)
DEFAULT_DAYS = 90
MEASURES = {"tijd": "Mediane doorlooptijd", "aantal": "Aantal klachten nu"}


@dataclass(frozen=True)
class WaitingChoice:
    start: date
    end: date
    measure: str  # a key of MEASURES
    version: int | None

    @classmethod
    def from_args(cls, args, today: date) -> "WaitingChoice":
        end = day_from_input(args.get("tot")) or today
        # By default the DEFAULT_DAYS before the end, yet never before the first day a form accepts.
        start = day_from_input(args.get("van")) or end - min(timedelta(days=DEFAULT_DAYS), end - FIRST_DAY)
        return cls(
            start=min(start, end),
            end=end,
            measure=args.get("kleur") if args.get("kleur") in MEASURES else "tijd",
            version=whole_number(args.get("versie")) or None,
        )

    def drawn_version(self, versions):
        """The deployed version whose diagram is drawn: the chosen one, or else the newest."""
        chosen = [v for v in versions if v.version == self.version] if self.version else versions[-1:]
        return chosen[0] if chosen else None

    def engine_arguments(self) -> dict:
        """The period as moments: from the start of `start` to the end of `end`, local time."""
        return {
            "process_id": PROCESS,
            "start": datetime.combine(self.start, time(0), tzinfo=LOCAL),
            "end": datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=LOCAL),
            "version": self.version,
        }


@dataclass(frozen=True)
class StepHeat:
    bpmn_id: str
    title: str
    waiting_now: int
    finished: int
    median: str  # readable duration, "" when nothing finished
    level: int


def heat(loads, measure: str) -> list[StepHeat]:
    """Heat levels relative to the busiest step, by the chosen measure."""
    values = {load.bpmn_id: _measure(load, measure) for load in loads}
    top = max(values.values(), default=0) or 1
    return [
        StepHeat(
            bpmn_id=load.bpmn_id,
            title=load.title,
            waiting_now=load.waiting_now,
            finished=load.finished,
            median=duration_text(load.median_seconds),
            level=min(LEVELS - 1, round(values[load.bpmn_id] / top * (LEVELS - 1))),
        )
        for load in loads
    ]


def diagram_config(steps: list[StepHeat], xml_url: str) -> dict:
    """What static/audit/diagram.js needs for the heatmap: a marker and a label per step."""
    return {
        "xml": xml_url,
        "process": PROCESS,
        "markers": {f"drukte-{n}": [s.bpmn_id for s in steps if s.level == n] for n in range(LEVELS)},
        "labels": {step.bpmn_id: _label(step) for step in steps},
    }


def duration_text(seconds: float | None) -> str:
    """'2 dagen 3 uur', '5 uur 10 min', '4 min'."""
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} {'dag' if days == 1 else 'dagen'}" + (f" {hours} uur" if hours else "")
    if hours:
        return f"{hours} uur" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"


def _measure(load, measure: str) -> float:
    return load.waiting_now if measure == "aantal" else (load.median_seconds or 0)


def _label(step: StepHeat) -> str:
    text = f"{step.waiting_now} nu"
    return f"{text} · {step.median}" if step.median else text
