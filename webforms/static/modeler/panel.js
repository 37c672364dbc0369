// Our own small properties panel for what this engine reads from a diagram: a user task's form,
// a lane's roles, a timer's term in working days and the documentation shown to users. It writes
// the same standard BPMN (spiffworkflow:properties, bpmn:timeDate, bpmn:documentation) as the
// bundled diagram, through bpmn-js's modeling commands, so undo and redo work.
const WORKING_DAYS = /^\s*add_working_days\(\s*now\(\)\s*,\s*(\d+)\s*\)\.isoformat\(\)\s*$/;
const PEOPLE = ["bpmn:UserTask", "bpmn:ManualTask"];
const TIMER_KINDS = ["timeDate", "timeDuration", "timeCycle"];

export function ownPanel(modeler, holder, settings) {
  const modeling = modeler.get("modeling");
  const moddle = modeler.get("moddle");
  let current = null;

  function render() {
    if (!current || current.type === "label") {
      holder.replaceChildren(hint("Kies een element in het diagram."));
      return;
    }
    const bo = current.businessObject;
    const parts = [heading(current)];
    if (PEOPLE.includes(bo.$type) || (bo.$type === "bpmn:StartEvent" && !bo.eventDefinitions?.length)) {
      parts.push(formField(bo));
    }
    if (bo.$type === "bpmn:Lane" && !bo.childLaneSet) parts.push(roleField(bo));
    const timer = bo.eventDefinitions?.find((d) => d.$type === "bpmn:TimerEventDefinition");
    if (timer) parts.push(termField(timer));
    if (bo.$instanceOf("bpmn:FlowNode")) parts.push(documentationField(bo));
    holder.replaceChildren(...parts);
  }

  // -- fields --------------------------------------------------------------------------------

  function formField(bo) {
    const value = property(bo, "formKey") || "";
    const options = [["", "— geen formulier —"], ...settings.forms.map((f) => [f.key, `${f.title} (${f.key})`])];
    if (value && !settings.forms.some((f) => f.key === value)) options.push([value, `onbekend: ${value}`]);
    const select = choice("eigen-formulier", options, value);
    select.addEventListener("change", () => setProperty(bo, "formKey", select.value));
    return field("eigen-formulier", "Formulier", select, "Het formulier dat de gebruiker bij deze stap invult.");
  }

  function roleField(bo) {
    const chosen = (property(bo, "role") || "").split(/\s+/).filter(Boolean);
    const group = document.createElement("fieldset");
    group.className = "veld";
    const legend = document.createElement("legend");
    legend.textContent = "Rollen die de taken in deze lane doen";
    group.append(legend);
    for (const role of settings.roles) {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = `eigen-rol-${role.key}`;
      box.value = role.key;
      box.checked = chosen.includes(role.key);
      box.addEventListener("change", () => {
        const roles = [...group.querySelectorAll("input:checked")].map((b) => b.value);
        setProperty(bo, "role", roles.join(" "));
      });
      const row = document.createElement("div");
      row.className = "keuze";
      row.append(box, labelFor(box.id, role.label));
      group.append(row);
    }
    for (const unknown of chosen.filter((r) => !settings.roles.some((role) => role.key === r))) {
      group.append(hint(`Onbekende rol in het diagram: ${unknown}`));
    }
    return group;
  }

  function termField(definition) {
    const kind = TIMER_KINDS.find((k) => definition.get(k));
    const expression = kind ? definition.get(kind).body || "" : "";
    const match = kind === "timeDate" && expression.match(WORKING_DAYS);
    if (kind && expression.trim() && !match) {
      const code = document.createElement("code");
      code.textContent = expression;
      const wrap = document.createElement("div");
      wrap.className = "veld";
      wrap.append(labelFor(null, "Termijn (expressie)"), code);
      wrap.append(hint("Deze termijn is een expressie; wijzig hem onder ‘Timer’ bij Alle BPMN-eigenschappen."));
      const replace = button("Vervangen door een termijn in werkdagen", () => setTerm(definition, 2));
      wrap.append(replace);
      return wrap;
    }
    const input = document.createElement("input");
    input.type = "number";
    input.min = "0";
    input.max = "250";
    input.step = "1";
    input.id = "eigen-termijn";
    input.value = match ? match[1] : "";
    const error = document.createElement("p");
    error.className = "veldfout";
    error.id = "eigen-termijn-fout";
    error.hidden = true;
    let applied = input.value;
    input.addEventListener("change", () => {
      const typed = input.value.trim();
      if (/^\d+$/.test(typed) && Number(typed) <= 250) {
        setTerm(definition, Number(typed));
        applied = typed;
        error.hidden = true;
        input.removeAttribute("aria-invalid");
        return;
      }
      // Refused with the reason; the field shows the term that still holds.
      const shown = typed || "Dit";
      const holds = applied ? `De termijn blijft ${applied} werkdagen.` : "Er is nog geen termijn ingesteld.";
      error.textContent = `${shown} kan niet: vul een heel aantal werkdagen in, van 0 tot en met 250. ${holds}`;
      error.hidden = false;
      error.setAttribute("role", "alert");
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", "eigen-termijn-fout");
      input.value = applied;
    });
    const wrap = field("eigen-termijn", "Termijn in werkdagen", input,
      "Het einde van de zoveelste werkdag na het moment dat de termijn begint.");
    wrap.insertBefore(error, input);
    return wrap;
  }

  function documentationField(bo) {
    const area = document.createElement("textarea");
    area.id = "eigen-uitleg";
    area.rows = 4;
    area.value = (bo.get("documentation")[0] || {}).text || "";
    area.addEventListener("change", () => setDocumentation(bo, area.value.trim()));
    const shown = PEOPLE.includes(bo.$type) || bo.$type === "bpmn:StartEvent";
    const help = shown ? "Wordt bij de taak getoond aan wie haar doet." : "Voor wie het diagram leest.";
    return field("eigen-uitleg", "Uitleg (documentatie)", area, help);
  }

  // -- writing the diagram ------------------------------------------------------------------

  function property(bo, name) {
    const props = spiffProperties(bo);
    return props?.get("properties").find((p) => p.name === name)?.value;
  }

  function spiffProperties(bo) {
    return bo.get("extensionElements")?.get("values").find((v) => v.$type === "spiffworkflow:properties");
  }

  function setProperty(bo, name, value) {
    let extensions = bo.get("extensionElements");
    if (!extensions) {
      extensions = moddle.create("bpmn:ExtensionElements", { values: [] });
      extensions.$parent = bo;
      modeling.updateModdleProperties(current, bo, { extensionElements: extensions });
    }
    let props = spiffProperties(bo);
    if (!props) {
      props = moddle.create("spiffworkflow:properties", { properties: [] });
      props.$parent = extensions;
      modeling.updateModdleProperties(current, extensions, { values: [...extensions.get("values"), props] });
    }
    const existing = props.get("properties").find((p) => p.name === name);
    if (!value) {
      const rest = props.get("properties").filter((p) => p !== existing);
      modeling.updateModdleProperties(current, props, { properties: rest });
    } else if (existing) {
      modeling.updateModdleProperties(current, existing, { value });
    } else {
      const created = moddle.create("spiffworkflow:property", { name, value });
      created.$parent = props;
      modeling.updateModdleProperties(current, props, { properties: [...props.get("properties"), created] });
    }
  }

  function setTerm(definition, days) {
    const body = `add_working_days(now(), ${days}).isoformat()`;
    const expression = moddle.create("bpmn:FormalExpression", { body });
    expression.$parent = definition;
    modeling.updateModdleProperties(current, definition, {
      timeDate: expression,
      timeDuration: undefined,
      timeCycle: undefined,
    });
  }

  function setDocumentation(bo, text) {
    const [first] = bo.get("documentation");
    if (!text) {
      modeling.updateModdleProperties(current, bo, { documentation: [] });
    } else if (first) {
      modeling.updateModdleProperties(current, first, { text });
    } else {
      const created = moddle.create("bpmn:Documentation", { text });
      created.$parent = bo;
      modeling.updateModdleProperties(current, bo, { documentation: [created] });
    }
  }

  modeler.on("selection.changed", ({ newSelection }) => {
    current = newSelection.length === 1 ? newSelection[0] : null;
    render();
  });
  modeler.on("elements.changed", ({ elements }) => {
    if (current && elements.some((e) => e.id === current.id)) render();
  });
  modeler.on("import.done", () => {
    current = null;
    render();
  });
}

// -- small DOM helpers ----------------------------------------------------------------------

function heading(element) {
  const title = document.createElement("p");
  title.className = "eigen-paneel__element";
  const name = element.businessObject.name || "(zonder naam)";
  title.textContent = `${name} · ${element.type.replace("bpmn:", "")} · ${element.id}`;
  return title;
}

function field(id, text, control, help) {
  const wrap = document.createElement("div");
  wrap.className = "veld";
  wrap.append(labelFor(id, text));
  if (help) wrap.append(hint(help));
  wrap.append(control);
  return wrap;
}

function labelFor(id, text) {
  const label = document.createElement("label");
  if (id) label.htmlFor = id;
  label.textContent = text;
  return label;
}

function choice(id, options, value) {
  const select = document.createElement("select");
  select.id = id;
  for (const [key, text] of options) select.append(new Option(text, key, false, key === value));
  return select;
}

function hint(text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  return p;
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "knop knop--licht knop--klein";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}
