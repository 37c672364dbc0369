"""What this engine can run, read from a diagram's XML before SpiffWorkflow parses it.

Every element it cannot run is refused before deploy with its id, its name and what to do instead,
so that no diagram deploys and then stalls or fails when a case reaches that element. The README's
table of BPMN elements says the same.
"""

from collections import defaultdict

from .bpmn_xml import FLOW_NODES, NS, is_bpmn, local

KIND = {
    "serviceTask": "servicetaak",
    "businessRuleTask": "bedrijfsregeltaak",
    "complexGateway": "complexe gateway",
    "transaction": "transactie",
    "adHocSubProcess": "ad-hoc-deelproces",
    "dataStoreReference": "gegevensopslag",
    "dataStore": "gegevensopslag",
    "startEvent": "startgebeurtenis",
    "intermediateCatchEvent": "tussengebeurtenis",
    "intermediateThrowEvent": "tussengebeurtenis",
    "boundaryEvent": "grensgebeurtenis",
    "endEvent": "eindgebeurtenis",
    "receiveTask": "ontvangsttaak",
    "sequenceFlow": "stroom",
    "task": "taak",
    "userTask": "gebruikerstaak",
    "manualTask": "handmatige taak",
    "scriptTask": "scripttaak",
    "sendTask": "verzendtaak",
    "callActivity": "aanroep",
    "subProcess": "deelproces",
    "exclusiveGateway": "exclusieve gateway",
    "inclusiveGateway": "inclusieve gateway",
    "parallelGateway": "parallelle gateway",
    "eventBasedGateway": "gebeurtenisgestuurde gateway",
}
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


def named(element) -> str:
    """How a message names an element: its kind and name, e.g. "servicetaak 'Factuur sturen'"."""
    kind = KIND.get(local(element), "element")
    return f"{kind} '{element.get('name')}'" if element.get("name") else kind


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
        *_undeliverable(tree),
    ]


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


def _undeliverable(tree) -> list[tuple[str | None, str]]:
    """Message and signal catches that nothing can deliver: a case only hears what its own process,
    its subprocesses and the processes it calls throw (the engine has no way in from outside)."""
    names = _event_names(tree)
    thrown, caught = defaultdict(set), []
    for element in tree.iter():
        for kind, name in _events_of(element, names):
            process = _process_of(element)
            if is_bpmn(element, *THROWERS, "sendTask"):
                thrown[process].add((kind, name))
            elif is_bpmn(element, *CATCHERS, "receiveTask"):
                caught.append((element, process, kind, name))
        if is_bpmn(element, "receiveTask") and not element.get("messageRef"):
            caught.append((element, _process_of(element), "message", ""))
    groups = _process_groups(tree)
    found = []
    for element, process, kind, name in caught:
        what = "bericht" if kind == "message" else "signaal"
        which = f"het {what} '{name}'" if name else f"een {what} zonder naam"
        if is_bpmn(element, "startEvent") and is_bpmn(element.getparent(), "process"):
            reason = (
                f"dit proces start op {which}, maar niemand kan het sturen; gebruik "
                "een gewone startgebeurtenis (met een formulier) of een timer"
            )
            found.append((element.get("id"), f"{named(element)}: {reason}"))
            continue
        heard = any(
            process in group and (kind, name) in set().union(*(thrown[p] for p in group)) for group in groups
        )
        if not heard:
            reason = (
                f"wacht op {which}, maar niets in het diagram stuurt het, dus de zaak "
                f"zou hier blijven staan; laat een gebeurtenis of taak in hetzelfde proces het {what} "
                "sturen, of gebruik een gebruikerstaak of een timer"
            )
            found.append((element.get("id"), f"{named(element)}: {reason}"))
    return found


def _event_names(tree) -> dict[str, str]:
    names = {}
    for element in tree.iter():
        if is_bpmn(element, "message", "signal") and element.get("id"):
            names[element.get("id")] = element.get("name") or element.get("id")
    return names


def _events_of(element, names) -> list[tuple[str, str]]:
    found = []
    if is_bpmn(element, "sendTask", "receiveTask") and element.get("messageRef"):
        found.append(("message", names.get(element.get("messageRef"), element.get("messageRef"))))
    for child in element:
        if is_bpmn(child, "messageEventDefinition", "signalEventDefinition"):
            kind = "message" if local(child) == "messageEventDefinition" else "signal"
            ref = child.get("messageRef" if kind == "message" else "signalRef") or ""
            found.append((kind, names.get(ref, ref)))
    return found


def _process_of(element):
    while element is not None and not is_bpmn(element, "process"):
        element = element.getparent()
    return None if element is None else element.get("id")


def _process_groups(tree) -> list[set]:
    """Per process, itself and every process its call activities run (transitively)."""
    calls = defaultdict(set)
    for activity in tree.iterfind(".//bpmn:callActivity", NS):
        calls[_process_of(activity)].add(activity.get("calledElement"))
    groups = []
    for process in tree.iterfind(".//bpmn:process", NS):
        group, todo = {process.get("id")}, [process.get("id")]
        while todo:
            for called in calls[todo.pop()] - group:
                group.add(called)
                todo.append(called)
        groups.append(group)
    return groups
