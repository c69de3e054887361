# GRU Gate Explorer: one Streamlit replica. Run several behind a load balancer with sticky
# sessions (see docs/deploy.md); each replica is identical and keeps no state on disk.
FROM python:3.11-slim

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY app.py ./
COPY gru_viz ./gru_viz
COPY lessons ./lessons
COPY ui ./ui
COPY pages ./pages
COPY examples ./examples
COPY static ./static
COPY .streamlit ./.streamlit
# plotly.js goes beside the app's own scripts now, not at the first start (ui/figure_view.py).
RUN python -c "from ui.figure_view import READY; assert READY, 'the figures would fall back to st.plotly_chart'"

# One Python process uses about one core: run one replica per core rather than a bigger container.
ENV OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 PYTHONUNBUFFERED=1
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
