// A page opens at its top: Streamlit keeps the main area's scroll position when the learner
// changes page (the same scrolling element stays mounted), so the next lesson would open half
// way down, where the previous one was left.
//
// Mounted on every run with the current page's path; it scrolls only when that path differs from
// the one it saw last in this tab, never on a rerun of the same page (a step, an edit).
export default function (component) {
  hide(component.parentElement);
  const page = component.data?.page ?? null;
  const seen = (window.__gruPageTop ??= { page: null });
  if (seen.page !== null && seen.page !== page) {
    document.querySelector('[data-testid="stMain"]')?.scrollTo({ top: 0, left: 0 });
    window.scrollTo(0, 0);
  }
  seen.page = page;
}
