#!/usr/bin/env python3
"""Latency of `dockhand server`: the time from a `didChange` of a 1,000-line Dockerfile to the
`publishDiagnostics` for that version, as an editor sees it (the server in its own process, the
protocol over its stdin and stdout, no client library).

    python3 bench/server-latency.py [--binary target/release/dockhand] [--lines 1000] [--changes 50]

Prints the median, 95th percentile and maximum, in milliseconds. Standard library only.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time


def dockerfile(lines):
    """A realistic multi-stage Dockerfile of about `lines` lines: stages with ARG, ENV, COPY,
    multi-line RUNs with package installs and a final stage copying from the builders."""
    block = [
        "FROM golang:1.22-alpine AS build{n}",
        "ARG VERSION{n}=1.{n}",
        "ENV CGO_ENABLED=0 GOFLAGS=-mod=readonly",
        "WORKDIR /src/app{n}",
        "COPY go.mod go.sum ./",
        "RUN go mod download",
        "COPY . .",
        "RUN apk add --no-cache git make \\",
        "    && make build VERSION=${{VERSION{n}}} \\",
        "    && go build -trimpath -ldflags=\"-s -w\" -o /out/app{n} ./cmd/app{n}",
        "",
    ]
    out = ["# syntax=docker/dockerfile:1"]
    n = 0
    while len(out) + len(block) + 6 < lines:
        out.extend(line.format(n=n) for line in block)
        n += 1
    out.append("FROM alpine:3.20")
    out.append("RUN adduser -D app")
    # one finding to carry through every change: a stage named by its index (DH006)
    out.append("COPY --from=0 /out/app0 /usr/local/bin/first")
    for i in range(n):
        if len(out) >= lines - 3:
            break
        out.append(f"COPY --from=build{i} /out/app{i} /usr/local/bin/app{i}")
    out.append("USER app")
    out.append('ENTRYPOINT ["/usr/local/bin/app0"]')
    while len(out) < lines:
        out.append("# padding")
    return "\n".join(out[:lines]) + "\n"


class Server:
    def __init__(self, binary):
        self.p = subprocess.Popen(
            [binary, "server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit("server-latency: the server closed its output")
            line = line.strip()
            if not line:
                break
            key, _, value = line.partition(b":")
            if key.lower() == b"content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.recv()
            if m.get("id") == rid and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, version):
        while True:
            m = self.recv()
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p.get("version") == version:
                    return p["diagnostics"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/dockhand")
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--changes", type=int, default=50)
    args = ap.parse_args()

    text = dockerfile(args.lines)
    s = Server(args.binary)
    s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    s.notify("initialized", {})
    uri = "untitled:Dockerfile"
    t0 = time.perf_counter()
    s.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}},
    )
    first = s.diagnostics_for(1)
    open_ms = (time.perf_counter() - t0) * 1000
    times = []
    lines = text.split("\n")
    for i in range(args.changes):
        # an edit in the middle of the file, as typing does: a RUN line changes each time
        mid = len(lines) // 2
        edited = lines[:mid] + [f"RUN echo change {i}"] + lines[mid + 1 :]
        version = i + 2
        t0 = time.perf_counter()
        s.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": "\n".join(edited)}],
            },
        )
        s.diagnostics_for(version)
        times.append((time.perf_counter() - t0) * 1000)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)

    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"document: {len(text.splitlines())} lines, {len(text)} bytes, {len(first)} diagnostics")
    print(f"open -> diagnostics: {open_ms:.1f} ms")
    print(
        f"change -> diagnostics over {len(times)} changes: median {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )
    if len(first) == 0:
        print("server-latency: expected findings on the generated file", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
