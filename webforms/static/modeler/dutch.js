// Dutch for the texts people see most in bpmn-js and its properties panel; anything not listed
// stays English. Used as bpmn-js's `translate` service.
const DUTCH = {
  "Activate hand tool": "Verschuiven",
  "Activate lasso tool": "Selecteren met lasso",
  "Activate create/remove space tool": "Ruimte maken of weghalen",
  "Activate global connect tool": "Verbinden",
  "Create start event": "Startgebeurtenis maken",
  "Create intermediate/boundary event": "Tussen- of grensgebeurtenis maken",
  "Create end event": "Eindgebeurtenis maken",
  "Create gateway": "Gateway maken",
  "Create task": "Taak maken",
  "Create data object reference": "Gegevensobject maken",
  "Create data store reference": "Gegevensopslag maken",
  "Create expanded sub-process": "Subproces maken",
  "Create pool/participant": "Pool maken",
  "Create group": "Groep maken",
  "Append end event": "Eindgebeurtenis toevoegen",
  "Append gateway": "Gateway toevoegen",
  "Append task": "Taak toevoegen",
  "Append intermediate/boundary event": "Tussengebeurtenis toevoegen",
  "Append timer intermediate catch event": "Wachten op een termijn toevoegen",
  "Append message intermediate catch event": "Wachten op een bericht toevoegen",
  "Append receive task": "Ontvangsttaak toevoegen",
  "Add lane above": "Lane erboven toevoegen",
  "Add lane below": "Lane eronder toevoegen",
  "Add text annotation": "Notitie toevoegen",
  "Change element": "Soort element wijzigen",
  "Connect to other element": "Verbinden met een ander element",
  "Connect using association": "Verbinden met een associatie",
  "Delete": "Verwijderen",
  "Toggle non-interrupting": "Onderbrekend aan/uit",
  "Search in diagram": "Zoeken in het diagram",
  "General": "Algemeen",
  "Name": "Naam",
  "ID": "ID",
  "Documentation": "Documentatie",
  "Element documentation": "Documentatie van het element",
  "Process documentation": "Documentatie van het proces",
  "Executable": "Uitvoerbaar",
  "Process": "Proces",
  "Process name": "Procesnaam",
  "Process ID": "Proces-ID",
  "Timer": "Timer",
  "Type": "Soort",
  "Value": "Waarde",
  "Date": "Datum (timeDate)",
  "Duration": "Duur (timeDuration)",
  "Cycle": "Herhaling (timeCycle)",
  "<none>": "<geen>",
  "Message": "Bericht",
  "Signal": "Signaal",
  "Select an element to edit its properties.": "Kies een element om zijn eigenschappen te bewerken.",
  "Multiple elements are selected. Select a single one to edit its properties.":
    "Er zijn meerdere elementen gekozen. Kies er één om zijn eigenschappen te bewerken.",
};

function translate(template, replacements = {}) {
  const text = DUTCH[template] || template;
  return text.replace(/{([^}]+)}/g, (_, key) => replacements[key] ?? `{${key}}`);
}

export const dutch = { translate: ["value", translate] };
