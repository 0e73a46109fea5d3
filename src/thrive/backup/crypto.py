"""Encrypt a backup as a stream of AES-256-GCM chunks, with a key from the environment.

Layout: a fixed header (`MAGIC`, a random 16-byte salt, a 32-byte key check), then records of a
4-byte big-endian length and one sealed chunk (at most `CHUNK` bytes of plain text plus the
16-byte tag). Each archive gets its own keys, derived from the operator's key and the salt with
HKDF-SHA256, so nonces (a chunk counter and a last-chunk flag) never repeat under one key. The
header is authenticated with every chunk; a reordered, dropped, appended or altered chunk fails,
and so does a file cut short (its last chunk never arrives). The key check (an HMAC of the
header) tells a wrong key apart from a damaged file before any chunk is opened.

The key is 32 random bytes, written in URL-safe base64 (`new_key()`); it is read only from the
environment, never from the command line, where other users could see it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import struct
from collections.abc import Mapping
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_VARIABLE = "THRIVE_BACKUP_KEY"
MAGIC = b"THRIVE-BACKUP-AES256GCM-v1\n"
SALT_BYTES = 16
CHECK_BYTES = 32
HEADER_BYTES = len(MAGIC) + SALT_BYTES + CHECK_BYTES
CHUNK = 1024 * 1024
TAG_BYTES = 16
_LENGTH = struct.Struct(">I")


class CryptoError(ValueError):
    """The key is missing or malformed, or an encrypted backup does not open with it."""


def new_key() -> str:
    """A fresh key for THRIVE_BACKUP_KEY (32 random bytes, URL-safe base64)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def key_from_environment(environ: Mapping[str, str] | None = None) -> bytes:
    """The 32-byte key in THRIVE_BACKUP_KEY.

    Raises:
        CryptoError: the variable is unset, or is not 32 bytes in base64.
    """
    value = (os.environ if environ is None else environ).get(KEY_VARIABLE, "").strip()
    how = (
        f"Set {KEY_VARIABLE} to a key made with `thrive backup --new-key` (32 random bytes in "
        "base64), kept apart from the backups (e.g. in the organisation's password vault)"
    )
    if not value:
        raise CryptoError(f"{KEY_VARIABLE} is not set. {how}.")
    try:
        padded = value.encode("ascii") + b"=" * (-len(value) % 4)
        key = base64.b64decode(padded, altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise CryptoError(f"{KEY_VARIABLE} is not valid base64. {how}.") from error
    if len(key) != 32:
        raise CryptoError(f"{KEY_VARIABLE} holds {len(key)} bytes, not 32. {how}.")
    return key


def is_encrypted(head: bytes) -> bool:
    """Whether a file starting with `head` is an encrypted backup."""
    return head.startswith(MAGIC)


def _keys(key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=b"thrive backup v1")
    material = derived.derive(key)
    return material[:32], material[32:]


def _check(check_key: bytes, salt: bytes) -> bytes:
    return hmac.new(check_key, MAGIC + salt, hashlib.sha256).digest()


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(8, "big") + (b"\x01" if last else b"\x00") + b"\x00\x00\x00"


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        block = source.read(size - len(data))
        if not block:
            break
        data += block
    return bytes(data)


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Write `source`, encrypted under `key`, to `target`."""
    salt = secrets.token_bytes(SALT_BYTES)
    sealing_key, check_key = _keys(key, salt)
    header = MAGIC + salt + _check(check_key, salt)
    target.write(header)
    cipher = AESGCM(sealing_key)
    counter = 0
    block = _read_exactly(source, CHUNK)
    while True:
        following = _read_exactly(source, CHUNK) if len(block) == CHUNK else b""
        last = not following
        sealed = cipher.encrypt(_nonce(counter, last), block, header)
        target.write(_LENGTH.pack(len(sealed)) + sealed)
        if last:
            return
        counter += 1
        block = following


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Write the plain text of an encrypted backup to `target`.

    Raises:
        CryptoError: not an encrypted backup, a wrong key, or a damaged, altered or cut file.
    """
    header = _read_exactly(source, HEADER_BYTES)
    if len(header) < HEADER_BYTES or not is_encrypted(header):
        raise CryptoError("this is not an encrypted Thrive backup (its header is not there)")
    salt = header[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    sealing_key, check_key = _keys(key, salt)
    if not hmac.compare_digest(_check(check_key, salt), header[len(MAGIC) + SALT_BYTES :]):
        raise CryptoError(
            f"the key in {KEY_VARIABLE} does not open this backup (wrong key: use the key that "
            "was set when the backup was made)"
        )
    cipher = AESGCM(sealing_key)
    counter = 0
    while True:
        prefix = _read_exactly(source, _LENGTH.size)
        if len(prefix) < _LENGTH.size:
            raise CryptoError("the encrypted backup is cut short (its last part is missing)")
        (length,) = _LENGTH.unpack(prefix)
        if not TAG_BYTES <= length <= CHUNK + TAG_BYTES:
            raise CryptoError(f"the encrypted backup is damaged or altered (part {counter + 1})")
        sealed = _read_exactly(source, length)
        if len(sealed) < length:
            raise CryptoError("the encrypted backup is cut short (its last part is missing)")
        last = _try_open(cipher, counter, sealed, header, target)
        if last:
            if source.read(1):
                raise CryptoError("the encrypted backup has data after its last part (altered)")
            return
        counter += 1


def _try_open(cipher: AESGCM, counter: int, sealed: bytes, header: bytes, target: BinaryIO) -> bool:
    """Open one chunk (trying it as a middle chunk, then as the last); True if it was the last."""
    for last in (False, True):
        try:
            target.write(cipher.decrypt(_nonce(counter, last), sealed, header))
        except InvalidTag:
            continue
        return last
    raise CryptoError(f"the encrypted backup is damaged or altered (part {counter + 1})")
