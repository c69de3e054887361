"""bench/live.py's clock in the page: the harness every document of its contexts runs, and the
waits and timings built on it."""


from bench.page_tools import TIMEOUT, idle

# In every document of the bench's contexts (add_init_script). `arm` times the next event of a type
# to the first frame where a check holds; `drag` times every input event of one slider; `load`
# times a first load from the navigation's start; `presses` reads the step after each keydown. It
# also notes when each websocket frame leaves or arrives, each address the page writes, and the
# long tasks.
HARNESS = r"""
(() => {
  if (window.__bench) return;
  // When each websocket frame left or arrived, on the page's clock (Session.timeline pairs them, in
  // order, with the types Playwright reports).
  const sockets = (window.__benchSocket = { sent: [], received: [] });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => sockets.received.push(performance.now()));
    }
    send(data) {
      sockets.sent.push(performance.now());
      return super.send(data);
    }
  };
  // Every change of the address (Streamlit writes ?s= with pushState), on the page's clock.
  const addresses = (window.__benchHistory = []);
  for (const name of ['pushState', 'replaceState']) {
    const native = history[name].bind(history);
    history[name] = (...args) => {
      addresses.push([performance.now(), String(args[2] ?? location.href)]);
      return native(...args);
    };
  }
  // Long tasks (over 50 ms) on the page's main thread: settle() waits for a quiet page.
  const longs = (window.__benchLong = []);
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longs.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no Long Tasks API: settle() then waits for nothing */ }
  const afterFrame = (done) => {  // posted in a frame's callback: handled once that frame is done
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(null);
  };
  const fresh = (el) => !el.closest('[data-stale="true"]');
  // A figure drawn, or left for later because it is far below the screen (static/figure/).
  const settled = (gd) => Boolean(gd.querySelector('.main-svg')) || gd.dataset.pending === 'offscreen';
  // The figures not below a page's fold (ui/below_fold.py), which a page switch draws in its first pass.
  const aboveFold = (figures) => figures.filter((gd) => !gd.closest('[data-gv-fold]'));
  // Wholly below the visible part of the main column: nothing of it is on the screen yet.
  const belowScreen = (el) => {
    const main = el.closest('[data-testid="stMain"]');
    return el.getBoundingClientRect().top >= (main ? main.getBoundingClientRect().bottom : window.innerHeight);
  };
  // The live view's root, in its component's shadow root (not one left from a page being replaced).
  const live = () => {
    for (const box of document.querySelectorAll('.st-key-live_view')) {
      if (!fresh(box)) continue;
      for (const el of box.querySelectorAll('*')) {
        const root = el.shadowRoot && el.shadowRoot.querySelector('.gl-live');
        if (root) return root;
      }
    }
    return null;
  };
  const number = (text) => Number(String(text).replace('\u2212', '-'));
  const CHECKS = {
    always: () => true,
    // A Plotly chart (the floor's heatmap) whose text matches `pattern`.
    chart: (pattern) => {
      const re = new RegExp(pattern);
      return [...document.querySelectorAll('.js-plotly-plot')].some((gd) => fresh(gd) && re.test(gd.textContent));
    },
    // The live view `kind` shows step t of T in its label and every view, and (h not null) the
    // followed unit's h at that step.
    step: ({ kind, t, T, h }) => {
      const root = live();
      if (!root || !root.classList.contains(`gl-${kind}`)) return false;
      const label = root.querySelector('.gl-steplabel');
      if (!label || !label.textContent.startsWith(`Step t = ${t} of ${T} `)) return false;
      if (kind === 'cell') {
        const title = root.querySelector('.gl-box-diagram svg text');
        if (!title || !new RegExp(`^One GRU step at t = ${t}(?!\\d)`).test(title.textContent)) return false;
        const lines = root.querySelector('.gl-box-numbers [role=figure]');
        if (!lines || lines.getAttribute('aria-label') !== `number lines at step ${t}`) return false;
        const eq = root.querySelector('.gl-box-equations .gl-eq');
        if (!eq || !(eq.getAttribute('aria-label') || '').includes(` at step ${t}:`)) return false;
        const slots = [...eq.querySelectorAll('[data-value]')];
        return h === null || slots.some((s) => Math.abs(Number(s.dataset.value) - h) < 1e-9);
      }
      const plot = root.querySelector('.gl-box-heatmaps .gl-hm-plot');
      if (!plot || !plot.querySelector('canvas')) return false;
      if (plot.style.getPropertyValue('--gl-step') !== String(t)) return false;
      const shown = /, h = (\S+)\.( |$)/.exec(plot.getAttribute('aria-label') || '');
      return h === null || Boolean(shown && Math.abs(number(shown[1]) - h) < 6e-4);
    },
    // The live heatmaps' tooltip shows `value`: the pointer rested on a cell, and every update
    // rewrites the tip from the trace it paints (the tip may hide once the rerun moves the page).
    tooltip: (value) => {
      const tip = live()?.querySelector('.gl-hm-tooltip');
      const shown = tip && /: (-?\d+\.\d+)$/.exec(tip.textContent);
      return Boolean(shown && Math.abs(Number(shown[1]) - value) < 6e-5);
    },
    // A page: its heading, its `charts` figures above the fold drawn (or left until scrolled near),
    // every figure it has drawn so far too, no skeleton, its live view at its step, and the rest
    // below its fold (ui/below_fold.py) drawn unless the fold is below the screen.
    page: ({ heading, charts, live: view }) => {
      const main = document.querySelector('[data-testid="stMain"]') || document.body;
      if (![...main.querySelectorAll('h1')].some((h) => fresh(h) && h.textContent.trim() === heading)) return false;
      if (main.querySelector('[data-testid="stSkeleton"]')) return false;
      const figures = [...main.querySelectorAll('.gv-figure')].filter(fresh);
      const waiting = [...main.querySelectorAll('[data-gv-fold="waiting"]')].filter(fresh);
      return aboveFold(figures).length >= charts && figures.every(settled) && waiting.every(belowScreen)
        && (!view || CHECKS.step({ ...view, h: null }));
    },
  };
  // Check every frame from now; resolve with the time after the first frame where the check holds.
  const watch = (check, arg, t0, resolve, timeout) => {
    const began = performance.now();
    let frames = 0;
    const frame = () => {
      frames++;
      if (CHECKS[check](arg)) afterFrame((t1) => resolve({ ms: t1 - t0, frames }));
      else if (performance.now() - began < timeout) requestAnimationFrame(frame);
      else resolve({ error: `no frame showed ${check} ${JSON.stringify(arg)} within ${timeout} ms` });
    };
    requestAnimationFrame(frame);
  };
  window.__bench = {
    live, CHECKS, settled, aboveFold,
    // The next `type` event, caught before the page's own listeners. `handled`: from the event to
    // the end of the page's listeners (the live view's are on the document or the element).
    arm(type, check, arg, timeout) {
      this.result = new Promise((resolve) => {
        let handled = null;
        window.addEventListener(type, (e) => { handled = performance.now() - e.timeStamp; }, { once: true });
        window.addEventListener(type, (e) => {
          watch(check, arg, e.timeStamp, (out) => resolve({ ...out, handled, t0: e.timeStamp }), timeout);
        }, { capture: true, once: true });
      });
    },
    // From the navigation's start to the frame (a first load).
    load(check, arg, timeout) {
      this.result = new Promise((resolve) => watch(check, arg, 0, resolve, timeout));
    },
    // Every input event of the live editor's slider `label` (or, label null, of a bare range input
    // put over the page, the frame floor) until stopDrag(): from the event to the frame that paints
    // its value; `handler`: the view's own listener, which redraws every view (static/live/main.js).
    drag(label) {
      let input, output = null;
      if (label === null) {
        input = Object.assign(document.createElement('input'), { type: 'range', min: 0, max: 1000, value: 500 });
        input.id = 'bench-bare';
        input.style.cssText = 'position:fixed;left:320px;top:8px;width:300px;z-index:999999';
        document.body.append(input);
      } else {
        input = [...live().querySelectorAll('.gl-editor input[type=range]')]
          .find((i) => i.getAttribute('aria-label') === label);
        output = input.closest('.gl-slider-row').querySelector('output');
      }
      const samples = [], open = [], since = performance.now();
      let on = true;
      const after = (e) => open.push({ t: e.timeStamp, handled: performance.now(), value: Number(input.value) });
      const frame = () => {  // the output writes the value with 2 decimals
        if (open.length && (!output || Math.abs(number(output.textContent) - open.at(-1).value) < 0.0051)) {
          const painted = open.splice(0);
          afterFrame((t1) => { for (const s of painted) samples.push({ ms: t1 - s.t, handler: s.handled - s.t }); });
        }
        if (on) requestAnimationFrame(frame);
      };
      input.addEventListener('input', after);  // after the view's own listener
      requestAnimationFrame(frame);
      this.stopDrag = () => new Promise((resolve) => {
        on = false;
        input.removeEventListener('input', after);
        const value = Number(input.value);
        const long = longs.filter(([start]) => start >= since).map(([, duration]) => duration);
        requestAnimationFrame(() => afterFrame(() => resolve({ samples, unpainted: open.length, value, long })));
      });
    },
    // The step the label shows after each keydown (the live view listens on the document), and
    // when each came.
    presses() {
      const steps = [], times = [];
      const read = (e) => {
        const label = live()?.querySelector('.gl-steplabel');
        const m = label && /Step t = (\d+)/.exec(label.textContent);
        steps.push(m ? Number(m[1]) : null);
        times.push(e.timeStamp);
      };
      window.addEventListener('keydown', read);
      this.stopPresses = () => { window.removeEventListener('keydown', read); return { steps, times }; };
    },
  };
})();
"""


QUIET = """(ms) => {
  const last = window.__benchLong.at(-1);
  return performance.now() - (last ? last[0] + last[1] : 0) > ms;
}"""


def settle(page, quiet_ms=400):
    """Wait until Streamlit runs no script and the page has had no long task for `quiet_ms`: the
    rendering after a run can outlast the run's end by a few hundred ms, and would be timed with
    the next interaction."""
    idle(page)
    page.wait_for_function(QUIET, arg=quiet_ms, timeout=TIMEOUT)


def timed(page, act, check, arg, event, timeout=TIMEOUT):
    """{ms, frames, handled}: from the `event` that `act()` causes to the first frame where
    CHECKS[check](arg) holds."""
    page.evaluate("([e, c, a, t]) => __bench.arm(e, c, a, t)", [event, check, arg, timeout])
    act()
    out = page.evaluate("() => __bench.result")
    if "error" in out:
        raise RuntimeError(out["error"])
    return out
