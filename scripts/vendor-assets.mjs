// Copies the pinned browser assets from node_modules into webforms/static/vendor (gitignored),
// with their licences; the app serves them itself, nothing comes from a CDN.
import { cpSync, mkdirSync, rmSync } from "node:fs";

const target = "webforms/static/vendor";
const files = {
  "bpmn-js/dist/bpmn-navigated-viewer.production.min.js": "bpmn-js/bpmn-navigated-viewer.production.min.js",
  "bpmn-js/dist/bpmn-modeler.production.min.js": "bpmn-js/bpmn-modeler.production.min.js",
  "bpmn-js/dist/assets/diagram-js.css": "bpmn-js/assets/diagram-js.css",
  "bpmn-js/dist/assets/bpmn-js.css": "bpmn-js/assets/bpmn-js.css",
  "bpmn-js/dist/assets/bpmn-font": "bpmn-js/assets/bpmn-font",
  "bpmn-js/LICENSE": "bpmn-js/LICENSE",
  "bpmn-js-properties-panel/dist/bpmn-js-properties-panel.umd.js": "bpmn-js-properties-panel/bpmn-js-properties-panel.umd.js",
  "bpmn-js-properties-panel/LICENSE": "bpmn-js-properties-panel/LICENSE",
  "@bpmn-io/properties-panel/dist/assets/properties-panel.css": "bpmn-js-properties-panel/properties-panel.css",
  // Only the browser tests load axe-core (the accessibility check); no page of the app does.
  "axe-core/axe.min.js": "axe-core/axe.min.js",
  "axe-core/LICENSE": "axe-core/LICENSE",
};

rmSync(target, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(`${target}/${to}`.split("/").slice(0, -1).join("/"), { recursive: true });
  cpSync(`node_modules/${from}`, `${target}/${to}`, { recursive: true });
}
console.log(`vendored ${Object.keys(files).length} assets into ${target}`);
