// The process owner's modeler: bpmn-js (served by this app) with the standard properties panel,
// our own panel for what the engine reads, a live list of problems from the server, and deploy.
import { dutch } from "./dutch.js";
import { ownPanel } from "./panel.js";
import { ProblemList } from "./problems.js";

const settings = JSON.parse(document.getElementById("modeler-instellingen").textContent);
const notice = document.getElementById("modeler-melding");
const canvasHolder = document.getElementById("canvas");
const deployButton = document.getElementById("deployen");
const CHECK_DELAY = 400;

function say(text, kind = "info") {
  notice.textContent = text;
  notice.className = `melding melding--${kind}`;
  notice.hidden = false;
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": settings.csrf },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  const answer = await response.json().catch(() => ({}));
  return { status: response.status, answer };
}

async function main() {
  const descriptor = await (await fetch(settings.descriptor)).json();
  const modeler = new BpmnJS({
    container: canvasHolder,
    propertiesPanel: { parent: "#bpmn-paneel" },
    additionalModules: [
      BpmnJSPropertiesPanel.BpmnPropertiesPanelModule,
      BpmnJSPropertiesPanel.BpmnPropertiesProviderModule,
      dutch,
    ],
    moddleExtensions: { spiffworkflow: descriptor },
  });
  ownPanel(modeler, document.getElementById("eigen-paneel"), settings);
  const problems = new ProblemList(
    modeler,
    document.getElementById("problemen"),
    document.getElementById("controle-status"),
  );
  let revision = 0;
  let timer = null;

  async function check() {
    const asked = revision;
    deployButton.disabled = true;
    const { xml } = await modeler.saveXML({ format: true });
    const { status, answer } = await post(settings.check, { xml });
    if (asked !== revision) return; // the diagram changed meanwhile; a newer check follows
    problems.show(answer.problems || [{ element: null, message: `De controle mislukte (${status}).` }]);
    deployButton.disabled = !problems.clean;
  }

  function changed() {
    revision += 1;
    deployButton.disabled = true;
    clearTimeout(timer);
    timer = setTimeout(check, CHECK_DELAY);
  }

  async function open(xml, source) {
    try {
      const { warnings } = await modeler.importXML(xml);
      modeler.get("canvas").zoom("fit-viewport");
      canvasHolder.dataset.status = "klaar";
      if (source) document.getElementById("modeler-bron").textContent = source;
      if (warnings.length) say(`Geopend met ${warnings.length} waarschuwing(en) van de modeler.`, "waarschuwing");
    } catch (error) {
      say(`Dit diagram kan niet worden geopend: ${error.message}`, "fout");
      return;
    }
    changed();
  }

  modeler.on("commandStack.changed", changed);
  document.getElementById("controleren").addEventListener("click", check);
  document.getElementById("nieuw").addEventListener("click", async () => {
    open(await (await fetch(settings.blank)).text(), "Nieuw diagram (nog niet in gebruik).");
  });
  document.getElementById("bestand").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > settings.maxBytes) {
      say(`Dit bestand is te groot: een diagram mag hoogstens ${settings.maxBytes / 1000} kB zijn.`, "fout");
      return;
    }
    const text = await file.text();
    if (text.includes("<!DOCTYPE")) {
      say("Dit bestand wordt geweigerd: een DOCTYPE (DTD of entiteiten) is niet toegestaan.", "fout");
      return;
    }
    open(text, `Geopend uit het bestand ${file.name} (nog niet in gebruik).`);
  });
  document.getElementById("downloaden").addEventListener("click", async () => {
    const { xml } = await modeler.saveXML({ format: true });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([xml], { type: "application/xml" }));
    link.download = "klachtafhandeling.bpmn";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
  document.getElementById("deploy-formulier").addEventListener("submit", async (event) => {
    event.preventDefault();
    deployButton.disabled = true;
    const { xml } = await modeler.saveXML({ format: true });
    const comment = document.getElementById("toelichting").value;
    const { status, answer } = await post(settings.deploy, { xml, comment });
    if (status === 200) {
      say(answer.message, answer.new ? "succes" : "info");
      const link = document.createElement("a");
      link.href = answer.versions_url;
      link.textContent = "Bekijk de versies";
      notice.append(" ", link);
      return;
    }
    problems.show(answer.problems || [{ element: null, message: `In gebruik nemen mislukte (${status}).` }]);
    say("Het diagram is niet in gebruik genomen: los eerst de problemen op.", "fout");
  });

  if (settings.diagram) {
    open(await (await fetch(settings.diagram)).text());
  } else {
    open(await (await fetch(settings.blank)).text());
  }
}

main().catch((error) => say(`De modeler kon niet starten: ${error.message}`, "fout"));
