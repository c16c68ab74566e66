"""Learning mode: record a sample of live traffic, privacy-redacted, as benign training data.

In `mode = "learn"` the proxy forwards everything and hands each request to a
`LearnRecorder`, which writes a sampled JSONL file in the shared corpus format
(label "benign", source "learned") for `waf-proxy train --init models/default
--benign learned.jsonl`. Operators adapt the model to their own application's
traffic this way before switching to block mode.

Nothing secret may reach that file: cookie values, Authorization credentials
and the values of configured secret parameters (query, form, JSON, multipart)
are replaced by a fixed mask, keeping names and shape so the model still sees
what the request looked like. JWT-shaped strings are masked wherever they are.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote_plus, unquote_plus

from waf_proxy.inspect import RequestView

MASK = "REDACTED"
DEFAULT_REDACT_HEADERS = ("cookie", "authorization", "proxy-authorization", "set-cookie", "x-api-key", "x-auth-token")
DEFAULT_REDACT_PARAMS = ("password", "passwd", "token", "secret", "api_key", "apikey")

_JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_PATH_OK = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/]")
_QUERY_OK = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?]")
_HEX = frozenset("0123456789abcdefABCDEF")
_SKIP_HEADERS = frozenset({"host", "content-length"})


def _wire_safe(text: str, ok: re.Pattern[str]) -> str:
    """Percent-encode what is not legal in a request line; keep valid %XX escapes."""
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "%":
            if i + 2 < n and text[i + 1] in _HEX and text[i + 2] in _HEX:
                out.append(text[i : i + 3])
                i += 3
                continue
            out.append("%25")
        elif ok.match(ch):
            out.append(ch)
        else:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        i += 1
    return "".join(out)


def _header_safe(value: str) -> str:
    """Printable ASCII, no surrounding whitespace (corpus format)."""
    out = []
    for ch in value.strip(" \t"):
        o = ord(ch)
        out.append(ch if 32 <= o < 127 else "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


class Redactor:
    """Masks secrets in one request's fields; names and structure are kept."""

    def __init__(self, headers: Iterable[str], params: Iterable[str], mask: str = MASK) -> None:
        self.headers = frozenset(h.strip().lower() for h in headers if h.strip())
        self.params = tuple(p.strip().lower() for p in params if p.strip())
        self.mask = mask

    def is_secret(self, name: str) -> bool:
        """A parameter is secret when its name contains a configured word (access_token, new_password)."""
        lowered = name.lower()
        return any(p in lowered for p in self.params)

    def header(self, name: str, value: str) -> str:
        key = name.lower()
        if key not in self.headers:
            return _JWT_RE.sub(self.mask, value)
        if key in ("cookie", "set-cookie"):
            pairs = []
            for piece in value.split(";"):
                cname, sep, _ = piece.strip().partition("=")
                if cname:
                    pairs.append(f"{cname}={self.mask}" if sep else cname)
            return "; ".join(pairs) or self.mask
        scheme, sep, credentials = value.strip().partition(" ")
        if sep and credentials and scheme.isalpha() and len(scheme) <= 20:
            return f"{scheme} {self.mask}"  # keep "Bearer" / "Basic"
        return self.mask

    def urlencoded(self, text: str) -> str:
        parts = []
        for piece in text.split("&"):
            name, sep, value = piece.partition("=")
            if sep and value and self.is_secret(unquote_plus(name)):
                parts.append(f"{name}={quote_plus(self.mask)}")
            else:
                parts.append(piece)
        return _JWT_RE.sub(self.mask, "&".join(parts))

    def json_value(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: (self._mask_all(v) if self.is_secret(str(k)) else self.json_value(v)) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.json_value(v) for v in obj]
        if isinstance(obj, str):
            return _JWT_RE.sub(self.mask, obj)
        return obj

    def _mask_all(self, obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: self._mask_all(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self._mask_all(v) for v in obj]
        return None if obj is None else self.mask

    def json_text(self, text: str) -> str:
        try:
            obj = json.loads(text)
        except ValueError:  # truncated or not JSON: mask "secret": "value" pairs textually
            return self._json_like(text)
        masked = self.json_value(obj)
        if masked == obj:
            return text  # nothing to hide: keep the client's own formatting
        return json.dumps(masked, ensure_ascii=False, separators=(",", ":"))

    def _json_like(self, text: str) -> str:
        def repl(m: re.Match[str]) -> str:
            return f'{m.group(1)}"{self.mask}"' if self.is_secret(m.group(2)) else m.group(0)

        text = re.sub(r'("((?:[^"\\]|\\.){1,100})"\s*:\s*)"(?:[^"\\]|\\.)*"', repl, text)
        return _JWT_RE.sub(self.mask, text)

    def multipart(self, text: str, content_type: str) -> str:
        m = re.search(r'boundary="?([^";]+)"?', content_type)
        if not m:
            return _JWT_RE.sub(self.mask, text)
        delimiter = "--" + m.group(1)
        parts = text.split(delimiter)
        for i, part in enumerate(parts):
            head, sep, content = part.partition("\r\n\r\n")
            name = re.search(r'name="([^"]*)"', head)
            if sep and name and "filename=" not in head and self.is_secret(name.group(1)):
                parts[i] = head + sep + self.mask + ("\r\n" if content.endswith("\r\n") else "")
        return _JWT_RE.sub(self.mask, delimiter.join(parts))

    def body(self, text: str, content_type: str) -> str:
        if not text:
            return text
        ctype = content_type.split(";", 1)[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            return self.urlencoded(text)
        if ctype.endswith("json") or ctype.endswith("+json"):
            return self.json_text(text)
        if ctype == "multipart/form-data":
            return self.multipart(text, content_type)
        return _JWT_RE.sub(self.mask, text)


class LearnRecorder:
    """Appends sampled, redacted requests to a JSONL file; safe to call from many threads.

    Each line is written with one O_APPEND write, so several worker processes
    may share the file without interleaving lines (each keeps its own
    `max_records` count).
    """

    def __init__(
        self,
        output_path: str | os.PathLike[str],
        sample_rate: float = 1.0,
        max_records: int = 1_000_000,
        redact_headers: Iterable[str] = DEFAULT_REDACT_HEADERS,
        redact_params: Iterable[str] = DEFAULT_REDACT_PARAMS,
        seed: int | None = None,
        mask: str = MASK,
    ) -> None:
        if not 0.0 <= sample_rate <= 1.0:
            raise ValueError("sample_rate must be within [0, 1]")
        if max_records < 0:
            raise ValueError("max_records must be >= 0")
        self.path = Path(output_path)
        self.sample_rate = float(sample_rate)
        self.max_records = int(max_records)
        # the Authorization and Cookie headers are always masked, whatever the config says
        self.redactor = Redactor(set(redact_headers) | {"cookie", "authorization", "proxy-authorization"}, redact_params, mask)
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._count = 0
        self._closed = False
        if self.path.parent != Path(""):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    @classmethod
    def from_settings(cls, settings: Any) -> "LearnRecorder":
        """Build from `Settings`: the learn section plus the log section's redaction lists."""
        learn, log = settings.learn, settings.log
        return cls(
            learn.output,
            sample_rate=learn.sample_rate,
            max_records=learn.max_records,
            redact_headers=list(DEFAULT_REDACT_HEADERS) + list(log.redact_headers),
            redact_params=list(DEFAULT_REDACT_PARAMS) + list(log.redact_params),
        )

    @property
    def count(self) -> int:
        """Records written so far."""
        return self._count

    @property
    def full(self) -> bool:
        return self._count >= self.max_records

    def to_record(self, view: RequestView, request_id: str) -> dict[str, Any]:
        """The redacted corpus-format record for one request (no sampling, no I/O)."""
        r = self.redactor
        headers = []
        for name, value in view.headers:
            if name.lower() in _SKIP_HEADERS:
                continue
            safe = _header_safe(r.header(name, value))
            if safe:
                headers.append([name, safe])
        body = view.body.decode("utf-8", "replace")
        path = view.path or "/"
        if not path.startswith("/"):
            path = "/" + path
        return {
            "id": f"learned-{request_id or uuid.uuid4().hex}",
            "method": (view.method or "GET").upper(),
            "path": _wire_safe(_JWT_RE.sub(r.mask, path), _PATH_OK),
            "query": _wire_safe(r.urlencoded(view.query), _QUERY_OK) if view.query else "",
            "headers": headers,
            "body": r.body(body, view.header("content-type")),
            "label": "benign",
            "category": "normal",
            "source": "learned",
        }

    def record(self, view: RequestView, request_id: str) -> bool:
        """Sample, redact and append one request; True when a line was written."""
        with self._lock:
            if self._closed or self._count >= self.max_records:
                return False
            if self.sample_rate < 1.0 and self._rng.random() >= self.sample_rate:
                return False
        line = (json.dumps(self.to_record(view, request_id), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            if self._closed or self._fd is None or self._count >= self.max_records:
                return False
            while line:  # a regular file takes it in one write; loop for the rare short write
                line = line[os.write(self._fd, line) :]
            self._count += 1
            return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "LearnRecorder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
