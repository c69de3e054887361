"""One learner's scripted lesson, spoken over Streamlit's websocket protocol (tests/protocol.py):
open the shared link (the cell page, `?s=` a preset), step ten times (each step a pause: the live
view's message with the step, as its script sends it once the learner stops; ui/live_view.py),
go to the edit page, open its Weights tab and the update gate's table (the page draws only the
open tab), type a weight (unit 1's update-gate bias, a different number in every session), then
switch the z convention. With rounds above 1 it goes back to the cell page and
repeats, stepping backwards, typing a new number and switching back. An interaction's latency runs
from sending the BackMsg to the `script_finished` that ends it.

Each lesson knows the state its actions must lead to, and reads the state the server last put in
its URL (`?s=`): isolation_errors says which sessions did not end in exactly their own.
tests/load/test_sessions.py runs a few at once; bench/load.py runs a class of them.
"""

import asyncio
import random
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from lessons import presets
from lessons.state import StateError, from_url, to_url
from tests.protocol import ProtocolError, Session

EXAMPLE = "Two units, two speeds"  # 16 steps from step 4: ten steps forward and back stay inside
STEPS = 10
KINDS = ("open the link", "step", "switch page", "open the weights", "open a table", "edit a weight",
         "switch convention")
CONVENTIONS = ("takes_new", "keeps_old")  # the sidebar radio's options, in order


def weight_value(index, round_):
    """The number session `index` types in round `round_`: exact in binary, different per session."""
    return 1.0 + index / 8 + round_ / 1024


@dataclass
class Lesson:
    index: int
    times: list = field(default_factory=list)  # (kind, seconds)
    errors: list = field(default_factory=list)  # (kind, message)
    expected: object = None  # the AppState this session's actions should have made
    final: object = None  # the AppState decoded from the session's last ?s=, None if never reached


async def lesson(url, index, *, rounds=1, think=0.0, timeout=60.0, example=EXAMPLE):
    """One learner's scripted lesson; returns a Lesson with every latency and error."""
    result = Lesson(index)
    rng = random.Random(index)
    expected = presets.EXAMPLES[example]()
    session = Session(url, timeout)
    current = "open the link"

    async def act(kind, interaction):
        nonlocal current
        current = kind
        before = len(session.errors)
        try:
            result.times.append((kind, await interaction()))
        finally:
            result.errors.extend((kind, message) for message in session.errors[before:])
        if think:  # a learner reads before the next click; random, so the class does not click in step
            await asyncio.sleep(rng.uniform(0, 2 * think))

    try:
        await session.connect()
        await act("open the link", lambda: session.open("cell", "s=" + to_url(expected)))
        for round_ in range(rounds):
            if round_:
                await act("switch page", lambda: session.goto("cell"))
            forward = round_ % 2 == 0  # back and forth, so the steps never run off the sequence
            for n in range(STEPS):
                expected = expected.with_changes(step=min(max(expected.step + (1 if forward else -1), 0),
                                                          expected.steps - 1))
                message = {"seq": f"{index}:{round_}:{n}", "step": expected.step}
                await act("step", lambda message=message: session.send_live(message))
            await act("switch page", lambda: session.goto("edit"))
            await act("open the weights", lambda: session.open_tab("edit_tab", "Weights"))  # it draws the open tab
            await act("open a table", lambda: session.open_tab("gate_tab", "update gate z"))
            value = weight_value(index, round_)
            await act("edit a weight", lambda value=value: session.edit_table("weights_z", {"1": {"b": repr(value)}}))
            # The table shows the convention in force; under 'keeps old' z's weights are shown negated.
            H = expected.hidden_size
            b_ih = list(expected.b_ih)
            b_ih[H + 1] = value if expected.z_convention == "takes_new" else -value
            expected = expected.with_changes(b_ih=b_ih, example="")
            other = CONVENTIONS[1 - CONVENTIONS.index(expected.z_convention)]
            await act("switch convention", lambda other=other: session.choose("z_choice", CONVENTIONS.index(other)))
            expected = expected.with_changes(z_convention=other)
        result.expected = expected
        try:
            result.final = from_url(parse_qs(session.query_string)["s"][0])
        except (KeyError, StateError) as exc:
            result.errors.append(("isolation", f"the last URL holds no state: {exc!r}"))
    except (ProtocolError, KeyError, IndexError) as exc:
        if not isinstance(exc, ProtocolError):  # a widget the lesson needs was never drawn
            result.errors.append((current, f"{session.kind}: {exc!r}"))
    finally:
        await session.close()
    return result


async def run_sessions(url, count, **options):
    return await asyncio.gather(*(lesson(url, index, **options) for index in range(count)))


def isolation_errors(lessons):
    """(kind, message) for every finished session whose final state is not exactly its own."""
    errors = []
    finals = {}
    for one in lessons:
        if one.final is None or one.expected is None:
            continue
        if one.final != one.expected:
            errors.append(("isolation", f"session {one.index}: the URL's state is not what it did"))
        finals.setdefault(one.final, []).append(one.index)
    errors += [("isolation", f"sessions {shared} ended in the same state") for shared in finals.values()
               if len(shared) > 1]
    return errors
