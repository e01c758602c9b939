"""Latency and throughput of the HTTP decision service, beside in-process ``evaluate()`` and ``screen()``.

    python benchmarks/service_benchmark.py                                # defaults below
    python benchmarks/service_benchmark.py --requests 500 --batch-rows 5000 --memory-requests 2000   # quicker

Starts ``sme-rules serve`` on 127.0.0.1 at a free port (``--workers`` processes), then, in one run:

- in process: ``evaluate()`` + the JSON the service sends (full and brief), per-call p50/p99;
- over HTTP, ``POST /v1/evaluate`` full and ``brief=true``: p50/p99 latency and requests/s at 1, 8
  and 32 concurrent keep-alive clients, each request a different generated profile;
- ``POST /v1/evaluate/batch`` with ``--batch-rows`` JSON lines: profiles/s to the last line back,
  beside in-process ``screen()`` on the same rows;
- the server's resident set size before and after ``--memory-requests`` more requests.

Only loopback traffic; every loop is bounded by a count. The client shares the machine with the
server (2 cores here), so requests/s is what one machine does with both; the load average is
printed beside each figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sme_rules
from sme_rules.wire import BRIEF_EXCLUDE

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_benchmark import generate

DAY = "2022-06-01"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return ordered[len(ordered) // 2] * 1e3, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e3


# -- in process


def in_process(profiles: list[dict[str, Any]], region: str) -> None:
    for brief in (False, True):
        times = []
        for profile in profiles:
            start = time.perf_counter()
            sme_rules.evaluate(profile, region=region, as_of=DAY).model_dump_json(exclude=BRIEF_EXCLUDE if brief else None)
            times.append(time.perf_counter() - start)
        p50, p99 = percentiles(times)
        label = "brief" if brief else "full"
        print(f"in-process evaluate()+JSON {label:5}  n={len(times):6}  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {1 / statistics.mean(times):7.0f} /s  ({load()})")


# -- a small keep-alive HTTP/1.1 client (no library between the timer and the socket)


async def _client(port: int, requests: list[bytes], latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for request in requests:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(f"the service answered {head.splitlines()[0]!r}")
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
    finally:
        writer.close()


def _request(path: str, body: bytes, content_type: str = "application/json") -> bytes:
    return f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def over_http(port: int, profiles: list[dict[str, Any]], region: str, requests: int) -> None:
    bodies = [json.dumps(p).encode() for p in profiles]
    for brief in (False, True):
        path = f"/v1/evaluate?region={region}&as_of={DAY}" + ("&brief=true" if brief else "")
        for clients in (1, 8, 32):
            per_client = max(1, requests // clients)
            plans = [[_request(path, bodies[(c * per_client + i) % len(bodies)]) for i in range(per_client)] for c in range(clients)]
            latencies: list[float] = []

            async def run(plans: list[list[bytes]] = plans, latencies: list[float] = latencies) -> None:
                await asyncio.gather(*(_client(port, plan, latencies) for plan in plans))

            start = time.perf_counter()
            asyncio.run(run())
            elapsed = time.perf_counter() - start
            p50, p99 = percentiles(latencies)
            label = "brief" if brief else "full"
            print(f"HTTP /v1/evaluate {label:5}  clients {clients:2}  n={len(latencies):6}  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  {len(latencies) / elapsed:7.0f} req/s  ({load()})")


def batch(base: str, profiles: list[dict[str, Any]], region: str, rows: int) -> None:
    import httpx

    data = [profiles[i % len(profiles)] for i in range(rows)]
    body = "\n".join(json.dumps(p) for p in data).encode()
    start = time.perf_counter()
    count = 0
    with httpx.stream("POST", f"{base}/v1/evaluate/batch", params={"region": region, "as_of": DAY}, content=body, headers={"content-type": "application/x-ndjson"}, timeout=600) as response:
        for line in response.iter_lines():
            count += bool(line)
    elapsed = time.perf_counter() - start
    if count != rows:
        raise RuntimeError(f"{rows} rows in, {count} lines out")
    print(f"HTTP /v1/evaluate/batch  rows {rows:7}  {elapsed:6.2f} s  {rows / elapsed:9.0f} profiles/s  ({load()})")
    start = time.perf_counter()
    sme_rules.screen(data, region=region, as_of=DAY)
    elapsed = time.perf_counter() - start
    print(f"in-process screen()      rows {rows:7}  {elapsed:6.2f} s  {rows / elapsed:9.0f} profiles/s  ({load()})")


def rss_kib(pid: int) -> int:
    """The resident set of the server and its workers, in KiB (Linux)."""
    pids = [pid, *(int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    total = 0
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def memory(port: int, pid: int, profiles: list[dict[str, Any]], region: str, requests: int) -> None:
    path = f"/v1/evaluate?region={region}&as_of={DAY}&brief=true"
    bodies = [json.dumps(p).encode() for p in profiles]
    before = rss_kib(pid)
    done = 0
    step = max(1, requests // 4)
    while done < requests:
        plans = [[_request(path, bodies[(done + c * 1000 + i) % len(bodies)]) for i in range(step // 8)] for c in range(8)]
        asyncio.run(_gather(port, plans))
        done += sum(len(p) for p in plans)
        print(f"server RSS after {done:7} requests: {rss_kib(pid) / 1024:7.1f} MiB (before: {before / 1024:.1f} MiB)  ({load()})")


async def _gather(port: int, plans: list[list[bytes]]) -> None:
    await asyncio.gather(*(_client(port, plan, []) for plan in plans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--region", default="xizang", choices=sme_rules.REGIONS)
    parser.add_argument("--profiles", type=int, default=1000, help="distinct generated profiles (default 1000)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per client count (default 2000)")
    parser.add_argument("--batch-rows", type=int, default=50_000)
    parser.add_argument("--memory-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    print(f"{platform.platform()}  Python {platform.python_version()}  {os.cpu_count()} cores  sme-rules {sme_rules.__version__}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    profiles = generate(args.profiles, args.region)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "sme_rules", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        in_process(profiles, args.region)
        over_http(port, profiles, args.region, args.requests)
        batch(base, profiles, args.region, args.batch_rows)
        memory(port, server.pid, profiles, args.region, args.memory_requests)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(base: str) -> None:
    import httpx

    for _ in range(600):
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                # first calls compile the engines: warm them before timing
                for brief in ("false", "true"):
                    httpx.post(f"{base}/v1/evaluate", params={"region": "xizang", "as_of": DAY, "brief": brief}, json={}, timeout=60)
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not start")


if __name__ == "__main__":
    main()
