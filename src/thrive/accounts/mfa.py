"""TOTP second factor: verification, and the QR code shown when enrolling through a one-time link.

Enrolment itself lives in `thrive.accounts.enrolment`: a password alone never binds a device.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


def totp_confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no script, no external request)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


def totp_secret_text(device: TOTPDevice) -> str:
    """The base32 key, grouped in fours, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_code_ok(device: TOTPDevice, token: str) -> bool:
    """Is `token` the device's current 6-digit code? (django-otp throttles repeated failures.)"""
    token = token.replace(" ", "").strip()
    if not (token.isdigit() and len(token) == 6):
        return False
    return bool(device.verify_token(token))


def totp_verify(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Check a code from a confirmed device; on success mark the session verified.

    An unconfirmed device is never accepted here: devices are confirmed only by enrolment
    through a one-time link.
    """
    if not device.confirmed or not totp_code_ok(device, token):
        return False
    otp_login(request, device)
    return True
