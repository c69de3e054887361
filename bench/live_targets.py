"""bench/live.py's targets (issue 19, "Targets"), its parts and the floors that judge them."""

FRAME_MS = 1000 / 60
DRAG_TARGET_MS = {"default": FRAME_MS, "large": 2 * FRAME_MS}  # p95, input event to frame painted
TARGETS = {  # the ratio to its floor each row may reach, per example (issue 19, "Targets")
    "step": {"default": 0.3, "large": 0.5},
    "release": {"default": 1.5, "large": 2.0},
    "table": {"default": 1.3, "large": 2.0},
    "switch": {"default": 2.0},
    "load": {"default": 1.5, "large": 2.0},
}
PRESSES, PRESS_GAP_S = 20, 0.05  # 20 presses in one second
MOUSE_HZ, MOVES_A_CALL = 100, 3  # a 100 Hz mouse, three moves a call to Playwright
LOAD_COMMAND = "python bench/load.py --waves 5"
PARTS = ("step", "drag", "presses", "release", "table", "switch", "load")
FLOORS = {  # the floor page's control (bench/floor_app.py): its interaction, and the parts judged by it
    "key": ("→ key, one heatmap", {"step"}),
    "slider": ("let go of a slider, one heatmap", {"drag", "release"}),
    "editor": ("type in a table, Enter, one heatmap", {"table"}),
    "page": ("switch page by the sidebar's link, one heatmap", {"switch"}),
    "load": ("open the page in a new tab, one heatmap", {"load"}),
}
