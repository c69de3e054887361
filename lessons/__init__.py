"""What exists only for the app's lessons, with no Streamlit: the app's state and its codecs, the
examples, clamps, table edits, the text embedding, predict-then-reveal questions, and the numbers
the lesson pages show (memory, reach, saturation, the frameworks' conventions, exports).

The rule: lessons import gru_viz, never the other way round; only app.py, pages/ and ui/ import
streamlit.
"""
