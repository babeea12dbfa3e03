# Waymark's production image: gunicorn serving production settings, assets built from npm.
# Build: docker build -t waymark .   Run with compose.yaml (PostgreSQL, Redis, Elasticsearch, worker).

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend ./frontend
COPY static ./static
RUN node frontend/build.mjs

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    WAYMARK_SERVE_BIND=0.0.0.0:8000 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media
RUN useradd --create-home --uid 1000 waymark
WORKDIR /app
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY directory ./directory
COPY mapping ./mapping
COPY search ./search
RUN pip install --no-cache-dir ".[rq]"
COPY manage.py ./
COPY deploy ./deploy
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/static/build ./static/build
# collectstatic needs a key to import the settings; the build-time one is thrown away.
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0 \
    && mkdir -p /app/media && chown waymark /app/media
USER waymark
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
