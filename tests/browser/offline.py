"""Offline by default (issue 18): a browser context whose network ends at the loopback interface.

Every context the tests open (conftest.page_at) routes its requests through `block_other_hosts`:
a request for the test server (127.0.0.1 or localhost) goes on, a request for any other host
(a font, an icon, a script, an image) is aborted and recorded, and the test that made it fails at
teardown naming the URLs. A classroom without internet, or one that must not tell a font host its
students' addresses, then sees exactly what these tests see.

`page_complete` checks that what the page asked for arrived: no broken image, no font face that
failed to load, the Material icon font served by the server itself, and no element that points a
browser at another host (a favicon, a stylesheet, a script; Chromium fetches a favicon outside
the page's own requests, so the route alone would not see it).
"""

import re

_REFUSED = {}  # context -> the URLs of other hosts it asked for, in order


# Any URL but one of the loopback hosts: only these requests reach the handler below, so a request
# for the server is never held up by a round trip through this (test) process.
ELSEWHERE = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])[:/])")


def block_other_hosts(context):
    """Abort and record every request of `context` for a host other than loopback."""
    refused = _REFUSED.setdefault(context, [])

    def route(request_route):
        refused.append(request_route.request.url)
        request_route.abort("internetdisconnected")

    context.route(ELSEWHERE, route)
    return refused


def refused(page_or_context):
    """The URLs of other hosts asked for so far by this page's context (a live list)."""
    context = getattr(page_or_context, "context", page_or_context)
    return _REFUSED.setdefault(context, [])


def forget(context):
    """The context's refused URLs, no longer tracked (called when the context closes)."""
    return _REFUSED.pop(context, [])


# JS: what the document loaded or refers to, for page_complete.
LOADED = """() => {
  const local = u => { if (!u || /^(data|blob|about|javascript):/.test(u)) return true;
                       return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u, location.href).hostname); };
  const sources = [...document.querySelectorAll('link[href]')].map(e => e.href)
    .concat([...document.querySelectorAll('img, script, iframe, source, video, audio')].map(e => e.src))
    .concat([...document.querySelectorAll('image')].map(e => e.getAttribute('href') || e.getAttribute('xlink:href')))
    .concat(performance.getEntriesByType('resource').map(e => e.name));
  const images = [...document.querySelectorAll('img')];
  const icons = [...document.querySelectorAll('[data-testid="stIconMaterial"]')];
  return {
    elsewhere: [...new Set(sources.filter(u => !local(u)))],
    broken_images: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 120)),
    failed_fonts: [...document.fonts].filter(f => f.status === 'error').map(f => f.family),
    icons: icons.length,
    icon_font: [...document.fonts].filter(f => f.family.includes('Material Symbols')).map(f => f.status),
    icon_family: icons.length ? getComputedStyle(icons[0]).fontFamily : '',
  };
}"""


def page_complete(page, name):
    """Assert that page `name` has everything it asked for, all from the server itself; returns
    what was seen (LOADED's fields)."""
    page.wait_for_function("() => document.fonts.status === 'loaded'", timeout=30_000, polling=100)
    seen = page.evaluate(LOADED)
    assert not seen["elsewhere"], f"{name}: the page refers to other hosts: {seen['elsewhere']}"
    assert not seen["broken_images"], f"{name}: images that did not load: {seen['broken_images']}"
    assert not seen["failed_fonts"], f"{name}: fonts that failed to load: {seen['failed_fonts']}"
    assert seen["icons"] and "loaded" in seen["icon_font"], (
        f"{name}: {seen['icons']} Material icons in {seen['icon_family']!r}, its font faces {seen['icon_font']}"
    )
    assert not refused(page), f"{name}: requests for other hosts: {refused(page)}"
    return seen
