"""Bounded body reading and JSON error answers shared by the decision API's endpoints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

# A whole /check/batch call: 5,000 items of typical size fit well within this.
MAX_CALL_BYTES = 64 * 1024 * 1024


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> tuple[bytes, bool]:
    """Read at most `limit` bytes; returns (body, truncated) without buffering the rest."""
    declared = request.headers.get("content-length")
    chunks: list[bytes] = []
    size = 0
    truncated = False
    if declared and declared.isdigit() and int(declared) == 0:
        return b"", False
    async for chunk in request.stream():
        if truncated:
            continue  # drain so the connection stays usable
        size += len(chunk)
        if size > limit:
            chunks.append(chunk[: len(chunk) - (size - limit)])
            truncated = True
        else:
            chunks.append(chunk)
    return b"".join(chunks), truncated


async def read_json_body(request: Request, limit: int = MAX_CALL_BYTES) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"request body over {limit} bytes")
    body, truncated = await read_body(request, limit)
    if truncated:
        raise BodyTooLarge(f"request body over {limit} bytes")
    return body


def json_response(model: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        model.model_dump_json(), status_code=status_code, headers=headers, media_type="application/json"
    )


def validation_error_response(exc: ValidationError) -> JSONResponse:
    """422 naming each bad field by its pydantic location."""
    detail: list[dict[str, Any]] = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors(include_url=False, include_input=False)
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def too_large_response(exc: BodyTooLarge) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": [], "msg": str(exc), "type": "too_large"}]}, status_code=413)
