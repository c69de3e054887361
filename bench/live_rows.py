"""bench/live.py's table: each part's results as rows, judged against their floors and targets."""

import os
import statistics

from bench import cases
from bench.live_targets import DRAG_TARGET_MS, FLOORS, LOAD_COMMAND, TARGETS


def ms(seconds):
    return cases.summary(seconds)


def ratio_row(measure, page, example, seconds, floor, limit, note=""):
    """A timing row against its floor's median, judged against `limit` times it."""
    if isinstance(seconds, str):
        return cases.Row(measure, page, "-", example, note=seconds)
    median, p95 = ms(seconds)
    floor_ms = ms(floor)[0] if isinstance(floor, list) and floor else None
    ratio = median / floor_ms if floor_ms else None
    meets = None if ratio is None or limit is None else ratio <= limit
    notes = [note] + ([] if floor_ms else ["no floor (not measured)"])
    return cases.Row(measure, page, "-", example, median, p95, "ms", ratio,
                     f"<= {limit:g}x floor" if limit is not None else "-", meets, "; ".join(n for n in notes if n),
                     len(seconds))


def server_note(runs):
    """The medians of the server's part after an interaction (Session.timeline)."""
    def median(name):
        values = [run[name] for run in runs if run[name] is not None]
        return f"{statistics.median(values):.0f}" if values else "-"

    return (f"from the event (medians): the page asks for a run +{median('rerun')} ms, the new link arrives "
            f"+{median('link')} ms, the run's end +{median('finished')} ms")


def floor_rows(results):
    floors = {key[1]: value for key, value in results.items() if key[0] == "floor"}
    key_floor = ms(floors["key"])[0] if isinstance(floors.get("key"), list) else None
    out = []
    for control, value in floors.items():
        name = FLOORS[control][0]
        if isinstance(value, str):
            out.append(cases.Row("floor", name, "-", "-", note=value))
            continue
        median, p95 = ms(value)
        out.append(cases.Row("floor", name, "-", "-", median, p95, "ms", median / key_floor if key_floor else None,
                             "-", None, "ratio: to the key floor", len(value)))
    return floors, out


def frame_rows(value, example):
    if value is None:
        return []
    if isinstance(value, str):
        return [cases.Row("frame floor", "cell", "-", example, note=value)]
    key, drag = ms(value["key"]), ms([s["ms"] / 1e3 for s in value["drag"]])
    return [
        cases.Row("frame floor: a key nothing handles, to its frame", "cell", "-", example, *key, "ms",
                  note="the least any step can take here", samples=len(value["key"])),
        cases.Row("frame floor: a bare range input dragged", "cell", "-", example, *drag, "ms",
                  note=f"the least any drag can take here; {len(value['drag'])} events", samples=len(value["drag"])),
    ]


STEP_ROWS = [  # (result key, row, page)
    ("step key cell", "step: → key to its frame", "cell"),
    ("step click cell", "step: click next › to its frame", "cell"),
    ("step key sequence", "step: → key to its frame", "sequence"),
]


def step_rows(results, floors, example):
    out = []
    for key, name, page in STEP_ROWS:
        value = results.get((key, example))
        if value is not None:
            out.append(ratio_row(name, page, example, value, floors.get("key"), TARGETS["step"][example]))
    return out


def drag_rows(results, floors, example):
    out = []
    for page in ("cell", "edit"):
        value = results.get((f"drag {page}", example))
        if value is None:
            continue
        name = "drag a weight: input event to its frame"
        if isinstance(value, str):
            out += [cases.Row(name, page, "-", example, note=value),
                    cases.Row("let go of a drag to the link", page, "-", example, note=value)]
            continue
        samples, limit = value["events"], DRAG_TARGET_MS[example]
        median, p95 = ms([s["ms"] / 1e3 for s in samples])
        handler = ms([s["handler"] / 1e3 for s in samples])
        note = (f"{len(samples)} events; the view's own handler p50 {handler[0]:.1f} ms, p95 {handler[1]:.1f} ms; "
                f"{len(value['long'])} long tasks (> 50 ms) in the drags"
                + (f", the longest {max(value['long']):.0f} ms" if value["long"] else "")
                + f"; {value['early']} runs asked for mid-drag")
        out.append(cases.Row(name, page, "-", example, median, p95, "ms", None, f"p95 <= {limit:.1f} ms", p95 <= limit,
                             "; ".join([note] + value["notes"]), len(samples)))
        out.append(ratio_row("let go of a drag to the link", page, example, value["releases"], floors.get("slider"),
                             TARGETS["release"][example], server_note(value["server"])))
    return out


