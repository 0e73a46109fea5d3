"""A pack as HTML and as a tagged PDF, from the same template and the same snapshot.

The PDF is PDF/UA-1 (WeasyPrint's tagged output): a title, the document language, bookmarks
from the headings, page numbers, and charts as figures whose data table follows them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from thrive.packs.kinds import pack_type
from thrive.web import charts

RAG_WORDS = charts.RAG_WORDS


@cache
def stylesheet() -> str:
    return (Path(__file__).with_name("pack.css")).read_text(encoding="utf-8")


def _plan_chart(plan: dict[str, Any]) -> str:
    return charts.delivery_by_priority(
        "plan-delivery", [(p["title"], p["delivery"]) for p in plan["priorities"]]
    )


def pack_context(
    *, pack: Any, content: dict[str, Any], commentary: dict[str, str]
) -> dict[str, Any]:
    """What the pack templates need: the content plus charts, labels and commentary."""
    plan = content.get("plan")
    return {
        "pack": pack,
        "content": content,
        "sections": [
            {"key": key, "title": title, "commentary": commentary.get(key, "")}
            for key, title in pack_type(pack.kind).sections
        ],
        "body_template": pack_type(pack.kind).body_template,
        "commentary": commentary,
        "plan_chart": mark_safe(_plan_chart(plan)) if plan and plan["priorities"] else "",  # noqa: S308 - SVG built from escaped text  # nosec B308 B703
        "rag_words": RAG_WORDS,
    }


def pack_html(context: dict[str, Any]) -> str:
    """The standalone HTML document (its own styles; opens offline, prints as the PDF does)."""
    styles = mark_safe(f"<style>{stylesheet()}</style>")  # noqa: S308 - our own file  # nosec B308 B703
    return render_to_string("packs/pack_document.html", {**context, "styles": styles})


def pack_pdf(context: dict[str, Any]) -> bytes:
    """The tagged PDF (PDF/UA-1) of the same document."""
    from weasyprint import HTML

    html = render_to_string("packs/pack_document.html", {**context, "styles": ""})
    from weasyprint import CSS

    document = HTML(string=html, base_url=None)
    pdf = document.write_pdf(stylesheets=[CSS(string=stylesheet())], pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf)
