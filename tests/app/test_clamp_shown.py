"""A forced gate is said on every view of the cell page that shows it: the diagram (a note over the
gate's dashed box), the equations ("z = 0.950 (clamped)") and the sentences under the number lines."""

import pytest

from lessons.presets import random_gru
from lessons.state import Clamp, to_url
from tests.app.helpers import figures, open_app

CELL = "pages/cell_page.py"


def cell_page(clamp, units=3):
    state = random_gru(input_size=3, hidden_size=units).with_changes(clamp=clamp, step=2)
    return open_app(CELL, to_url(state))


def views(at):
    """(diagram's clamp notes, the equations' LaTeX, the number lines' HTML) of the cell page."""
    diagram = figures(at)[0]
    notes = [a["text"] for a in diagram["layout"].get("annotations", []) if a.get("name") == "clamp"]
    latex = " ".join(e.value for e in at.latex)
    html = " ".join(h.proto.body for h in at.get("html"))
    return notes, latex, html


@pytest.mark.parametrize(
    "clamp,note,sentence",
    [
        (Clamp("z", 0.95, 0), "<b>z clamped to 0.95</b> (unit 0)", "Unit 0 keeps"),
        (Clamp("r", 0.0, None), "<b>r clamped to 0.00</b> (every unit)", "Unit 2 keeps"),
    ],
)
def test_a_clamped_gate_is_said_by_the_diagram_equations_and_sentences(clamp, note, sentence):
    notes, latex, html = views(cell_page(clamp))
    assert notes == [note]
    value = f"{clamp.value:.3f}"
    assert rf"{clamp.gate}_{{t,0}} &= {value} \quad \text{{(clamped)}}" in latex
    other = "r" if clamp.gate == "z" else "z"
    assert rf"{other}_{{t,0}} &= \sigma(" in latex  # the free gate keeps its equation
    said = f"Its {clamp.gate} is clamped to {clamp.value:.2f}."
    assert html.count(said) == (1 if clamp.unit is not None else 3)
    start = html.index(sentence)
    assert said in html[start : html.index("</li>", start)]

