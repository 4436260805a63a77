# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected into the image; the secret is a build-time placeholder that never
# reaches a running container (compose supplies the real one).
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only \
    DJANGO_DEBUG=false \
    python manage.py collectstatic --noinput

RUN useradd --create-home --uid 10001 factcheck
USER factcheck

EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
