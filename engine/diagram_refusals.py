"""SpiffWorkflow's and the XML schema's refusals of a diagram, said in Dutch.

Their messages are English and may hold object reprs or whole schema paths; a user sees none of
that: the element (id and name, when known), what is wrong in our words, and what to do.
"""

import re

from .element_names import named

# (a fragment of the library's message, what it means and what to do)
KNOWN = (
    (
        "Multiple outgoing flows are not supported",
        "meerdere uitgaande stromen uit een taak voert deze "
        "engine niet uit; zet er een gateway achter, of verbind een stroom die nergens heen wijst opnieuw",
    ),
    (
        "Cannot resolve data",
        "een gegevensassociatie verwijst naar iets dat deze engine niet kent (een "
        "gegevensopslag of een ontbrekend gegevensobject); verwijder de associatie",
    ),
    ("Data Store", "deze engine gebruikt geen gegevensopslag; verwijder de gegevensopslag"),
    (
        "Service Task must have an operator",
        "deze engine heeft geen implementatie voor servicetaken; maak "
        "er een scripttaak of een gebruikerstaak van",
    ),
    (
        "No DMN",
        "deze engine voert geen beslistabellen (DMN) uit; maak er een scripttaak of een "
        "exclusieve gateway van",
    ),
    (
        "Must contain an End event",
        "een deelproces moet een eigen eindgebeurtenis hebben; teken er een aan het eind van elk pad",
    ),
    (
        "no support implemented",
        "dit soort element voert deze engine niet uit; vervang het door een "
        "element uit de tabel in de README",
    ),
    (
        "perhaps a form has the same ID",
        "twee elementen hebben hetzelfde id, of een stroom verwijst naar een "
        "element dat niet bestaat; geef elk element een eigen id",
    ),
)
SCHEMA_ELEMENT = re.compile(r"Element '\{[^}]*\}(\w+)'")
FALLBACK = (
    "deze engine kan dit element niet lezen; vervang het door een element uit de tabel in de "
    "README, of bewaar het diagram opnieuw in een BPMN 2.0-modeler"
)


def refusal(error, tree) -> tuple[str | None, str]:
    """(element id or None, Dutch message) for a ValidationException of the parser."""
    text = str(error)
    element_id = getattr(error, "id", None) or None
    match = SCHEMA_ELEMENT.search(text)
    if match and element_id is None:
        line = getattr(error, "line_number", "") or ""
        where = f" (regel {line})" if line else ""
        return None, (
            f"het bestand volgt het BPMN 2.0-schema niet bij het element '{match.group(1)}'{where}; "
            "verwijder of verbeter dat element, of bewaar het diagram opnieuw in een BPMN 2.0-modeler"
        )
    reason = next((dutch for fragment, dutch in KNOWN if fragment in text), FALLBACK)
    element = _element(tree, element_id)
    return element_id, f"{named(element)}: {reason}" if element is not None else reason


def _element(tree, element_id):
    if not element_id:
        return None
    return next((e for e in tree.iter() if isinstance(e.tag, str) and e.get("id") == element_id), None)


def syntax_problem(what: str, source: str, error: SyntaxError) -> str:
    """Code that is no Python, said without Python's English: where, and for a foreign engine's
    expression language what to write instead."""
    where = f"regel {error.lineno}, kolom {error.offset}" if error.offset else f"regel {error.lineno}"
    if "${" in source or "#{" in source:
        return (
            f"{what} is geschreven voor een andere engine ('${{...}}', JUEL of FEEL) en is geen Python "
            f"({where}); schrijf haar in Python, bijvoorbeeld: bedrag > 1000"
        )
    return f"{what} is geen geldige Python ({where}); verbeter de schrijfwijze"
