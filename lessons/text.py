"""A user's string, shown as itself: every string that comes from a user, a link or a file goes
through `literal` before it reaches Markdown (st.markdown, st.caption, st.subheader, st.error...).

Streamlit's Markdown acts on links and images, raw HTML, KaTeX between dollars, code spans and
its own :colour[...] and :icon: directives. CommonMark shows any ASCII punctuation character
that follows a backslash as that character, so escaping each one Markdown could act on leaves
nothing for it to interpret. Two things act on the text after escapes are resolved, so a
backslash does not stop them, and an invisible word joiner (U+2060), which draws nothing, does:
- Streamlit's :shortcode: icons and emoji: a joiner goes before every ':'.
- GitHub's autolink extension (remark-gfm), which links only words with 'www.', a scheme's '://'
  or an e-mail's '@' (GFM spec, "Autolinks (extension)"): in such a word a joiner goes before every
  '.', ':' and '@', so no address is recognised. Other words keep their dots as they are, so a file
  name such as pytorch_gru.safetensors stays findable and copyable as typed.
"""

JOINER = "\u2060"

ACTIVE = frozenset("\\`*_{}[]()<>#+-.!|$~:&@=\"'/")

ADDRESS_MARKS = ("www.", "://", "@")  # what GFM's autolink literals start from


def literal(text, limit=80):
    """Markdown that shows `text` exactly: every character Markdown acts on escaped, runs of white
    space (line breaks too) as one space, and cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return " ".join(_word(word) for word in text.split(" "))


def _word(word):
    """One word escaped; joiners where the word could become an address or a shortcode."""
    address = any(mark in word.lower() for mark in ADDRESS_MARKS)
    joined = ".:@" if address else ":"
    return "".join((JOINER if ch in joined else "") + ("\\" + ch if ch in ACTIVE else ch) for ch in word)
