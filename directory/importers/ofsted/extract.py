"""Reading an Ofsted childcare register extract (XML) into plain registrations.

Every element of a registration is kept, known or not (``Registration.data``); the fields
Waymark works with are read from it and checked. A file that is not well-formed XML, is not
an extract, or holds an impossible value (a date that is not a date, a URN given twice) is
refused as a whole with the line number, before anything is written. Codes Waymark does not
know are values like any other: kept, never refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = "OfstedChildcareRegisterLocalAuthorityExtract"
USER_AGENT = "Waymark import_ofsted"
MAX_BYTES = 200 * 1024 * 1024
DATE_ELEMENTS = {
    "RegistrationDate",
    "LastChangeDate",
    "ChangeDate",
    "StartDate",
    "InspectionDate",
    "EndDate",
    "NoticeDate",
}
NUMBER_ELEMENTS = {"AgeFrom", "AgeTo", "MaximumNumber"}
_REGISTRATION_TAG = re.compile(rb"<(?:[\w.-]+:)?Registration[\s>/]")


class ExtractError(Exception):
    """The extract cannot be used; the message names the line."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Registration:
    urn: str
    line: int
    data: dict[str, Any]
    fingerprint: str = ""

    def __post_init__(self) -> None:
        encoded = json.dumps(self.data, sort_keys=True, ensure_ascii=False).encode()
        self.fingerprint = hashlib.sha256(encoded).hexdigest()

    def text(self, *path: str) -> str:
        """The text at ``path`` (element names below Registration), or ""."""
        node: Any = self.data
        for name in path:
            if not isinstance(node, dict):
                return ""
            node = node.get(name, "")
        return node if isinstance(node, str) else ""

    def items(self, list_name: str) -> list[Any]:
        """The entries of a ``...List`` element (a list, whatever its length)."""
        value = self.data.get(list_name)
        return value if isinstance(value, list) else []


@dataclass
class Extract:
    la_code: str = ""
    la_name: str = ""
    extract_datetime: dt.datetime | None = None
    registrations: list[Registration] = field(default_factory=list)


def local_name(element) -> str:
    """The element's name without its namespace (``{ns}Registration`` -> ``Registration``)."""
    return element.tag.rpartition("}")[2]


def _value(element) -> Any:
    """An element as plain data: text for a leaf, a list for a ``...List``, else a dict
    (a repeated child becomes a list). Attributes are kept under ``@name``."""
    children = [c for c in element if isinstance(c.tag, str)]
    attributes = {f"@{etree.QName(k).localname}": v for k, v in element.attrib.items()}
    if local_name(element).endswith("List"):
        return [_value(c) for c in children]
    if not children:
        text = (element.text or "").strip()
        return {**attributes, "#text": text} if attributes else text
    value: dict[str, Any] = dict(attributes)
    repeated: set[str] = set()
    for child in children:
        name, item = local_name(child), _value(child)
        if name not in value:
            value[name] = item
            continue
        if name not in repeated:
            value[name] = [value[name]]
            repeated.add(name)
        value[name].append(item)
    return value


def _check_values(element) -> None:
    """Dates must be dates and counts whole numbers, wherever they appear."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        name = local_name(node)
        text = (node.text or "").strip()
        if not text or len(node):
            continue
        if name in DATE_ELEMENTS:
            try:
                parse_date(text)
            except ValueError:
                raise ExtractError(
                    f"{name} “{text}” is not a date (YYYY-MM-DD).", node.sourceline
                ) from None
        elif name in NUMBER_ELEMENTS and not text.isdigit():
            raise ExtractError(f"{name} “{text}” is not a whole number.", node.sourceline)


def parse_date(text: str) -> dt.date | None:
    """A date from ``2012-03-16`` or ``2012-03-16T00:00:00`` (empty text: None)."""
    text = text.strip()
    if not text:
        return None
    return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date.fromisoformat(text)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def count_registrations(content: bytes) -> int:
    """How many registrations the file holds, for a progress bar (a quick byte scan)."""
    return len(_REGISTRATION_TAG.findall(content))


def parse(content: bytes, on_registration=None) -> Extract:
    """Read a whole extract; ``on_registration()`` is called after each one (progress)."""
    if not content.strip():
        raise ExtractError("The file is empty.")
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as error:
        raise ExtractError(f"not well-formed XML: {error.msg}", error.lineno) from error
    if local_name(root) != ROOT:
        raise ExtractError(
            f"this is not an Ofsted register extract (the first element is "
            f"“{local_name(root)}”, not “{ROOT}”).",
            root.sourceline,
        )
    extract = Extract()
    seen: dict[str, int] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        name = local_name(child)
        if name == "Extract":
            _read_header(child, extract)
        elif name == "Registration":
            _check_values(child)
            data = _value(child)
            if not isinstance(data, dict):
                data = {}
            urn = data.get("ReferenceNumber", "")
            urn = urn.strip() if isinstance(urn, str) else ""
            if not urn:
                raise ExtractError("a Registration has no ReferenceNumber.", child.sourceline)
            if urn in seen:
                raise ExtractError(
                    f"URN {urn} appears twice (first at line {seen[urn]}).", child.sourceline
                )
            seen[urn] = child.sourceline
            extract.registrations.append(Registration(urn=urn, line=child.sourceline, data=data))
            if on_registration:
                on_registration()
    if not extract.registrations:
        raise ExtractError(
            "the extract holds no registrations (a cut-short file would remove every record).",
            root.sourceline,
        )
    return extract


def _read_header(element, extract: Extract) -> None:
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        name, text = local_name(node), (node.text or "").strip()
        if name == "ExtractDateTime" and text:
            try:
                extract.extract_datetime = dt.datetime.fromisoformat(text)
            except ValueError:
                raise ExtractError(
                    f"ExtractDateTime “{text}” is not a date and time.", node.sourceline
                ) from None
        elif name == "LocalAuthorityCode":
            extract.la_code = text
        elif name == "LocalAuthorityName":
            extract.la_name = text


def read_source(source: str, timeout: float = 60.0) -> bytes:
    """The extract's bytes from a file path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(
            source, headers={"User-Agent": USER_AGENT, "Accept": "application/xml"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                content = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise ExtractError(f"{source} answered {error.code} {error.reason}.") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ExtractError(f"{source} could not be reached: {error}.") from error
    else:
        path = Path(source)
        if not path.is_file():
            raise ExtractError(f"{source} is neither a URL nor a file.")
        with path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ExtractError(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    return content
