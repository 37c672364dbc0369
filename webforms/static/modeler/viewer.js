// One deployed version, drawn read-only by bpmn-js's navigated viewer (pan and zoom).
const holder = document.getElementById("canvas");
const notice = document.getElementById("viewer-melding");

async function main() {
  const viewer = new BpmnJS({ container: holder });
  const xml = await (await fetch(holder.dataset.diagram)).text();
  await viewer.importXML(xml);
  viewer.get("canvas").zoom("fit-viewport");
  holder.dataset.status = "klaar";
}

main().catch((error) => {
  holder.dataset.status = "fout";
  notice.textContent = `Het diagram kon niet worden getoond: ${error.message}`;
  notice.hidden = false;
});
