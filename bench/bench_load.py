"""Load benchmark of ``warledger serve``: many clients at once on a store of real-looking
articles, on loopback only, bounded in requests and time.

    python bench/bench_load.py                      # 3,000 articles, 20 clients
    python bench/bench_load.py --articles 500 --clients 10 --seconds 5
    python bench/bench_load.py --db var/some.duckdb # an existing store (read as it is)

The store (unless ``--db``): articles generated from the demo corpus and tests/articles,
each a base article with some of its sentences left out, its numbers changed, its date
moved by up to four months and another outlet's name, so that no two are the same text
and few are near-duplicates; they go through the real pipeline (``pipeline.ingest``) into
a DuckDB file kept under ``var/bench-load/`` and reused by later runs with the same size.

Then ``warledger serve`` runs in its own process (read-only, as without a token), and for
each endpoint ``--clients`` clients on keep-alive connections ask as fast as they are
answered, for ``--seconds`` or ``--requests`` requests, whichever comes first. Printed per
endpoint: requests/s, latency percentiles and the size on the wire (the client asks for
gzip, as browsers do); then ``/api/health`` alone and beside ten
clients asking ledgers no cache can hold (each with its own text filter). The goal of
issue 14: the overview and ``/api/ledger`` at a median under 200 ms and a p99 under 1 s
with 20 clients on 3,000 articles. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HOST = "127.0.0.1"  # loopback only: this is a load test of one's own server
OUTLETS = ("Ilvenna Herald", "Korvath Times", "Eastern Courier", "Global Dispatch",
           "Caspian Wire", "Northern Ledger", "Harbour Post", "Valley Gazette",
           "Meridian News", "Plains Observer", "Coastal Record", "Summit Daily")
GENERATOR = 2  # bump when the generated articles change: the cached store is rebuilt


# --------------------------------------------------------------------------- the store


def base_articles() -> list[Any]:
    from warledger.ingest import read_articles
    from warledger.options import Options

    paths = sorted(str(p) for p in (ROOT / "demo").iterdir() if p.name != "README.md")
    paths += sorted(str(p) for p in (ROOT / "tests" / "articles").glob("*.txt"))
    got = [a for a in read_articles(paths, Options(quiet=True), clusters=False)
           if not isinstance(a, Exception)]
    return [a for a in got if len(a.text) > 200]


def _vary_numbers(text: str, rng: random.Random) -> str:
    def change(m: re.Match[str]) -> str:
        n = int(m.group(0).replace(",", ""))
        if 1900 <= n <= 2100:  # a year stays a year
            return m.group(0)
        return str(max(1, int(n * rng.uniform(0.4, 2.5))))
    return re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b", change, text)


def generated_records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` article records made from the base articles (see the module's docstring)."""
    import datetime as dt

    from warledger.nlp import split_sentences

    rng = random.Random(seed)
    bases = base_articles()
    out = []
    seen: set[str] = set()
    for i in range(n):
        base = bases[i % len(bases)]
        spans = split_sentences(base.text)
        sentences = [base.text[a:b] for a, b in spans]
        for attempt in range(50):  # a short base article can come out the same: draw again
            kept = sentences[:1] + [s for s in sentences[1:] if rng.random() < 0.7]
            text = _vary_numbers(" ".join(kept), rng)
            if attempt >= 10:  # few sentences and no numbers: say when it was updated
                text += f" (Updated {rng.randint(1, 23)}:{rng.randint(0, 59):02d}.)"
            if text not in seen:
                break
        seen.add(text)
        day = dt.date.fromisoformat((base.published or "2024-01-01")[:10])
        day += dt.timedelta(days=rng.randint(-60, 60))
        out.append({"id": f"load-{i:05d}", "text": text,
                    "title": _vary_numbers(base.title or kept[0][:80], rng),
                    "published": day.isoformat(), "outlet": OUTLETS[rng.randrange(len(OUTLETS))],
                    "url": f"https://news.example/{i:05d}"})
    return out


