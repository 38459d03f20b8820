"""Lossless JSON for dossiers: Decimals are written as JSON numbers with every digit they had."""

from __future__ import annotations

from typing import Any

import msgspec

from jixiao.model.dossier import Dossier

_encoder = msgspec.json.Encoder(decimal_format="number")
_decoder = msgspec.json.Decoder(Dossier)


class DossierFormatError(ValueError):
    """A dossier JSON that does not fit the schema; the message names the path of the bad field."""

    code = "dossier_invalid"


def dumps(dossier: Dossier) -> bytes:
    return _encoder.encode(dossier)


def loads(data: bytes | str) -> Dossier:
    try:
        return _decoder.decode(data)
    except msgspec.ValidationError as exc:
        raise DossierFormatError(f"档案 JSON 不符合格式（{exc}）") from exc
    except msgspec.DecodeError as exc:
        raise DossierFormatError(f"档案 JSON 无法解析（{exc}）") from exc


def to_builtins(dossier: Dossier) -> Any:
    """Plain dicts and lists, Decimals kept as ``Decimal``."""
    return msgspec.to_builtins(dossier, builtin_types=(__import__("decimal").Decimal,))


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a dossier (Decimals accepted as JSON numbers, as we write them)."""
    import json  # only here: loading and scoring a dossier never needs the json module

    schema: dict[str, Any] = msgspec.json.schema(Dossier)
    text = json.dumps(schema, ensure_ascii=False)
    text = text.replace('{"type": "string", "format": "decimal"}', '{"type": "number"}')
    result: dict[str, Any] = json.loads(text)
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = "jixiao dossier"
    return result
