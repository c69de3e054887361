"""Components that draw nothing, made and mounted one way: the arrow keys (ui/keys.py), the
connection message (ui/connection.py), the scroll to a new page's top (ui/page_top.py) and a
lesson's fold (ui/below_fold.py).

Each is a Streamlit Components v2 element whose script is a file beside its module. The script is
given `hide(parentElement)`, which takes the element's slot out of the page's layout: an empty
element would still take a row's gap beside the controls.
"""

import contextlib
import pathlib

import streamlit as st

HIDE_JS = """
// This element draws nothing: take its slot out of the layout, so it adds no gap (ui/invisible.py).
// Returns that slot (or undefined), for a script that marks the block around it.
function hide(parentElement) {
  const host = parentElement.host ?? parentElement;
  const slot = host.closest?.('[data-testid="stElementContainer"]');
  if (slot) slot.style.display = "none";
  return slot;
}
"""


def component(name, script):
    """The component `name` running the JavaScript file `script` (a path), with `hide` beside it."""
    return st.components.v2.component(name, js=pathlib.Path(script).read_text(encoding="utf-8") + HIDE_JS)


def mount(made, key, where=st, **kwargs):
    """Draw the component `made` under `key` in `where` (st, or a column or container)."""
    with contextlib.nullcontext() if where is st else where:  # st itself is no container
        return made(key=key, width="content", height="content", **kwargs)
