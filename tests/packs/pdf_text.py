"""Read the text and the tagging of the PDFs WeasyPrint writes, with no PDF library.

Neither pypdf nor pdfminer is a dependency, so the pack tests read the PDF themselves: the
objects (top-level and in compressed object streams), each page's fonts and their ToUnicode
maps, and the glyph strings of the page content (`<...> Tj` and `[...] TJ`). It reads what
WeasyPrint and pydyf write, not every PDF.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

OBJECT = re.compile(rb"(\d+) 0 obj\s*")
LENGTH = re.compile(rb"/Length (\d+)")
REF = re.compile(rb"(\d+) 0 R")


@dataclass(frozen=True)
class PdfObject:
    text: bytes  # the object itself (the dictionary of a stream)
    stream: bytes | None = None  # the stream, inflated


def pdf_objects(data: bytes) -> dict[int, PdfObject]:
    """Every object by number, compressed object streams unpacked."""
    found: dict[int, PdfObject] = {}
    for match in OBJECT.finditer(data):
        start = match.end()
        head_end = data.find(b"stream", start)
        end_obj = data.find(b"endobj", start)
        if 0 <= head_end < end_obj:
            head = data[start:head_end]
            length = LENGTH.search(head)
            assert length is not None, "a stream without a direct /Length"
            body_start = head_end + len(b"stream")
            body_start += 2 if data[body_start : body_start + 2] == b"\r\n" else 1
            body = data[body_start : body_start + int(length[1])]
            if b"/FlateDecode" in head:
                body = zlib.decompress(body)
            found[int(match[1])] = PdfObject(head, body)
            if b"/Type /ObjStm" in head:
                found.update(_object_stream(head, body))
        else:
            found[int(match[1])] = PdfObject(data[start:end_obj])
    return found


def _object_stream(head: bytes, body: bytes) -> dict[int, PdfObject]:
    first = int(re.search(rb"/First (\d+)", head)[1])  # type: ignore[index]
    numbers = [int(n) for n in body[:first].split()]
    pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
    objects = {}
    for index, (number, offset) in enumerate(pairs):
        end = first + pairs[index + 1][1] if index + 1 < len(pairs) else len(body)
        objects[number] = PdfObject(body[first + offset : end])
    return objects


def _resolve(objects: dict[int, PdfObject], text: bytes, key: bytes) -> bytes:
    """The value of `/key` in `text` when it is a dictionary, following a reference."""
    match = re.search(rb"/" + key + rb"\s*(\d+) 0 R", text)
    if match:
        return objects[int(match[1])].text
    start = text.find(b"/" + key)
    if start < 0:
        return b""
    depth, index = 0, text.index(b"<<", start)
    for position in range(index, len(text) - 1):
        pair = text[position : position + 2]
        depth += pair == b"<<"
        depth -= pair == b">>"
        if depth == 0:
            return text[index : position + 2]
    return b""


def _cmap(stream: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
        for low, high, text in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            base = int(text, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    """The text of every page in order, runs separated by spaces, whitespace collapsed."""
    objects = pdf_objects(data)
    pages = [
        obj for obj in objects.values() if re.search(rb"/Type\s*/Page(?!s)", obj.text) is not None
    ]
    runs: list[str] = []
    for page in pages:
        fonts_text = _resolve(objects, _resolve(objects, page.text, b"Resources"), b"Font")
        fonts = {
            name.decode(): _cmap(objects[int(ref)].stream or b"")
            for name, font in re.findall(rb"/([\w.+-]+)\s*(\d+) 0 R", fonts_text)
            for ref in [
                (re.search(rb"/ToUnicode (\d+) 0 R", objects[int(font)].text) or [b"", b"0"])[1]
            ]
            if int(ref) in objects
        }
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", page.text)
        assert contents is not None
        streams = [objects[int(n)].stream or b"" for n in REF.findall(contents[1])]
        font: dict[int, str] = {}
        for stream in streams:
            for name, hex_run, array in re.findall(
                rb"/([\w.+-]+) [\d.]+ Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ", stream
            ):
                if name:
                    font = fonts.get(name.decode(), {})
                    continue
                glyphs = b"".join(re.findall(rb"<([0-9a-fA-F]*)>", array)) if array else hex_run
                codes = bytes.fromhex(glyphs.decode())
                runs.append(
                    "".join(
                        font.get(int.from_bytes(codes[i : i + 2], "big"), "\ufffd")
                        for i in range(0, len(codes), 2)
                    )
                )
    return re.sub(r"\s+", " ", " ".join(runs)).strip()


def pdf_catalog(data: bytes) -> bytes:
    """The document catalog: /StructTreeRoot, /MarkInfo, /Lang, /Outlines live here."""
    return next(obj.text for obj in pdf_objects(data).values() if b"/Type /Catalog" in obj.text)


def pdf_title(data: bytes) -> str:
    """The document title from the Info dictionary (a literal or UTF-16 hex string)."""
    objects = pdf_objects(data)
    info = re.search(rb"/Info (\d+) 0 R", data)
    if info is not None:
        text = objects[int(info[1])].text
        match = re.search(rb"/Title\s*(<[0-9a-fA-F]+>|\((?:\\.|[^\\)])*\))", text)
        if match:
            raw = match[1]
            if raw.startswith(b"<"):
                value = bytes.fromhex(raw[1:-1].decode())
                bom = value[:2] in {b"\xfe\xff", b"\xff\xfe"}
                return value.decode("utf-16" if bom else "latin-1")
            return re.sub(rb"\\(.)", rb"\1", raw[1:-1]).decode("latin-1")
    return ""
