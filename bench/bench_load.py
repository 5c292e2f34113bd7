"""Load on `acervo serve` over loopback: search throughput and latency under N concurrent clients,
and the time from upload to searchable for a batch of documents with 1 and 2 workers.

Usage: python -m bench.bench_load [--clients 8] [--seconds 20] [--docs 100]

Everything runs on the embedded default in a temporary data directory: the server is started as a
subprocess (`acervo serve`, which runs the embedded queue and one worker); the second worker is
`acervo worker` pointed at the same data directory. Traffic goes to 127.0.0.1 only, bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.prepared import prepared_model

ACERVO = Path(sys.executable).with_name("acervo")
TOPICS = ["agua potable", "movilidad peatonal", "vivienda", "alumbrado público", "parques", "transporte",
          "residuos sólidos", "seguridad vial", "arbolado urbano", "drenaje pluvial"]
QUERIES = ["convenio de vivienda", "reuniones sobre escasez de agua", "movilidad peatonal en el centro",
           "programa de arbolado", "seguridad vial escolar", "informe anual", "drenaje pluvial colonias"]


def minutes(n: int, marker: str) -> bytes:
    rnd = random.Random(n)
    topic, other = rnd.sample(TOPICS, 2)
    return (
        f"# Acta de la Sesión Ordinaria {n} de 2024\n\n"
        f"Consejo Directivo del Instituto Municipal de Planeación de Valle Alto, {1 + n % 28} de "
        f"{['enero', 'marzo', 'mayo', 'julio', 'septiembre', 'noviembre'][n % 6]} de 2024.\n\n"
        "| Nombre | Cargo |\n|---|---|\n| Arq. Elena Ruiz Paz | Presidenta |\n"
        "| Lic. Omar Ibarra Gil | Secretario |\n\n"
        f"## Desarrollo\n\nSe presentó el diagnóstico de {topic} y su relación con {other}. "
        f"Referencia de control {marker}.\n\n"
        f"## Acuerdos\n\n- CD-{n}-1. Se aprueba por unanimidad el programa de {topic}.\n"
    ).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Server:
    def __init__(self, data_dir: Path, workers: int) -> None:
        self.port = free_port()
        self.env = {**os.environ, "ACERVO_DATA_DIR": str(data_dir)}
        model = prepared_model()  # the encoder a deployment runs, with its ONNX exports
        if model and "ACERVO_EMBED_MODEL" not in os.environ:
            self.env["ACERVO_EMBED_MODEL"] = model
        self.env.pop("ACERVO_REDIS_URL", None)
        self.workers = workers
        self.procs: list[subprocess.Popen] = []
        key = subprocess.run([str(ACERVO), "keys", "create", "--scope", "admin", "--name", "bench"], env=self.env,
                             capture_output=True, text=True, check=True)
        self.key = key.stdout.strip()

    def __enter__(self) -> Server:
        self.procs.append(subprocess.Popen([str(ACERVO), "serve", "--port", str(self.port)], env=self.env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        for _ in range(self.workers - 1):
            self.procs.append(subprocess.Popen([str(ACERVO), "worker"], env=self.env,
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def upload_to_searchable(server: Server, docs: int) -> dict:
    headers = {"X-API-Key": server.key}
    markers = [f"ctl{n:05d}x" for n in range(docs)]
    async with httpx.AsyncClient(base_url=server.base, headers=headers, timeout=120) as client:
        started = time.perf_counter()
        for i in range(0, docs, 10):
            files = [("files", (f"acta-{n}.md", minutes(n, markers[n]))) for n in range(i, min(docs, i + 10))]
            response = await client.post("/api/documents", files=files)
            response.raise_for_status()
        pending = set(markers)
        deadline = time.monotonic() + 1800
        while pending and time.monotonic() < deadline:
            for marker in list(pending):
                hits = (await client.get("/api/search", params={"q": marker, "limit": 1})).json()["items"]
                if hits:
                    pending.discard(marker)
            if pending:
                await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - started
    return {"docs": docs, "seconds": elapsed, "docs_per_s": docs / elapsed, "unfinished": len(pending)}


async def search_load(server: Server, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds

    async def client_loop(n: int) -> None:
        nonlocal errors
        rnd = random.Random(n)
        async with httpx.AsyncClient(base_url=server.base, headers={"X-API-Key": server.key}, timeout=30) as c:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                response = await c.get("/api/search", params={"q": rnd.choice(QUERIES), "limit": 10})
                latencies.append(time.perf_counter() - t0)
                errors += response.status_code != 200

    started = time.perf_counter()
    await asyncio.gather(*(client_loop(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    return {"clients": clients, "requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * percentile(latencies, 0.95)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--docs", type=int, default=100)
    args = ap.parse_args(argv)
    results = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as tmp, Server(Path(tmp) / "data", workers) as server:
            results[workers] = asyncio.run(upload_to_searchable(server, args.docs))
            if workers == 1:
                load = asyncio.run(search_load(server, args.clients, args.seconds))
    print(f"search, {load['clients']} clients for {args.seconds:.0f} s over {args.docs} documents: "
          f"{load['rps']:.1f} req/s, p50 {load['p50_ms']:.1f} ms, p95 {load['p95_ms']:.1f} ms, "
          f"{load['errors']} errors ({load['requests']} requests)")
    for workers, r in results.items():
        missing = f", {r['unfinished']} never searchable" if r["unfinished"] else ""
        print(f"upload to searchable, {r['docs']} documents, {workers} worker(s): {r['seconds']:.1f} s "
              f"({r['docs_per_s']:.2f} docs/s){missing}")
    print(f"speed-up with 2 workers: {results[1]['seconds'] / results[2]['seconds']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
