"""lessons.text.literal on names: a file name keeps its dots as typed (findable and copyable), while
a word that could become a web or mail address, or a :shortcode:, still gets its invisible joiners."""

from lessons.text import JOINER, literal


def test_a_file_name_has_no_invisible_character():
    assert literal("pytorch_gru.safetensors") == "pytorch\\_gru\\.safetensors"
    assert JOINER not in literal("model.weights.h5 and v1.2.3")


def test_words_that_could_be_addresses_keep_their_joiners():
    for word in ("www.evil.example", "WWW.EVIL.EXAMPLE", "https://evil.example/x", "me@evil.example",
                 "x(www.evil.example)"):
        shown = literal(word)
        assert all(JOINER + "\\" + ch in shown for ch in ".:@" if ch in word), (word, shown)


def test_every_colon_gets_a_joiner_so_no_icon_or_emoji_shortcode_survives():
    assert literal(":material/home: :smile:").count(JOINER) == 4
