"""A user's string, shown as itself: every string that comes from a user, a link or a file goes
through `literal` before it reaches Markdown (st.markdown, st.caption, st.subheader, st.error...).

Streamlit's Markdown acts on links and images, raw HTML, KaTeX between dollars, code spans and
its own :colour[...] and :icon: directives. CommonMark shows any ASCII punctuation character
that follows a backslash as that character, so escaping each one Markdown could act on leaves
nothing for it to interpret. Bare web addresses and e-mail addresses are made into links after
escapes are resolved (GitHub's autolink extension works on the text), so an invisible word joiner
(U+2060) goes before every '.', ':' and '@': it draws nothing, and no address is recognised.
"""

JOINER = "\u2060"

ACTIVE = frozenset("\\`*_{}[]()<>#+-.!|$~:&@=\"'/")


def literal(text, limit=80):
    """Markdown that shows `text` exactly: every character Markdown acts on escaped, runs of white
    space (line breaks too) as one space, and cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    escaped = ("\\" + ch if ch in ACTIVE else ch for ch in text)
    return "".join(JOINER + ch if ch[-1] in ".:@" else ch for ch in escaped)
