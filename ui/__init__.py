"""The Streamlit side of the app: session state, shared controls, cached compute. Only app.py and
pages/ import this package; nothing in gru_viz imports Streamlit."""
