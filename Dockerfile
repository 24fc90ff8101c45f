FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Production settings, so the manifest the pages look up (staticfiles.json) is written; build-only placeholders.
RUN DEBUG=false SECRET_KEY=build-only-"$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput
# The media volume is created from this folder: owned by the user the app runs as.
RUN useradd --create-home opora && mkdir -p /app/var/media && chown -R opora /app/var
USER opora
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--timeout", "60"]
