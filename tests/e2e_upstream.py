"""A real upstream for end-to-end tests, run as its own process under uvicorn.

    python -m tests.e2e_upstream PORT

/            JSON: method, raw target, headers in order, body length and sha256
/echo        the request body back, same content type
/bin?n=N     N deterministic binary bytes
/cookies     three Set-Cookie and two Vary headers
/slow?s=S    answers after S seconds
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from urllib.parse import parse_qs


def pattern(n: int) -> bytes:
    return (bytes(range(256)) * (n // 256 + 1))[:n]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    path = scope["path"]
    params = parse_qs(scope["query_string"].decode())
    headers = [(b"content-type", b"application/json")]
    if path in ("/echo", "/api/echo"):
        ctype = dict(scope["headers"]).get(b"content-type", b"application/octet-stream")
        headers, out = [(b"content-type", ctype)], bytes(body)
    elif path == "/bin":
        headers, out = [(b"content-type", b"application/octet-stream")], pattern(int(params["n"][0]))
    elif path == "/cookies":
        headers += [(b"set-cookie", b"a=1; Path=/"), (b"vary", b"Accept"), (b"set-cookie", b"b=2; HttpOnly"),
                    (b"vary", b"Cookie"), (b"set-cookie", b"c=3")]
        out = b"{}"
    elif path == "/slow":
        await asyncio.sleep(float(params["s"][0]))
        out = b"{}"
    else:
        target = scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")
        out = json.dumps({
            "method": scope["method"],
            "target": target.decode("latin-1"),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]],
            "body_len": len(body),
            "body_sha": hashlib.sha256(body).hexdigest(),
        }).encode()
    headers.append((b"content-length", str(len(out)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": out})


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False,
                http="httptools", loop="uvloop", lifespan="off")
