"""lessons.text.literal: a user's string as Markdown that shows exactly that string."""

from lessons.text import ACTIVE, JOINER, literal


def test_every_character_markdown_acts_on_is_escaped_and_nothing_else_changes():
    text = "".join(sorted(ACTIVE)) + " plain words 123"
    shown = literal(text, limit=200)
    unescaped = shown.replace(JOINER, "")
    assert all(f"\\{ch}" in unescaped for ch in ACTIVE)
    assert unescaped.replace("\\", "") == text.replace("\\", "")


def test_no_web_or_mail_address_survives_whole():
    text = "see www.evil.example, https://evil.example or me@evil.example"
    shown = literal(text)
    assert "www." not in shown and "://" not in shown and "me@" not in shown
    assert shown.count(JOINER) == sum(text.count(ch) for ch in ".:@")  # one before each, drawing nothing


def test_white_space_folds_and_a_long_string_is_cut():
    assert literal("a\n\nb\t c") == "a b c"
    assert len(literal("x" * 10_000)) == 80 and literal("x" * 10_000).endswith("…")
