// Numbers written exactly as the Python side writes them (Python's format()), so a number the
// browser shows reads the same as the server's tables, downloads and tests.

// `value` with `digits` decimals exactly as Python's format(value, f".{digits}f") writes it: the
// nearest decimal of the double's exact value, a tie (0.0625 to 3 decimals) to the even digit,
// where JavaScript's toFixed rounds ties up; and a sign kept on -0 and on negatives that round to 0.
// `plus`: "+" for positives (Python's "+" flag); `minus`: the character written for "-".
export function fixed(value, digits, { plus = false, minus = "-" } = {}) {
  const negative = value < 0 || Object.is(value, -0);
  const size = Math.abs(value);
  let text = size.toFixed(digits);
  if (size < 1e21) {
    const exact = size.toFixed(100); // every digit of the double (exact for |value| > 2^-47)
    const point = exact.indexOf(".");
    const rest = exact.slice(point + 1 + digits);
    if (/^50*$/.test(rest)) { // a tie: keep the truncated digits when their last one is even
      const truncated = exact.slice(0, digits ? point + 1 + digits : point);
      if (Number(truncated.at(-1)) % 2 === 0) text = truncated;
    }
  }
  return (negative ? minus : plus ? "+" : "") + text;
}

// Python's f"{value:.0%}".
export function percent(value) {
  return fixed(value * 100, 0) + "%";
}
