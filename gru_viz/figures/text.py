"""Caller-given labels as Plotly text that shows them literally.

Plotly reads a subset of HTML inside every text it draws (tick labels, hover text, annotations,
titles, customdata placed by a hovertemplate): <a href>, <b>, <i>, <span style>, <br>, <sub> and
entities. A learner's typed token such as `<a href="...">x</a>` would become a live link in a tick
label. Plotly decodes the entities &amp; &lt; &gt; back to the characters, so replacing these
three characters is enough for the label to be shown as typed (svg_text_utils.js,
convertEntities). No plotly import: the library's text helpers stay importable without it.
"""

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_TABLE = str.maketrans(_ENTITIES)


def plotly_literal(text) -> str:
    """`text` (any value, shown as str) as Plotly text that draws exactly these characters."""
    return str(text).translate(_TABLE)


def plotly_literals(labels) -> list:
    """Every label of `labels` through plotly_literal, as a list."""
    return [plotly_literal(label) for label in labels]
