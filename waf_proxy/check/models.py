"""The decision API's wire shapes: what a caller describes, and what it gets back.

Every limit lives here so that a hostile or broken caller gets a 422 naming the
field instead of making the service allocate or score something unbounded.
"""

from __future__ import annotations

import base64
import binascii
from ipaddress import IPv4Address, IPv6Address
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

MAX_METHOD_CHARS = 32
MAX_PATH_CHARS = 8 * 1024
MAX_QUERY_CHARS = 32 * 1024
MAX_HEADERS = 200
MAX_HEADER_NAME_CHARS = 256
MAX_HEADER_VALUE_CHARS = 16 * 1024
MAX_BODY_CHARS = 2 * 1024 * 1024  # text, or base64 text (about 1.5 MiB decoded)
MAX_REQUEST_ID_CHARS = 128
MAX_BATCH_ITEMS = 5000

# RFC 9110 token characters: what a method or header name may contain.
_TOKEN = r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$"

Method = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_METHOD_CHARS, pattern=_TOKEN)
]
HeaderName = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_HEADER_NAME_CHARS, pattern=_TOKEN)
]
HeaderValue = Annotated[str, StringConstraints(max_length=MAX_HEADER_VALUE_CHARS)]
HeaderList = Annotated[list[tuple[HeaderName, HeaderValue]], Field(max_length=MAX_HEADERS)]
HeaderMap = Annotated[dict[HeaderName, HeaderValue], Field(max_length=MAX_HEADERS)]
# Same rule as waf_proxy.decision.request_id_from: ids end up in logs and headers.
RequestId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_REQUEST_ID_CHARS, pattern=r"^[A-Za-z0-9._-]+$"),
]

Outcome = Literal["allow", "block", "monitor", "exempt", "fail_open", "fail_closed", "rate_limited"]


class CheckRequest(BaseModel):
    """One HTTP request to judge, described as it arrived at the edge."""

    model_config = ConfigDict(extra="forbid")

    method: Method = Field("GET", description="HTTP method, e.g. GET")
    path: str = Field(
        "/",
        min_length=1,
        max_length=MAX_PATH_CHARS,
        description="raw path as on the wire (percent-encoded), starting with '/'; "
        "a '?query' suffix is split off into `query` when `query` is empty",
    )
    query: str = Field("", max_length=MAX_QUERY_CHARS, description="raw query string without '?'")
    headers: HeaderList | HeaderMap = Field(
        default_factory=list,
        description="request headers as [[name, value], ...] (repeats allowed) or {name: value}",
    )
    body_encoding: Literal["text", "base64"] = Field(
        "text", description="how `body` is encoded: UTF-8 text or base64 of the raw bytes"
    )
    body: str = Field("", max_length=MAX_BODY_CHARS, description="request body (see body_encoding)")
    client_ip: IPv4Address | IPv6Address | None = Field(
        None, description="original client address, for exemptions and rate limits"
    )
    request_id: RequestId | None = Field(
        None, description="caller's request id; one is generated when absent"
    )

    @field_validator("path")
    @classmethod
    def _path_is_origin_form(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("path must start with '/'")
        return value

    @field_validator("body")
    @classmethod
    def _body_decodes(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("body_encoding") == "base64":
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValueError(f"body is not valid base64: {exc}") from None
        return value

    @model_validator(mode="after")
    def _split_query(self) -> "CheckRequest":
        if "?" in self.path and not self.query:
            path, _, query = self.path.partition("?")
            self.path, self.query = path or "/", query
        return self

    def header_pairs(self) -> list[tuple[str, str]]:
        """Headers as (name, value) pairs whichever shape the caller sent."""
        if isinstance(self.headers, dict):
            return list(self.headers.items())
        return [(name, value) for name, value in self.headers]

    def body_bytes(self) -> bytes:
        if self.body_encoding == "base64":
            return base64.b64decode(self.body)
        return self.body.encode("utf-8", "surrogateescape")


class CheckBatchRequest(BaseModel):
    """Many requests judged in one call; answers keep this order."""

    model_config = ConfigDict(extra="forbid")

    items: list[CheckRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


class CheckResult(BaseModel):
    """The verdict on one request, as the proxy would have reached it."""

    request_id: str
    outcome: Outcome = Field(description="what the policy decided")
    allow: bool = Field(description="whether an edge proxy should forward the request")
    score: float | None = Field(description="calibrated anomaly score in [0, 1]; null if not scored")
    is_anomaly: bool = Field(description="score >= threshold")
    threshold: float
    mode: str = Field(description="block, monitor, learn or off")
    top_tokens: list[str] = Field(description="normalised tokens that drove the score")
    processing_ms: float = Field(description="time this service spent on the request")
    queue_ms: float = Field(0.0, description="time waiting in the shared micro-batcher")
    inference_ms: float = Field(0.0, description="model time of the batch it was scored in")
    model_version: str
    error: str | None = Field(None, description="why it failed open or closed, if it did")
    retry_after_s: float | None = Field(None, description="when rate_limited: seconds until the client may retry")


class CheckBatchResult(BaseModel):
    results: list[CheckResult]
    count: int
    processing_ms: float


class ErrorDetail(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(BaseModel):
    """422 body: one entry per invalid field, `loc` naming it."""

    detail: list[ErrorDetail]


class HealthResponse(BaseModel):
    status: str
    ready: bool
    model_version: str | None = None
