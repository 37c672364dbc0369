"""A process read as its steps and their order, for a process's contract: the steps a process
declares that every version of it must keep (ProcessPlugin.contracts) are checked on this outline.

The outline is plain data; the contract that reads it belongs to the process, not to the engine.
"""

from collections import defaultdict
from dataclasses import dataclass

from .bpmn_xml import NS, flow_nodes, is_bpmn, local, sequence_flows, spiff_properties, timer
from .plugin import ProcessPlugin
from .sandbox import free_names


@dataclass(frozen=True)
class Step:
    id: str
    kind: str  # the BPMN element: "userTask", "startEvent", "endEvent", ...
    name: str
    form: str | None
    roles: tuple[str, ...]  # the roles of its lane
    assignee: str | None  # the expression naming who does it ("handler")
    terms: tuple[str, ...]  # expressions of the timers attached to it
    terminates: bool  # an end event that ends the whole process


class ProcessOutline:
    """The steps of one process and the ways between them (a boundary event leaves its task)."""

    def __init__(self, process):
        self.steps: dict[str, Step] = {}
        self._place: dict[str, str] = {}  # a step inside an embedded subprocess -> that subprocess
        roles = _lane_roles(process)
        attached = defaultdict(list)
        for node in process.iter():
            if is_bpmn(node, "boundaryEvent") and timer(node):
                attached[node.get("attachedToRef")].append(timer(node)[1])
        for node in flow_nodes(process):
            self._add(node, node.get("id"), roles, attached)
        self._edges, self._conditions = _edges(process, set(self._place.values()))
        self._starts = {node.get("id") for node in flow_nodes(process) if _starts(node)}

    def before(self, first: str, then: str) -> bool:
        """Every way from a start to `then` passes `first`."""
        a, b = self._place.get(first), self._place.get(then)
        if a is None or b is None:
            return False
        return a == b or b not in self._reached(self._starts - {a}, blocked={a})

    def reaches(self, source: str, target: str, unless: str | None = None) -> bool:
        """A way leads from `source` to `target`; with `unless`, one that never takes a sequence
        flow whose condition reads that name."""
        a, b = self._place.get(source), self._place.get(target)
        if a is None or b is None:
            return False
        return b in self._reached(set(self._edges.get(a, ())) - self._guarded(a, unless), unless=unless)

    def _guarded(self, source, name) -> set[str]:
        return {
            t for t in self._edges.get(source, ()) if name and name in self._conditions.get((source, t), ())
        }

    def _reached(self, seeds, blocked=frozenset(), unless=None) -> set[str]:
        seen = set(seeds) - set(blocked)
        todo = list(seen)
        while todo:
            key = todo.pop()
            for following in set(self._edges.get(key, ())) - self._guarded(key, unless):
                if following not in seen and following not in blocked:
                    seen.add(following)
                    todo.append(following)
        return seen

    def _add(self, node, place, roles, attached):
        key = node.get("id")
        if not key:
            return
        self._place[key] = place
        props = spiff_properties(node)
        self.steps[key] = Step(
            id=key,
            kind=local(node),
            name=node.get("name") or key,
            form=props.get("formKey") or None,
            roles=roles.get(key, ()),
            assignee=props.get("assignee") or None,
            terms=tuple(attached.get(key, ())),
            terminates=node.find("bpmn:terminateEventDefinition", NS) is not None,
        )
        if is_bpmn(node, "subProcess", "transaction", "adHocSubProcess"):
            for inner in flow_nodes(node):
                self._add(inner, place, roles, attached)


def contract_problems(tree, plugin: ProcessPlugin) -> list[tuple[str | None, str]]:
    """What a process with a contract lost in this diagram, by the contract's own words."""
    found = []
    for process in tree.iterfind("bpmn:process", NS):
        contract = plugin.contracts.get(process.get("id"))
        if contract is not None:
            found.extend(contract(ProcessOutline(process)))
    return found


def _lane_roles(process) -> dict[str, tuple[str, ...]]:
    roles = {}
    for lane in process.iterfind(".//bpmn:lane", NS):
        names = tuple(spiff_properties(lane).get("role", "").split())
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            roles[(ref.text or "").strip()] = names
    return roles


def _edges(process, places) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    edges, conditions = defaultdict(set), {}
    for flow in sequence_flows(process):
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        if source in places and target in places:
            edges[source].add(target)
            condition = flow.find("bpmn:conditionExpression", NS)
            conditions[(source, target)] = _names(condition.text if condition is not None else "")
    for node in flow_nodes(process):
        if is_bpmn(node, "boundaryEvent") and node.get("attachedToRef") in places:
            edges[node.get("attachedToRef")].add(node.get("id"))
    return edges, conditions


def _names(expression: str | None) -> set[str]:
    try:
        return free_names(expression or "")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()  # code the sandbox refuses; code_problems says why


def _starts(node) -> bool:
    return is_bpmn(node, "startEvent") or (
        is_bpmn(node, "subProcess") and node.get("triggeredByEvent") == "true"
    )
