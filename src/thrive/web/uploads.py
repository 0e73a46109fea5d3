"""Upload limits enforced while a request streams in, before any file reaches the disk in full.

Django writes an uploaded file above `FILE_UPLOAD_MAX_MEMORY_SIZE` to a temporary file as it
arrives, and only afterwards does a view see it. `CappedUploadHandler` (first in
`FILE_UPLOAD_HANDLERS`) counts the bytes of each file and of the whole request as they arrive
and stops the upload (`StopUpload`) the moment either passes its cap, so the partial temporary
file is deleted and no later handler sees more; a request that declares more bytes than the cap
is refused before its body is read at all. `UploadLimitMiddleware` then answers with a clear
page (413) instead of running the view with half the files, and turns Django's own refusals
(too many files, too many or too large form fields) into the same page.

Settings: `THRIVE_UPLOAD_MAX_REQUEST_BYTES` (whole request, default 500 MB) and
`THRIVE_UPLOAD_MAX_FILE_BYTES` (each file, default 200 MB), with Django's
`DATA_UPLOAD_MAX_MEMORY_SIZE`, `FILE_UPLOAD_MAX_MEMORY_SIZE` and `DATA_UPLOAD_MAX_NUMBER_FILES`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict

REFUSED_ATTRIBUTE = "thrive_upload_refused"

REQUEST_TOO_LARGE = (
    "The files you chose add up to {size} MB; Thrive accepts at most {limit} MB in one upload. "
    "Upload fewer files at a time."
)
FILE_TOO_LARGE = (
    "{name} is larger than {limit} MB, the most Thrive accepts for one file. Check it is the "
    "right file; a return split into tables, or saved as CSV, is usually much smaller."
)
TOO_MANY_FILES = "You chose more than {limit} files. Upload at most {limit} files at a time."
TOO_MUCH_FORM_DATA = "The form sent more data than Thrive accepts. Go back and try again."
BROKEN_UPLOAD = "The upload could not be read (it may have been interrupted). Try again."


def _megabytes(size: int) -> str:
    megabytes = size / 1024 / 1024
    return f"{megabytes:.0f}" if megabytes >= 10 else f"{megabytes:.2g}"


def upload_refusal(request: HttpRequest) -> str | None:
    """The message saying why this request's upload was stopped, if it was."""
    value = getattr(request, REFUSED_ATTRIBUTE, None)
    return value if isinstance(value, str) else None


def _refuse(request: HttpRequest | None, message: str) -> None:
    if request is not None and upload_refusal(request) is None:
        setattr(request, REFUSED_ATTRIBUTE, message)


class CappedUploadHandler(FileUploadHandler):
    """Counts upload bytes as they arrive and stops at the per-file and per-request caps."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.request_cap = int(settings.THRIVE_UPLOAD_MAX_REQUEST_BYTES)
        self.file_cap = int(settings.THRIVE_UPLOAD_MAX_FILE_BYTES)
        self.request_bytes = 0
        self.file_bytes = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        if content_length > self.request_cap:
            # Refused on the declared length: not one byte of the body is read.
            size, limit = _megabytes(content_length), _megabytes(self.request_cap)
            _refuse(self.request, REQUEST_TOO_LARGE.format(size=size, limit=limit))
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.file_bytes += len(raw_data)
        self.request_bytes += len(raw_data)
        if self.file_bytes > self.file_cap:
            name = self.file_name or "A file"
            _refuse(self.request, FILE_TOO_LARGE.format(name=name, limit=_megabytes(self.file_cap)))
            # The rest of the body is at most the request cap (its declared length was checked):
            # read and drop it, so the browser gets the explanation rather than a reset.
            raise StopUpload(connection_reset=False)
        if self.request_bytes > self.request_cap:
            # Only possible if the body outgrows its declared length: stop reading altogether.
            size, limit = _megabytes(self.request_bytes), _megabytes(self.request_cap)
            _refuse(self.request, REQUEST_TOO_LARGE.format(size=size, limit=limit))
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadLimitMiddleware:
    """Parses an upload before the view (and the CSRF check) and refuses it with a clear page.

    Placed before `CsrfViewMiddleware`, whose check would otherwise parse the body first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or not (request.content_type or "").startswith("multipart/"):
            return None
        try:
            request.FILES  # noqa: B018 (parses the body, running the capped handler)
        except TooManyFilesSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            return _refused_page(request, TOO_MANY_FILES.format(limit=limit))
        except (RequestDataTooBig, TooManyFieldsSent):
            return _refused_page(request, TOO_MUCH_FORM_DATA)
        except MultiPartParserError:
            return _refused_page(request, BROKEN_UPLOAD, status=400)
        refusal = upload_refusal(request)
        if refusal is not None:
            return _refused_page(request, refusal)
        return None


def _refused_page(request: HttpRequest, message: str, status: int = 413) -> HttpResponse:
    # Any files that did arrive are closed (and their temporary copies deleted) by Django when
    # the request finishes; the view never sees them.
    return render(request, "web/upload_refused.html", {"message": message}, status=status)
