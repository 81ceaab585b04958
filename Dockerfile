# Copydesk API. Installs from the same lock as the Makefile.
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /srv/copydesk
RUN useradd --system --uid 10001 --home-dir /srv/copydesk copydesk
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-deps .
USER copydesk
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"
# `copydesk serve` runs uvicorn with Copydesk's JSON logs and access lines (not uvicorn's own)
CMD ["copydesk", "serve", "--host", "0.0.0.0", "--port", "8000"]
