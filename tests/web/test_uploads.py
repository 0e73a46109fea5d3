"""Upload limits are enforced while the request streams in, with a clear page for the person."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from thrive.returns.models import Upload
from thrive.returns.services import MAX_FILES

RECEIVED: list[int] = []

KB = 1024
OUR_HANDLER = "thrive.web.uploads.CappedUploadHandler"


class RecordingHandler(FileUploadHandler):
    """Stands in for the handlers that write to memory or disk: records what reaches them."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        RECEIVED.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _csv(name: str, size: int) -> SimpleUploadedFile:
    line = b"CHILD,DOB\n"
    return SimpleUploadedFile(name, (line * (size // len(line) + 1))[:size], "text/csv")


def _post(client: Any, files: list[SimpleUploadedFile]) -> Any:
    return client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "ssda903", "return_files": files},
    )


def _analyst(council_factory: Any, person: Any, sign_in: Any) -> Any:
    council = council_factory(la_number="990", name="Northbridge")
    return sign_in(person("analyst", council))


def test_the_handlers_and_limits_are_configured() -> None:
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == OUR_HANDLER
    assert django_settings.DATA_UPLOAD_MAX_NUMBER_FILES == MAX_FILES
    assert django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    # 100 files of 200 MB (20 GB) can never be one accepted request.
    assert django_settings.THRIVE_UPLOAD_MAX_REQUEST_BYTES < MAX_FILES * 200 * 1024 * 1024
    middleware = django_settings.MIDDLEWARE
    assert middleware.index("thrive.web.uploads.UploadLimitMiddleware") < middleware.index(
        "django.middleware.csrf.CsrfViewMiddleware"
    )


def test_a_request_declaring_too_many_bytes_is_refused_unread(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    client = _analyst(council_factory, person, sign_in)
    settings.THRIVE_UPLOAD_MAX_REQUEST_BYTES = 64 * KB
    settings.FILE_UPLOAD_HANDLERS = [OUR_HANDLER, "tests.web.test_uploads.RecordingHandler"]
    RECEIVED.clear()
    response = _post(client, [_csv(f"t{n}.csv", 30 * KB) for n in range(3)])
    assert response.status_code == 413
    page = response.content.decode()
    assert re.search(r"add up to 0\.0[89]\d? MB; Thrive accepts at most 0\.062 MB", page)
    assert "Upload fewer files at a time" in page
    assert "Nothing has been saved" in page
    assert RECEIVED == []  # not one byte of a file went further
    assert Upload.objects.count() == 0


def test_a_file_over_its_cap_is_stopped_mid_stream(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    client = _analyst(council_factory, person, sign_in)
    settings.THRIVE_UPLOAD_MAX_FILE_BYTES = 100 * KB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # everything would go to a temporary file
    settings.FILE_UPLOAD_HANDLERS = [
        OUR_HANDLER,
        "tests.web.test_uploads.RecordingHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    RECEIVED.clear()
    response = _post(client, [_csv("small.csv", 10 * KB), _csv("episodes.csv", 1024 * KB)])
    assert response.status_code == 413
    assert "episodes.csv is larger than" in response.content.decode()
    # The small file arrived whole; of the big one, less than its cap reached the disk handler.
    assert 10 * KB <= sum(RECEIVED) < 10 * KB + 100 * KB
    assert Upload.objects.count() == 0


def test_too_many_files_get_the_same_clear_page(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    client = _analyst(council_factory, person, sign_in)
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    response = _post(client, [_csv(f"t{n}.csv", KB) for n in range(3)])
    assert response.status_code == 413
    assert "Upload at most 2 files at a time" in response.content.decode()
    assert Upload.objects.count() == 0


def test_too_much_form_data_is_refused(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    client = _analyst(council_factory, person, sign_in)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        reverse("returns:upload-create", args=["990"]),
        {"return_type": "x" * 5000, "return_files": [_csv("t.csv", KB)]},
    )
    assert response.status_code == 413
    assert "The form sent more data than Thrive accepts" in response.content.decode()


def test_uploads_within_the_limits_still_reach_the_view(
    council_factory: Any, person: Any, sign_in: Any, settings: Any
) -> None:
    client = _analyst(council_factory, person, sign_in)
    settings.THRIVE_UPLOAD_MAX_REQUEST_BYTES = 64 * KB
    settings.THRIVE_UPLOAD_MAX_FILE_BYTES = 32 * KB
    response = _post(client, [_csv("header.csv", 10 * KB)])
    assert response.status_code == 302
    assert Upload.objects.count() == 1
