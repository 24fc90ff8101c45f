"""Uploaded files: stored under a random name, read back with the portal's limits."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .tables import Limits

TOO_LARGE = "Файл больше допустимого размера ({limit} МБ)."


def upload_limits() -> Limits:
    return Limits(
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_unpacked_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
        max_entries=settings.UPLOAD_MAX_ENTRIES,
        max_rows=settings.UPLOAD_MAX_ROWS,
    )


def upload_size_check(f):
    """A form field's clean step for attachments (evidence, documents, event materials): the portal's size limit."""
    from django import forms

    if f and f.size > settings.UPLOAD_MAX_BYTES:
        raise forms.ValidationError(TOO_LARGE.format(limit=settings.UPLOAD_MAX_BYTES // (1024 * 1024)))
    return f


def upload_store(*, content: bytes, filename: str, folder: str) -> str:
    """Keep the upload under a random name (the user's name is metadata, never a path)."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}{suffix}", ContentFile(content))


def upload_read(path: str) -> bytes:
    with default_storage.open(path, "rb") as f:
        return f.read()
