"""The load test's simulated people: sign in over HTTP (password, then TOTP code) and browse.

Standard library only, so the driver adds no dependency and no Django to the process that
measures. Each simulated person has one `Browser` (its own cookies) and runs in its own thread:
it signs in through the real sign-in and two-factor pages, then loops over the common pages in
a shuffled order with 1–3 seconds of think time until the deadline, recording every response.
Only loopback addresses are ever requested.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import random
import re
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInError(RuntimeError):
    """A simulated person could not sign in: the run stops rather than measure redirects."""


def totp_code(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The current TOTP code for a hex key (RFC 6238 with SHA-1, as authenticator apps use)."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    location: str
    body: str
    seconds: float


@dataclass
class Browser:
    """One person's cookies and requests to the server on 127.0.0.1:`port`.

    The server runs behind a (pretend) TLS proxy, so every request says it came over HTTPS; the
    cookies are marked Secure, which a client on loopback may send (browsers do the same).
    """

    port: int
    timeout: float = 30.0
    https: bool = True  # say the request came through the TLS proxy (X-Forwarded-Proto)
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str) -> Response:
        return self._request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Response:
        return self._request("POST", path, urlencode(form).encode("ascii"))

    def _request(self, method: str, path: str, body: bytes | None = None) -> Response:
        origin = f"{'https' if self.https else 'http'}://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "thrive-bench-web"}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            self._cookie_store(header)
        return Response(response.status, response.getheader("Location") or "", text, seconds)

    def _cookie_store(self, header: str) -> None:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def sign_in(browser: Browser, *, username: str, password: str, totp_key: str, home: str) -> None:
    """Sign in through the sign-in and two-factor pages, then check `home` opens."""
    page = browser.get("/accounts/sign-in/")
    posted = browser.post(
        "/accounts/sign-in/",
        {"username": username, "password": password, "csrfmiddlewaretoken": _csrf(page, username)},
    )
    if posted.status != 302:
        raise SignInError(f"{username}: the password step answered {posted.status}, not 302")
    page = browser.get("/accounts/two-factor/")
    verified = browser.post(
        "/accounts/two-factor/",
        {"code": totp_code(totp_key), "csrfmiddlewaretoken": _csrf(page, username)},
    )
    if verified.status != 302:
        raise SignInError(f"{username}: the code step answered {verified.status}, not 302")
    landed = browser.get(home)
    if landed.status != 200:
        raise SignInError(f"{username}: {home} answered {landed.status} after signing in")


def _csrf(page: Response, username: str) -> str:
    found = _CSRF_FIELD.search(page.body)
    if found is None:
        raise SignInError(f"{username}: no CSRF token on the page (status {page.status})")
    return found.group(1)


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed request: which page, how long, and whether it was a success (200)."""

    page: str
    seconds: float
    ok: bool
    at: float  # seconds since the run started


@dataclass
class Recorder:
    """Samples from every thread (list.append is atomic; the lock guards the error notes)."""

    samples: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, message: str) -> None:
        with self._lock:
            if len(self.notes) < 20:
                self.notes.append(message)


def browse(
    browser: Browser,
    pages: Sequence[tuple[str, str]],
    *,
    started: float,
    deadline: float,
    recorder: Recorder,
    seed: int,
    think: tuple[float, float] = (1.0, 3.0),
) -> None:
    """Open `pages` (name, path) in shuffled rounds with think time until `deadline`."""
    chooser = random.Random(seed)  # noqa: S311 - think time, not security  # nosec B311
    time.sleep(chooser.uniform(*think))  # people do not all click at the same instant
    while time.monotonic() < deadline:
        order = list(pages)
        chooser.shuffle(order)
        for name, path in order:
            if time.monotonic() >= deadline:
                return
            at = time.monotonic() - started
            try:
                response = browser.get(path)
            except (OSError, http.client.HTTPException) as exc:
                recorder.samples.append(Sample(name, browser.timeout, False, at))
                recorder.note(f"{name}: {type(exc).__name__}: {exc}")
            else:
                ok = response.status == 200
                recorder.samples.append(Sample(name, response.seconds, ok, at))
                if not ok:
                    recorder.note(f"{name}: HTTP {response.status} {response.location}".strip())
            time.sleep(chooser.uniform(*think))


@dataclass(frozen=True, slots=True)
class PageStats:
    page: str
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float
    slowest: float


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil(n * fraction), at least 1
    return sorted_values[int(rank) - 1]


def page_stats(samples: Sequence[Sample], page: str) -> PageStats:
    times = sorted(sample.seconds for sample in samples)
    return PageStats(
        page=page,
        requests=len(samples),
        errors=sum(not sample.ok for sample in samples),
        p50=percentile(times, 0.50),
        p95=percentile(times, 0.95),
        p99=percentile(times, 0.99),
        slowest=times[-1] if times else 0.0,
    )


def summarise(samples: Sequence[Sample], pages: Sequence[str]) -> list[PageStats]:
    """Statistics for each page in `pages` order, then "all pages"."""
    rows = [page_stats([s for s in samples if s.page == page], page) for page in pages]
    return [*rows, page_stats(samples, "all pages")]
