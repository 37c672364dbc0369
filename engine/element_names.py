"""How a Dutch message names a BPMN element: its kind and its name."""

from .bpmn_xml import local

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


def named(element) -> str:
    """How a message names an element: its kind and name, e.g. "servicetaak 'Factuur sturen'"."""
    kind = KIND.get(local(element), "element")
    return f"{kind} '{element.get('name')}'" if element.get("name") else kind
