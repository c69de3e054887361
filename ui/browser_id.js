// Keep this browser's id (ui/browser_id.py) in a cookie, so the next tab and a reload send it.
// The value is the server's own random id, checked by the server's pattern on the way back in.
export default function (component) {
  hide(component.parentElement);
  const { name, value, days } = component.data ?? {};
  if (!/^gru_viz_[a-z]+$/.test(name ?? "") || !/^[A-Za-z0-9_-]{22}$/.test(value ?? "")) return;
  document.cookie = `${name}=${value}; path=/; max-age=${days * 86400}; SameSite=Strict`;
}
