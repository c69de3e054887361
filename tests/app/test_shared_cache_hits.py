"""What the shared cache (ui/shared_cache.POOL) must keep giving the app, now that it is bounded in
bytes: a step move or a page switch finds the trace already made, and a second learner on the same
example is handed the very objects the first one made."""

from tests.app.helpers import open_app, run_checked, send_live
from ui import compute
from ui.shared_cache import POOL


def traces_made():
    return {key for key in POOL._entries if key[0] == "ui.compute._trace"}


def test_steps_and_page_switches_reuse_the_trace_and_other_learners_share_it():
    POOL.clear()
    first = open_app("pages/cell_page.py")
    made = traces_made()
    assert len(made) == 1
    misses = POOL.misses
    send_live(first, {"seq": "s:1", "step": 5})
    first.switch_page("pages/sequence_page.py")
    run_checked(first)
    assert traces_made() == made  # the step is not in the key; the sequence page reads the same trace
    assert POOL.misses == misses  # the live view needs no figure: nothing new was built

    second = open_app("pages/sequence_page.py")  # another session on the same example
    misses = POOL.misses
    run_checked(second)
    assert POOL.misses == misses  # everything it shows was already in the pool
    state = second.session_state["app_state"]
    assert compute._trace(compute._canonical(state), None) is POOL._entries[next(iter(made))][0]