def build_store(path: Path, n: int) -> None:
    from warledger import pipeline
    from warledger.ingest import article_from_record
    from warledger.options import Options
    from warledger.store import open_store

    options = Options(db=str(path), quiet=True)
    articles = [article_from_record(r, options) for r in generated_records(n)]
    began = time.perf_counter()
    store = open_store(str(path))
    try:
        report = pipeline.ingest(articles, options, store)
    finally:
        store.close()
    print(f"built {path}: {report.stored} articles, {report.claims} claims, "
          f"{report.events} events in {time.perf_counter() - began:.0f} s", flush=True)


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("WARLEDGER_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "warledger", "serve", "--db", db,
                             "--host", HOST, "--port", str(port), "--log-level", "warning"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/api/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not answer within 120 s")


# --------------------------------------------------------------------------- clients


class Connection:
    """One keep-alive HTTP/1.1 connection: a request, then the whole answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: text/html\r\n"
                          "Accept-Encoding: gzip\r\n\r\n".encode())  # as a browser asks
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        if length is None:
            raise RuntimeError(f"no content-length for {path}")
        body = await self.reader.readexactly(int(length.group(1)))
        return status, len(body)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(port: int, paths: list[str], clients: int, seconds: float,
               requests: int) -> dict[str, Any]:
    """``clients`` closed-loop clients cycling through ``paths``."""
    times: list[float] = []
    errors: list[str] = []
    sizes: list[int] = []
    sent = 0
    stop = time.perf_counter() + seconds

    async def client(k: int) -> None:
        nonlocal sent
        conn = Connection(port)
        i = k
        try:
            while time.perf_counter() < stop and sent < requests:
                sent += 1
                path = paths[i % len(paths)]
                i += clients
                began = time.perf_counter()
                try:
                    status, size = await conn.get(path)
                except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
                    errors.append(f"{path}: {exc}")
                    conn.close()
                    conn = Connection(port)
                    continue
                times.append(time.perf_counter() - began)
                sizes.append(size)
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
        finally:
            conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    wall = time.perf_counter() - began
    return {"times": times, "errors": errors, "wall": wall, "sizes": sizes}


def pct(times: list[float], p: float) -> float:
    s = sorted(times)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000 if s else float("nan")


def line(name: str, got: dict[str, Any]) -> str:
    t = got["times"]
    size = sum(got["sizes"]) / len(got["sizes"]) / 1024 if got["sizes"] else 0
    return (f"{name:<34} {len(t):>6} {len(t) / got['wall']:>8.1f} {pct(t, 50):>8.0f} "
            f"{pct(t, 90):>8.0f} {pct(t, 99):>8.0f} {max(t) * 1000 if t else 0:>8.0f} "
            f"{size:>8.1f} {len(got['errors']):>6}")


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--db", help="an existing store to serve instead of the generated one")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=15.0, help="per endpoint, at most")
    ap.add_argument("--requests", type=int, default=3000, help="per endpoint, at most")
    args = ap.parse_args()
    args.clients = max(1, min(args.clients, 100))
    args.seconds = max(1.0, min(args.seconds, 120.0))
    args.requests = max(1, min(args.requests, 20_000))

    db = args.db
    if db is None:
        folder = ROOT / "var" / "bench-load"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"store-{args.articles}-g{GENERATOR}.duckdb"
        if not path.exists():
            partial = path.with_suffix(".partial.duckdb")
            partial.unlink(missing_ok=True)
            build_store(partial, args.articles)
            partial.rename(path)
        db = str(path)
    port = free_port()
    server = start_server(db, port)
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/api/health") as r:
            health = json.loads(r.read())
        print(f"store: {health['articles']} articles, {health['claims']} claims, "
              f"{health['events']} events; server pid {server.pid} on {HOST}:{port}; "
              f"{args.clients} clients, at most {args.seconds:.0f} s or {args.requests} "
              f"requests per endpoint; {os.cpu_count()} CPUs, load "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        conflicts = sorted({r["conflict"] for r in _get(port, "/api/ledger?limit=1000")["items"]
                            if r.get("conflict")})
        varied = [f"?conflict={c}" for c in conflicts] + ["?kind=killed", "?by=all", "?side=UKR",
                                                          "?kind=destroyed&by=week"]
        endpoints = [
            ("overview /", ["/"]),
            (f"overview, {len(varied)} filters", ["/" + v for v in varied]),
            ("/api/ledger", ["/api/ledger"]),
            (f"/api/ledger, {len(varied)} filters", ["/api/ledger" + v for v in varied]),
            ("/api/claims", ["/api/claims"]),
            ("/api/claims?kind=killed&sort=-count", ["/api/claims?kind=killed&sort=-count"]),
            ("/claims (explorer)", ["/claims"]),
            ("/api/health", ["/api/health"]),
        ]
        print(f"{'endpoint':<34} {'reqs':>6} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} "
              f"{'p99 ms':>8} {'max ms':>8} {'KiB':>8} {'errors':>6}")
        cold = []
        for name, paths in endpoints:
            for p in paths:  # the first answer of each: built, not cached
                began = time.perf_counter()
                _get(port, p, raw=True)
                cold.append((p, time.perf_counter() - began))
            got = asyncio.run(load(port, paths, args.clients, args.seconds, args.requests))
            print(line(name, got), flush=True)
            for e in got["errors"][:3]:
                print(f"    error: {e}")
        print("first (uncached) answer: " + ", ".join(f"{p} {t * 1000:.0f} ms"
                                                     for p, t in cold[:4]))
        # /api/health beside 10 clients asking ledgers that no cache holds
        words = ["said", "killed", "soldiers", "the", "army", "forces", "civilians", "near",
                 "ministry", "drone", "were", "wounded", "attack", "on", "in", "of"]
        uncached = [f"/api/ledger?by=day&q={a}%20{b}" for a in words for b in words] * 3
        random.Random(3).shuffle(uncached)

        async def beside() -> tuple[dict[str, Any], dict[str, Any]]:
            ledger = asyncio.create_task(load(port, uncached, 10, min(args.seconds, 10), 10**6))
            await asyncio.sleep(0.5)
            health_ = await load(port, ["/api/health"], 1, min(args.seconds, 10) - 1, 10**6)
            return health_, await ledger
        alone = asyncio.run(load(port, ["/api/health"], 1, 3, 10**6))
        near, ledgers = asyncio.run(beside())
        print(line("/api/health, alone, 1 client", alone))
        print(line("/api/health beside 10 ledger clients", near))
        print(line("  (the uncached ledgers themselves)", ledgers))
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _get(port: int, path: str, raw: bool = False) -> Any:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=120) as r:
        body = r.read()
    return body if raw else json.loads(body)


if __name__ == "__main__":
    main()
