// The problems the server found in the diagram: a list whose items select their element, and a
// red marker on each element that has a problem.
const MARKER = "heeft-probleem";

export class ProblemList {
  constructor(modeler, list, status) {
    this.modeler = modeler;
    this.list = list;
    this.status = status;
    this.marked = [];
    this.clean = false;
  }

  show(problems) {
    const canvas = this.modeler.get("canvas");
    this.marked.forEach((element) => canvas.removeMarker(element, MARKER));
    this.marked = [];
    this.list.replaceChildren(...problems.map((problem) => this.item(problem)));
    this.clean = problems.length === 0;
    this.status.textContent = this.clean
      ? "Geen problemen gevonden: dit diagram kan in gebruik worden genomen."
      : `${problems.length} ${problems.length === 1 ? "probleem" : "problemen"}: los ze op om te kunnen deployen.`;
    this.status.className = this.clean ? "controle__status controle__status--goed" : "controle__status";
  }

  item(problem) {
    const element = this.find(problem.element);
    const item = document.createElement("li");
    if (!element) {
      item.textContent = problem.element ? `${problem.element}: ${problem.message}` : problem.message;
      return item;
    }
    this.modeler.get("canvas").addMarker(element, MARKER);
    this.marked.push(element);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "probleem";
    button.dataset.element = element.id;
    button.textContent = `${label(element)}: ${problem.message}`;
    button.addEventListener("click", () => {
      this.modeler.get("selection").select(element);
      this.modeler.get("canvas").scrollToElement(element);
    });
    item.append(button);
    return item;
  }

  // An element id, or a process id (shown as its pool).
  find(id) {
    if (!id) return null;
    const registry = this.modeler.get("elementRegistry");
    return (
      registry.get(id) ||
      registry.find((e) => e.type === "bpmn:Participant" && e.businessObject.processRef?.id === id) ||
      null
    );
  }
}

export function label(element) {
  const name = element.businessObject.name;
  return name ? `${name.replace(/\s+/g, " ")}` : element.id;
}
