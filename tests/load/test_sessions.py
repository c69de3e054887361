"""Concurrent sessions against a real `streamlit run app.py`: a short version of bench/load.py.

Four protocol clients (tests/protocol.py) do the scripted lesson (tests/load/lesson.py) at the
same time: open the shared link on the cell page, step ten times, type a weight on the edit page
(each a different number), switch the z convention. No session may see an error, and the state
each one ends with in its URL must be exactly its own: a session that read another's state (a
module-level global, a cache entry that is mutated) would end with the wrong weight. Last, a class
opening the link together on a freshly started server: every first visit must get the router
(app.py) and its sidebar.
"""

import asyncio

import pytest

from lessons import presets
from lessons.state import to_url
from tests.helpers import ROOT
from tests.load.lesson import EXAMPLE, isolation_errors, run_sessions, weight_value
from tests.protocol import Session, run_async
from tests.servers import serving

SESSIONS = 4


@pytest.fixture(scope="module")
def app_url():
    # The repository's .streamlit/config.toml applies (XSRF protection on, as deployed).
    with serving(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="module")
def lessons(app_url):
    return run_async(run_sessions(app_url, SESSIONS, timeout=30.0))


def test_concurrent_lessons_finish_without_errors(lessons):
    assert [error for one in lessons for error in one.errors] == []
    assert [len(one.times) for one in lessons] == [16] * SESSIONS  # open, 10 steps, page, two tabs, edit, convention


def test_each_session_ends_in_exactly_its_own_state(lessons):
    for one in lessons:
        assert one.final is not None, f"session {one.index} never reached the end of its lesson"
        assert one.final == one.expected
        H = one.final.hidden_size
        assert one.final.b_ih[H + 1] == weight_value(one.index, 0)  # the number this session typed
        assert one.final.z_convention == "keeps_old"
        assert one.final.step == 14  # the link's step 4, ten steps on
    assert len({one.final for one in lessons}) == SESSIONS
    assert isolation_errors(lessons) == []


async def _first_visits(url, count):
    async def visit():
        async with Session(url, timeout=30.0) as session:
            await session.open("cell", "s=" + to_url(presets.EXAMPLES[EXAMPLE]()))
            return "z_choice" in session.widgets  # the sidebar, which only the router (app.py) draws

    return await asyncio.gather(*(visit() for _ in range(count)))


def test_a_class_opening_the_link_on_a_fresh_server_all_get_the_router():
    with serving(ROOT / "app.py") as url:
        routed = run_async(_first_visits(url, SESSIONS))
    assert routed == [True] * SESSIONS


async def _switch_examples(url, times):
    """A tab that tells the server it keeps every cacheable message (as a browser does), switching the
    sequence page between two examples: a repeat the server sent as a reference is an error."""
    async with Session(url, timeout=30.0, claim_cached=True) as session:
        await session.open("sequence")
        names = session.options["example_choice"]
        for k in range(times):
            await session.choose("example_choice", names.index(EXAMPLE if k % 2 == 0 else names[0]))
        return session.errors, session.cached


def test_the_server_never_answers_with_a_reference_to_the_browsers_copy(app_url):
    # A browser drops its copies of messages after a few runs; a reference to a dropped copy ends
    # the session in a "Cached ForwardMsg MISS" dialog (.streamlit/config.toml, [global]).
    errors, claimed = run_async(_switch_examples(app_url, 4))
    assert errors == [] and claimed == set()

