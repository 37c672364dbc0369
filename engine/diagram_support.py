"""What this engine can run, read from a diagram's XML before SpiffWorkflow parses it.

Every element it cannot run is refused before deploy with its id, its name and what to do instead,
so that no diagram deploys and then stalls or fails when a case reaches that element. The README's
table of BPMN elements says the same.
"""

from .bpmn_xml import FLOW_NODES, NS, is_bpmn, local
from .element_names import named
from .event_delivery import undeliverable

ELEMENTS = {
    "serviceTask": "deze engine heeft geen implementatie voor servicetaken; maak er een scripttaak of "
    "een gebruikerstaak van",
    "businessRuleTask": "deze engine voert geen beslistabellen (DMN) uit; maak er een scripttaak of een "
    "exclusieve gateway van",
    "complexGateway": "deze engine voert geen complexe gateways uit; gebruik een exclusieve, parallelle "
    "of inclusieve gateway",
    "transaction": "deze engine voert geen transacties (met compensatie) uit; gebruik een gewoon deelproces",
    "adHocSubProcess": "deze engine voert geen ad-hoc-deelprocessen uit; gebruik een deelproces met een "
    "vaste volgorde of losse gebruikerstaken",
    "dataStoreReference": "deze engine gebruikt geen gegevensopslag; de gegevens van een zaak staan in de "
    "zaak zelf (de velden van de formulieren); verwijder de gegevensopslag",
    "dataStore": "deze engine gebruikt geen gegevensopslag; verwijder de gegevensopslag",
}
EVENTS = {
    "compensateEventDefinition": "deze engine voert geen compensatie uit; modelleer het herstel als "
    "gewone taken",
    "conditionalEventDefinition": "deze engine bewaakt geen voorwaarden (ze kijkt alleen als iemand iets "
    "doet); gebruik een exclusieve gateway of een timer",
    "cancelEventDefinition": "een annuleergebeurtenis hoort bij een transactie, en die voert deze engine "
    "niet uit; gebruik een fout-gebeurtenis (error)",
}
DEFINITIONS = (
    "messageEventDefinition",
    "signalEventDefinition",
    "timerEventDefinition",
    "errorEventDefinition",
    "escalationEventDefinition",
    "terminateEventDefinition",
    "linkEventDefinition",
    *EVENTS,
)
PYTHON = frozenset({"python", "python3", "py", "text/python", "text/x-python"})
# SpiffWorkflow names its own start and end tasks so; an element with such an id is lost.
RESERVED_IDS = frozenset({"Start", "End"})
CATCHERS = ("startEvent", "intermediateCatchEvent", "boundaryEvent")
THROWERS = ("intermediateThrowEvent", "endEvent")


def support_problems(tree) -> list[tuple[str | None, str]]:
    """Elements and event definitions the engine cannot run, and catches nothing can deliver to."""
    found = []
    for element in tree.iter():
        if is_bpmn(element, *ELEMENTS):
            found.append((element.get("id"), f"{named(element)}: {ELEMENTS[local(element)]}"))
        if is_bpmn(element, *CATCHERS, *THROWERS):
            found.extend(_event_problems(element))
        language = (element.get("scriptFormat") or "python").strip()
        if is_bpmn(element, "scriptTask") and language.lower() not in PYTHON:
            reason = f"het script is in '{language}' geschreven; deze engine voert alleen Python uit"
            found.append((element.get("id"), f"{named(element)}: {reason}; schrijf het script in Python"))
    return [
        *found,
        *_identity_problems(tree),
        *_dangling_flows(tree),
        *_calls_elsewhere(tree),
        *_event_subprocess_starts(tree),
        *undeliverable(tree),
    ]


def _event_subprocess_starts(tree) -> list[tuple[str | None, str]]:
    """SpiffWorkflow 3.2 starts an event subprocess on an error or escalation at once, and one on
    a message or signal never; only a timer start behaves (see event_subprocesses.py)."""
    found = []
    for element in tree.iterfind(".//bpmn:subProcess[@triggeredByEvent='true']/bpmn:startEvent", NS):
        if element.find("bpmn:timerEventDefinition", NS) is None:
            reason = (
                "een gebeurtenis-deelproces start in deze engine alleen op een timer; vang een fout, "
                "escalatie, bericht of signaal op met een grensgebeurtenis op een (deel)proces"
            )
            found.append((element.get("id"), f"{named(element)}: {reason}"))
    return found


def _calls_elsewhere(tree) -> list[tuple[str | None, str]]:
    """Call activities must call a process of the same file: that is what gets deployed together."""
    processes = {p.get("id") for p in tree.iterfind(".//bpmn:process", NS)}
    found = []
    for activity in tree.iterfind(".//bpmn:callActivity", NS):
        called = activity.get("calledElement") or ""
        if called not in processes:
            what = f"het proces '{called}'" if called else "geen proces"
            reason = (
                f"roept {what} aan, en dat staat niet in dit bestand; zet het aangeroepen proces als "
                "eigen pool in hetzelfde diagram, of maak er een deelproces van"
            )
            found.append((activity.get("id"), f"{named(activity)}: {reason}"))
    return found


def _identity_problems(tree) -> list[tuple[str | None, str]]:
    """Flow elements without an id, and ids the library keeps for its own tasks."""
    found = []
    for element in tree.iter():
        if not is_bpmn(element, *FLOW_NODES, "sequenceFlow"):
            continue
        if not element.get("id"):
            ends = (
                f" van '{element.get('sourceRef')}' naar '{element.get('targetRef')}'"
                if element.get("sourceRef")
                else ""
            )
            found.append(
                (
                    None,
                    f"een {named(element)}{ends} heeft geen id; geef elk element een id "
                    "(een BPMN-modeler doet dat vanzelf)",
                )
            )
        elif element.get("id") in RESERVED_IDS:
            found.append(
                (
                    element.get("id"),
                    f"{named(element)}: het id '{element.get('id')}' gebruikt "
                    "de engine zelf; geef dit element een ander id",
                )
            )
    return found


def _event_problems(element) -> list[tuple[str | None, str]]:
    definitions = [child for child in element if is_bpmn(child, *DEFINITIONS, "eventDefinitionRef")]
    if any(is_bpmn(d, "eventDefinitionRef") for d in definitions):
        reason = (
            "een verwijzing naar een elders gedefinieerde gebeurtenis leest deze engine niet; zet "
            "de definitie in de gebeurtenis zelf"
        )
        return [(element.get("id"), f"{named(element)}: {reason}")]
    if len(definitions) > 1:
        reason = (
            "een gebeurtenis met meerdere definities voert deze engine niet uit; maak er losse "
            "gebeurtenissen van (bijvoorbeeld na een gebeurtenisgestuurde gateway)"
        )
        return [(element.get("id"), f"{named(element)}: {reason}")]
    return [
        (element.get("id"), f"{named(element)}: {EVENTS[local(d)]}")
        for d in definitions
        if local(d) in EVENTS
    ]


def _dangling_flows(tree) -> list[tuple[str | None, str]]:
    ids = {element.get("id") for element in tree.iter() if isinstance(element.tag, str)}
    found = []
    for flow in tree.iterfind(".//bpmn:sequenceFlow", NS):
        for end in ("sourceRef", "targetRef"):
            if flow.get(end) not in ids:
                reason = (
                    f"deze stroom verwijst naar '{flow.get(end)}', dat niet in het diagram staat; "
                    "verbind haar opnieuw in de modeler"
                )
                found.append((flow.get("id"), reason))
    return found
