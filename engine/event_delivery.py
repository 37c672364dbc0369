"""Message and signal catches that nothing can deliver.

A case only hears what its own process, its subprocesses and the processes it calls throw: the
engine has no way in from outside, so such a catch would keep the case waiting forever.
"""

from collections import defaultdict

from .bpmn_xml import NS, is_bpmn, local
from .element_names import named

CATCHERS = ("startEvent", "intermediateCatchEvent", "boundaryEvent")
THROWERS = ("intermediateThrowEvent", "endEvent")


def undeliverable(tree) -> list[tuple[str | None, str]]:
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