def press_rows(value, example):
    if value is None:
        return []
    if isinstance(value, str):
        return [cases.Row("20 → presses in one second", "cell", "-", example, note=value)]
    rounds, lost, linked = len(value["lost"]), max(value["lost"]), sum(value["link"])
    tick = 1 / os.sysconf("SC_CLK_TCK")
    during, idle_cpu = statistics.median(value["cpu"]), statistics.median(value["idle_cpu"])
    walk = "the walk turns at the last step" if example == "default" else "all forward"
    return [
        cases.Row("20 → presses in one second: presses lost", "cell", "-", example, statistics.median(value["lost"]),
                  lost, "", None, "0 lost, the link at the end", lost == 0 and linked == rounds,
                  f"{rounds} rounds; the link at the last press's step after the pause in {linked}/{rounds}; {walk}; "
                  f"the first to the last keydown {statistics.median(value['span']):.0f} ms (median)",
                  rounds),
        cases.Row("server: frames the browser sends while stepping", "cell", "-", example,
                  statistics.median(value["sent_during"]), max(value["sent_during"]), "", None, "0 until the pause",
                  max(value["sent_during"]) == 0,
                  f"after the pause: {max(value['sent_after'])} frames, {max(value['runs_after'])} rerun at most "
                  f"(one run; the server's CPU for it {1e3 * statistics.median(value['pause_cpu']):.0f} ms)", rounds),
        cases.Row("server: CPU during 20 steps", "cell", "-", example, 1e3 * during, 1e3 * max(value["cpu"]), "ms",
                  None, "0 runs: idle CPU", during <= idle_cpu + 2 * tick,
                  f"over as long idle before: {1e3 * idle_cpu:.0f} ms (the CPU clock ticks every {1e3 * tick:.0f} ms; "
                  "judged within two ticks)", rounds),
    ]


def switch_rows(value, floor, example):
    if value is None:
        return []
    if isinstance(value, str):
        return [cases.Row("page switch (sidebar link)", "every page", "-", example, note=value)]
    out, limit = [], TARGETS["switch"]["default"]
    for path, seconds in value["times"].items():
        sign = value["signatures"].get(path) or {}
        what = f"{sign.get('charts', 0)} charts" + (f", live view {sign['live']['kind']}" if sign.get("live") else "")
        ended = statistics.median(run["finished"] for run in value["server"][path])
        out.append(ratio_row("page switch (sidebar link)", path, example, seconds, floor, limit,
                             f"{what}; the server's run ends +{ended:.0f} ms (median)"))
    medians = [ms(seconds)[0] for seconds in value["times"].values()]
    if medians and isinstance(floor, list):
        floor_ms, every = ms(floor)[0], [s for seconds in value["times"].values() for s in seconds]
        out.append(cases.Row("page switch, every page", "all", "-", example, *ms(every), "ms", ms(every)[0] / floor_ms,
                             f"<= {limit:g}x floor, each page", max(medians) / floor_ms <= limit,
                             f"every switch pooled; the slowest page's median {max(medians) / floor_ms:.2f}x",
                             len(every)))
    return out


LOWER_BOUNDS = {  # the floor app's pages of each page (bench/figure_floor.py): row name, note, what it shows
    "figures": ("lower bound: the page's figures alone",
                "a bare page of the floor app drawing only this page's Plotly figures", "these figures"),
    "screens": ("lower bound: the page's first screen alone",
                "the floor app sending again what the app sent for this page's first screen, sidebar included, "
                "with no Python run behind it, in the sidebar's order as above", "this first screen"),
}


def figure_rows(results, floor):
    """The switch's lower bounds: each lesson page's figures alone, then each page's first screen
    alone, in the floor app."""
    limit, out = TARGETS["switch"]["default"], []
    for kind, (name, note, shown) in LOWER_BOUNDS.items():
        value = results.get((kind, "default"))
        if isinstance(value, str):
            out.append(cases.Row(name, "every page", "-", "default", note=value))
            continue
        for path, seconds in (value or {}).items():
            row = ratio_row(name, path.removesuffix("_screen"), "default", seconds, floor, None,
                            f"{note} (bench/figure_floor.py)")
            if row.ratio is not None and row.ratio > limit:
                row.note += f"; above {limit:g}x: no page showing {shown} can meet the target"
            out.append(row)
    return out


def rows(results, examples):
    floors, out = floor_rows(results)
    for example in examples:
        if ("open", example) in results:
            out.append(cases.Row("open the example", "cell", "-", example, note=results[("open", example)]))
            continue
        out += frame_rows(results.get(("frames", example)), example)
        out += step_rows(results, floors, example)
        out += drag_rows(results, floors, example)
        out += press_rows(results.get(("presses", example)), example)
        table = results.get(("table", example))
        if table is not None:
            times = table if isinstance(table, str) else table["times"]
            note = "" if isinstance(table, str) else server_note(table["server"])
            out.append(ratio_row("type a weight, Enter, to the live view", "edit", example, times, floors.get("editor"),
                                 TARGETS["table"][example], note))
        out += switch_rows(results.get(("switch", example)), floors.get("page"), example)
        if example == "default":
            out += figure_rows(results, floors.get("page"))
        load = results.get(("load", example))
        if load is not None:
            out.append(ratio_row("first load of a shared link", "cell", example, load, floors.get("load"),
                                 TARGETS["load"][example], "a warm server; the cell page at the link's step"))
    out.append(cases.Row("40 sessions, no pause, 2 classes", "cell", "-", "default",
                         note=f"bench/load.py's: {LOAD_COMMAND} (p95 <= 1 s, 0 errors; memory class 2 to 5 <= 2 %)"))
    return out
