/* The auditor's diagram: one deployed version drawn by bpmn-js (served by this app), with a
   marker class per element (a complaint's path, or the heat of each step) and text labels as
   overlays. What to draw comes from the JSON in #diagram-gegevens; the page computes it. */
(function () {
  "use strict";

  var holder = document.getElementById("diagram");
  var source = document.getElementById("diagram-gegevens");
  if (!holder || !source) {
    return;
  }
  var config = JSON.parse(source.textContent);

  function fail(text) {
    holder.setAttribute("data-status", "fout");
    var note = document.getElementById("diagram-melding");
    if (note) {
      note.textContent = text;
      note.hidden = false;
    }
  }

  if (typeof BpmnJS === "undefined") {
    fail("Het diagram kon niet worden geladen.");
    return;
  }
  var viewer = new BpmnJS({ container: holder });

  // Show the pool of this process (a file may hold more processes), with a small margin.
  function focus(canvas, registry) {
    var pool = registry.filter(function (element) {
      var ref = element.type === "bpmn:Participant" && element.businessObject.processRef;
      return ref && ref.id === config.process;
    })[0];
    if (!pool) {
      canvas.zoom("fit-viewport");
      return;
    }
    var margin = 20;
    canvas.viewbox({
      x: pool.x - margin,
      y: pool.y - margin,
      width: pool.width + 2 * margin,
      height: pool.height + 2 * margin
    });
  }

  function mark(canvas, registry) {
    var markers = config.markers || {};
    Object.keys(markers).forEach(function (css) {
      markers[css].forEach(function (id) {
        if (registry.get(id)) {
          canvas.addMarker(id, css);
        }
      });
    });
  }

  function label(overlays, registry) {
    var labels = config.labels || {};
    Object.keys(labels).forEach(function (id) {
      if (!registry.get(id)) {
        return;
      }
      var tag = document.createElement("div");
      tag.className = "drukte-label";
      tag.textContent = labels[id];
      overlays.add(id, "drukte", { position: { top: -22, left: 0 }, html: tag });
    });
  }

  fetch(config.xml, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    })
    .then(function (xml) {
      return viewer.importXML(xml);
    })
    .then(function () {
      var canvas = viewer.get("canvas");
      var registry = viewer.get("elementRegistry");
      focus(canvas, registry);
      mark(canvas, registry);
      label(viewer.get("overlays"), registry);
      holder.setAttribute("data-status", "klaar");
    })
    .catch(function (error) {
      fail("Het diagram kon niet worden getoond: " + error.message);
    });
})();
