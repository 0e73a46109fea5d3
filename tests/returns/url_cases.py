"""Returns URLs for the walking tests (see tests/url_registry.py)."""

from __future__ import annotations

import io

from tests.url_registry import World, council_kwargs, everyone, only
from thrive.returns.services import IncomingFile, upload_create

UPLOADERS = {"admin", "analyst"}

URL_KWARGS = {
    "returns:return-list": council_kwargs,
    "returns:upload-create": council_kwargs,
    "returns:upload-detail": lambda world: {
        **council_kwargs(world),
        "upload_id": world.objects["upload_a"].pk,
    },
    "returns:upload-status": lambda world: {
        **council_kwargs(world),
        "upload_id": world.objects["upload_a"].pk,
    },
    "returns:upload-findings-download": lambda world: {
        **council_kwargs(world),
        "upload_id": world.objects["upload_a"].pk,
        "fmt": "csv",
    },
    "returns:submission-compare": council_kwargs,
    "returns:data-protection": council_kwargs,
}


def populate(world: World) -> None:
    for key, council, marker in (
        ("upload_a", world.council_a, "Marker-A"),
        ("upload_b", world.council_b, "Marker-B"),
    ):
        data = f"CHILD,{marker}\n1,2\n".encode()
        world.objects[key] = upload_create(
            council=council,
            user=None,
            files=[IncomingFile(name=f"{marker}.csv", stream=io.BytesIO(data), size=len(data))],
        )


PERMISSION_MATRIX = [
    ("returns:return-list", "GET", everyone(200)),
    ("returns:upload-create", "GET", only(UPLOADERS)),
    ("returns:upload-detail", "GET", only(UPLOADERS)),
    ("returns:upload-status", "GET", only(UPLOADERS)),
    ("returns:upload-findings-download", "GET", only({"admin", "analyst"})),
    ("returns:submission-compare", "GET", only(UPLOADERS)),
    # Not child-level: what is stored and for how long, with this council's counts.
    ("returns:data-protection", "GET", everyone(200)),
]
