"""Child process of `thrive bench web-pages` (see thrive.web.bench); prints timings as JSON."""

from __future__ import annotations

import json
import statistics
import time

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thrive.accounts.models import User
    from thrive.demo.people import demo_password, demo_setup
    from thrive.demo.returns import demo_data_load
    from thrive.web.bench import PAGES, REQUESTS_PER_PAGE

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_setup(password=demo_password())
    demo_data_load()
    analyst = User.objects.get(username="analyst")
    admin = User.objects.get(username="admin")
    results: dict[str, dict[str, float | int]] = {}
    for name, path in PAGES:
        user = admin if "access-log" in path else analyst
        client = Client(HTTP_X_FORWARDED_PROTO="https", secure=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        client.get(path)  # warm up
        times = []
        status = 0
        for _ in range(REQUESTS_PER_PAGE):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append(time.perf_counter() - started)
        times.sort()
        results[name] = {
            "median": statistics.median(times),
            "p95": times[int(0.95 * (len(times) - 1))],
            "status": status,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
