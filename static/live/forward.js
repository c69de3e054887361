// The GRU forward pass in the browser: a transcription of gru_step (gru_viz/cells/gru.py), the
// definition, run over the sequence. The NumPy core stays the source of truth: a browser test
// (tests/browser/test_live_forward_browser.py) holds every field of this trace to the server's
// within 1e-12 on random states up to the page limits, extreme weights included.
//
// Notation, as in gru_step: W_ih (3H, I) and W_hh (3H, H) stack the rows of r, z and h~ (PyTorch's
// r, z, n); b_ih and b_hh (3H,) the biases (b_hh may be absent). The state stores z the seed's way
// (z takes the new candidate); the convention shown and a clamp are changes of weights, exactly as
// lessons/explore.shown_model makes them:
//   keeps_old: z's rows and biases negated (1 - sigmoid(a) = sigmoid(-a)), so z becomes 1 - z;
//   a clamp of gate g to v: g's rows of W_ih and W_hh zero, b_ih = logit(v), b_hh = 0.
// Arrays are flat Float64Arrays, row-major: a (T, H) field's [t][j] is at t * H + j.

export const FIELDS = ["h_prev", "a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h"];
const GATE_ROWS = { r: 0, z: 1 };

// gru_viz.cells.activations.sigmoid: e / (1 + e) with e = exp(min(a, 40)), exact in [0, 1].
export function sigmoid(a) {
  const e = Math.exp(Math.min(a, 40));
  return e / (1 + e);
}

// lessons.explore.logit: the pre-activation whose sigmoid is `value`; ±800 stands for 0 and 1.
export function logit(value) {
  if (value <= 0) return -800;
  if (value >= 1) return 800;
  return Math.log(value / (1 - value));
}

function flat(rows) {
  return Float64Array.from(rows.flat());
}

// The weights the shown model runs on: the state's own, in the convention shown, clamp applied.
// `state`: { W_ih, W_hh, b_ih, b_hh (or null), z_convention, clamp (or null) } with nested lists.
export function shownWeights(state) {
  const H = state.W_hh[0].length;
  const I = state.W_ih[0].length;
  const w = {
    H, I,
    W_ih: flat(state.W_ih), W_hh: flat(state.W_hh), b_ih: Float64Array.from(state.b_ih),
    b_hh: state.b_hh == null ? null : Float64Array.from(state.b_hh),
  };
  if (state.z_convention === "keeps_old") {
    for (let row = H; row < 2 * H; row++) negateRow(w, row);
  }
  const clamp = state.clamp;
  if (clamp) {
    const start = GATE_ROWS[clamp.gate] * H;
    const units = clamp.unit == null ? [...Array(H).keys()] : [clamp.unit];
    for (const u of units) {
      const row = start + u;
      w.W_ih.fill(0, row * I, (row + 1) * I);
      w.W_hh.fill(0, row * H, (row + 1) * H);
      w.b_ih[row] = logit(clamp.value);
      if (w.b_hh) w.b_hh[row] = 0;
    }
  }
  return w;
}

function negateRow(w, row) {
  const { H, I } = w;
  for (let k = 0; k < I; k++) w.W_ih[row * I + k] = -w.W_ih[row * I + k];
  for (let k = 0; k < H; k++) w.W_hh[row * H + k] = -w.W_hh[row * H + k];
  w.b_ih[row] = -w.b_ih[row];
  if (w.b_hh) w.b_hh[row] = -w.b_hh[row];
}

// Row `row` of matrix M (n columns) times vector v from offset `at`, plus bias b[row] (b may be null).
function affine(M, n, row, v, at, b) {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += M[row * n + k] * v[at + k];
  return b ? sum + b[row] : sum;
}

// One step: gru_step's equations line for line, for unit j. x at offset xAt, h_prev at hAt.
function step(w, x, xAt, hPrev, hAt, reset, zConvention, out, o) {
  const { H, I, W_ih, W_hh, b_ih, b_hh } = w;
  const rh = new Float64Array(H); // r * h_prev, for reset "before"
  for (let j = 0; j < H; j++) {
    out.h_prev[o + j] = hPrev[hAt + j];
    out.a_r[o + j] = affine(W_ih, I, j, x, xAt, b_ih) + affine(W_hh, H, j, hPrev, hAt, b_hh);
    out.r[o + j] = sigmoid(out.a_r[o + j]); // reset gate: how much of the past the candidate may see
    out.a_z[o + j] = affine(W_ih, I, H + j, x, xAt, b_ih) + affine(W_hh, H, H + j, hPrev, hAt, b_hh);
    out.z[o + j] = sigmoid(out.a_z[o + j]); // update gate: how much of the state to replace
    rh[j] = out.r[o + j] * hPrev[hAt + j];
  }
  for (let j = 0; j < H; j++) {
    const inPart = affine(W_ih, I, 2 * H + j, x, xAt, b_ih);
    if (reset === "before") { // r hides part of the past before W_hn reads it
      out.h_tilde_rec[o + j] = affine(W_hh, H, 2 * H + j, rh, 0, b_hh);
      out.a_h_tilde[o + j] = inPart + out.h_tilde_rec[o + j];
    } else { // W_hn reads the whole past; r scales what it made of it
      out.h_tilde_rec[o + j] = affine(W_hh, H, 2 * H + j, hPrev, hAt, b_hh);
      out.a_h_tilde[o + j] = inPart + out.r[o + j] * out.h_tilde_rec[o + j];
    }
    out.h_tilde[o + j] = Math.tanh(out.a_h_tilde[o + j]); // candidate
    const z = out.z[o + j];
    out.h[o + j] = zConvention === "takes_new"
      ? (1 - z) * hPrev[hAt + j] + z * out.h_tilde[o + j] // z is the share of the candidate taken
      : z * hPrev[hAt + j] + (1 - z) * out.h_tilde[o + j]; // z is the share of the old state kept
  }
}

// The trace of the shown model over the state's inputs, from h0 = 0: { T, H, I, reset,
// z_convention, x, and each of FIELDS as a Float64Array (T * H) }.
//
// `states` (optional, a flat (T * H) array of h_t) makes every step start from the given state
// h_{t-1} instead of this pass's own: the trace of the server's states. Two float64 loops that
// add in different orders drift apart where the dynamics amplify rounding (NumPy's own gru_step
// and gru_forward differ by 1.8 after 200 steps of some random weights), so the live view runs
// from the server's states whenever its own differ from them by more than 1e-12 (main.js).
export function forward(state, states = null) {
  const w = shownWeights(state);
  const { H, I } = w;
  const T = state.x.length;
  const x = flat(state.x);
  const trace = { T, H, I, reset: state.reset, z_convention: state.z_convention, x };
  for (const field of FIELDS) trace[field] = new Float64Array(T * H);
  const zeros = new Float64Array(H);
  for (let t = 0; t < T; t++) {
    const [hPrev, hAt] = t === 0 ? [zeros, 0] : [states ?? trace.h, (t - 1) * H];
    step(w, x, t * I, hPrev, hAt, state.reset, state.z_convention, trace, t * H);
  }
  return trace;
}

// The largest difference between two flat arrays of states (Infinity if their lengths differ).
export function largestDifference(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}

// trace[field] at step t, unit j.
export function at(trace, field, t, j) {
  return trace[field][t * trace.H + j];
}
