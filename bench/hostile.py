#!/usr/bin/python3
"""Hostile peers against the real jar at -Xmx256m: the ten scenarios of issue 13, replayed at the issue's scale.

Run it through bench/hostile.sh (which builds the jar when it is missing), or directly:

    /usr/bin/python3 bench/hostile.py                 # every scenario, about 2.5 minutes on 2 cores
    /usr/bin/python3 bench/hostile.py --only 3,7      # some of them
    /usr/bin/python3 bench/hostile.py --jar /tmp/pushgate.jar

Standard library only. Each scenario starts a fresh gateway (`java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar
target/pushgate.jar -conf FILE`, its own config in a temp dir, free ports on 127.0.0.1, the demo receiver off),
polls `/health/live` every 0.5 s with a 2 s timeout while the scenario runs, checks it again after, reads the
process's peak RSS (VmHWM), then sends SIGTERM and checks that it exits with status 0 within drainMs + 3 s. The
hostile targets run in a child process of this script (`--serve-targets`): asyncio servers on 127.0.0.1.

Prints one Markdown table row per scenario on stdout (progress on stderr); exit status 0 when every row is PASS,
1 when one is FAIL, 2 when the script itself could not run. Every process it starts is killed when it ends, also
on Ctrl-C, SIGTERM or a failure. The gateways' logs stay in the temp dir printed at the start.
"""

import argparse
import asyncio
import atexit
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time

HOST = "127.0.0.1"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_JAR = os.path.join(ROOT, "target", "pushgate.jar")
JAVA_FLAGS = ["-Xmx256m", "-XX:+ExitOnOutOfMemoryError"]
DRAIN_MS = 30000          # the default shutdown.drainMs, which every scenario keeps
EXIT_SLACK_S = 3.0        # SIGTERM must end the process within drainMs + this
RUN_LIMIT_S = 900         # the whole run, whatever happens
BIG_BODY = 50 * 1024 * 1024
FOUR_K = 4096

# --------------------------------------------------------------------------------------------------------------
# The hostile targets (a child process: `hostile.py --serve-targets`)
# --------------------------------------------------------------------------------------------------------------

OK_BODY = b'{"ok":true}'
OK_ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
             + str(len(OK_BODY)).encode() + b"\r\n\r\n" + OK_BODY)
_PAD = b'{"ok":true,"pad":"' + b"x" * (FOUR_K - len(b'{"ok":true,"pad":""}')) + b'"}'
FOUR_K_ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                 + str(len(_PAD)).encode() + b"\r\n\r\n" + _PAD)
BAD_STATUS_ANSWER = (b"HTTP/1.1 999999 Unknown Status\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
                     b"{}")


class TargetStats:
    def __init__(self):
        self.stats = {}

    def of(self, kind):
        return self.stats.setdefault(kind, {"open": 0, "requests": 0, "answering": 0, "connections": 0})


STATS = TargetStats()


async def _read_request(reader):
    """Reads one request (head and body); None at the end of the connection."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return head


async def _answer(kind, writer):
    st = STATS.of(kind)
    if kind == "fast":
        writer.write(OK_ANSWER)
    elif kind == "slow50":
        await asyncio.sleep(0.05)
        writer.write(OK_ANSWER)
    elif kind == "fourk":
        writer.write(FOUR_K_ANSWER)
    elif kind == "badstatus":
        writer.write(BAD_STATUS_ANSWER)
    elif kind == "big":
        # 200 with a 50 MB body, written as the connection drains; ends when the peer closes.
        st["answering"] += 1
        try:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(BIG_BODY).encode() + b"\r\n\r\n")
            piece = b"x" * (1024 * 1024)
            for _ in range(BIG_BODY // len(piece)):
                if writer.transport.is_closing():
                    raise ConnectionResetError("peer closed")
                writer.write(piece)
                await writer.drain()
        finally:
            st["answering"] -= 1
    elif kind == "trickle":
        # Headers at once, then one body byte every 100 ms (at most 100,000 s worth: the peer ends it).
        st["answering"] += 1
        try:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
            await writer.drain()
            for _ in range(1000000):
                await asyncio.sleep(0.1)
                if writer.transport.is_closing():
                    raise ConnectionResetError("peer closed")
                writer.write(b" ")
                await writer.drain()
        finally:
            st["answering"] -= 1
    else:
        raise ValueError(kind)
    await writer.drain()


def _target_handler(kind):
    async def handle(reader, writer):
        st = STATS.of(kind)
        st["open"] += 1
        st["connections"] += 1
        try:
            while True:
                head = await _read_request(reader)
                if head is None:
                    break
                st["requests"] += 1
                await _answer(kind, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
            pass
        finally:
            st["open"] -= 1
            writer.transport.abort()
    return handle


async def _stats_handler(reader, writer):
    try:
        await _read_request(reader)
        body = json.dumps(STATS.stats).encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def serve_targets():
    """Runs every fake target, prints their ports as one JSON line, and ends when stdin ends."""
    ports = {}
    servers = []
    for kind in ("fast", "slow50", "fourk", "big", "trickle", "badstatus"):
        server = await asyncio.start_server(_target_handler(kind), HOST, 0, backlog=4096, limit=1 << 20)
        servers.append(server)
        ports[kind] = server.sockets[0].getsockname()[1]
    control = await asyncio.start_server(_stats_handler, HOST, 0, backlog=64)
    servers.append(control)
    ports["stats"] = control.sockets[0].getsockname()[1]
    print(json.dumps(ports), flush=True)
    loop = asyncio.get_running_loop()
    # The parent holds our stdin: its end (the parent gone, however) ends us.
    await loop.run_in_executor(None, sys.stdin.buffer.read)
    for server in servers:
        server.close()


# --------------------------------------------------------------------------------------------------------------
# Processes: every one started is killed at the end, whatever happens
# --------------------------------------------------------------------------------------------------------------

PROCESSES = []


def kill_all():
    for proc in PROCESSES:
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)   # each runs in a session of its own: pgid == pid
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Gateway:
    """The jar as a process of its own, with its own config file and log in a fresh directory."""

    def __init__(self, workdir, name, config, jar):
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.config = config
        config.setdefault("http", {}).update({"host": HOST, "port": self.port})
        config["demoReceiver"] = {"enabled": False}
        self.drain_ms = config.get("shutdown", {}).get("drainMs", DRAIN_MS)
        self.config_path = os.path.join(self.dir, "config.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f)
        self.log_path = os.path.join(self.dir, "gateway.log")
        self.jar = jar
        self.proc = None
        self.exit = None          # (status, seconds after SIGTERM) once stopped
        self.peak_rss = None

    async def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PUSHGATE_")}
        with open(self.log_path, "wb") as out:
            self.proc = subprocess.Popen(["java", *JAVA_FLAGS, "-jar", self.jar, "-conf", self.config_path],
                                         stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=self.dir, env=env, start_new_session=True)
        PROCESSES.append(self.proc)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "Pushgate listening" in self.output():
                return
            if self.proc.poll() is not None:
                break
            await asyncio.sleep(0.1)
        raise RuntimeError(f"the gateway did not start (see {self.log_path}):\n{self.output()[-2000:]}")

    def output(self):
        with open(self.log_path, "r", errors="replace") as f:
            return f.read()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def vmhwm_mb(self):
        """The process's peak RSS so far; the last one read once it has exited (the health poller reads it)."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.peak_rss = max(self.peak_rss or 0, int(line.split()[1]) // 1024)
        except OSError:
            pass
        return self.peak_rss

    async def terminate(self):
        """SIGTERM; waits drainMs + 10 s at most (then SIGKILL); records (status, seconds)."""
        if not self.alive():
            self.exit = (self.proc.poll(), None)
            return self.exit
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        limit = self.drain_ms / 1000 + 10
        while self.proc.poll() is None and time.monotonic() - t0 < limit:
            await asyncio.sleep(0.05)
        took = time.monotonic() - t0
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
            self.exit = ("killed", took)
        else:
            self.exit = (self.proc.returncode, took)
        return self.exit

    def exit_ok(self):
        status, took = self.exit
        return status == 0 and took is not None and took <= self.drain_ms / 1000 + EXIT_SLACK_S

    def exit_text(self):
        status, took = self.exit
        return f"{status} in {took:.1f} s" if took is not None else f"already exited ({status})"


# --------------------------------------------------------------------------------------------------------------
# A small HTTP/1.1 client: every request on a connection of its own; every status it gets is recorded
# --------------------------------------------------------------------------------------------------------------

class Resp:
    def __init__(self, status, headers, body, seconds, error=None):
        self.status, self.headers, self.body, self.seconds, self.error = status, headers, body, seconds, error

    def json(self):
        try:
            return json.loads(self.body)
        except (ValueError, TypeError):
            return None

    def __repr__(self):
        return f"Resp({self.status}, {self.seconds:.2f}s, {self.error or ''})"


class Recorder:
    """The statuses the script's clients got in the current scenario."""
    statuses = []


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            data = await reader.readexactly(size + 2)
            if size == 0:
                break
            parts.append(data[:-2])
        body = b"".join(parts)
    else:
        body = await reader.read()
    return status, headers, body


async def request(port, method, path, body=None, timeout=60.0, headers=None, record=True):
    t0 = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port, limit=1 << 22), timeout)
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        writer.write(head.encode() + b"\r\n")
        if body:
            writer.write(body)   # not drained first: the answer may come (a refusal) before the body is read
        status, rh, rb = await asyncio.wait_for(read_response(reader), max(0.1, timeout - (time.monotonic() - t0)))
        resp = Resp(status, rh, rb, time.monotonic() - t0)
    except asyncio.TimeoutError:
        resp = Resp(None, {}, b"", time.monotonic() - t0, "no answer in time")
    except (ConnectionError, OSError, asyncio.IncompleteReadError) as e:
        resp = Resp(None, {}, b"", time.monotonic() - t0, f"{type(e).__name__}")
    finally:
        if writer is not None:
            writer.transport.abort()
    if record:
        Recorder.statuses.append((method, path, resp.status))
    return resp


def batch(target, n, timeout_ms=None, message=None):
    body = {"target": target, "messages": [message or {"user_id": str(i), "message": "Hello"} for i in range(n)]}
    if timeout_ms:
        body["timeoutMs"] = timeout_ms
    return json.dumps(body, separators=(",", ":")).encode()


async def push(port, body, timeout=60.0):
    return await request(port, "POST", "/v1/push", body, timeout)


async def metrics(port):
    resp = await request(port, "GET", "/metrics", timeout=10, record=False)
    return resp.body.decode() if resp.status == 200 else ""


def metric(text, name, **labels):
    """The sum of every sample of `name` whose labels include `labels`; None when there is none."""
    total, found = 0.0, False
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        m = re.match(r"([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not m or m.group(1) != name:
            continue
        got = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(m.group(3))
            found = True
    return total if found else None


async def target_stats(ports):
    resp = await request(ports["stats"], "GET", "/stats", timeout=5, record=False)
    return resp.json() or {}


async def circuit(port, target):
    resp = await request(port, "GET", "/v1/targets", timeout=5, record=False)
    for t in (resp.json() or {}).get("targets", []):
        if t["name"] == target:
            return t["circuit"]
    return None


class HealthPoller:
    """GET /health/live every 0.5 s, 2 s timeout each, on a new connection, while the scenario runs."""

    def __init__(self, port, gateway):
        self.port = port
        self.gateway = gateway
        self.polls = 0
        self.failures = []
        self.worst = 0.0
        self.task = None
        self.stopping = False

    async def _run(self):
        while not self.stopping:
            self.gateway.vmhwm_mb()
            resp = await request(self.port, "GET", "/health/live", timeout=2.0, record=False)
            self.polls += 1
            self.worst = max(self.worst, resp.seconds)
            if resp.status != 200:
                self.failures.append((round(resp.seconds, 1), resp.status, resp.error))
            await asyncio.sleep(0.5)

    def start(self):
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self):
        self.stopping = True
        if self.task:
            await asyncio.wait_for(self.task, 5)

    async def after(self):
        """Three probes after the scenario, each within 2 s."""
        oks = 0
        for _ in range(3):
            resp = await request(self.port, "GET", "/health/live", timeout=2.0, record=False)
            oks += resp.status == 200
            await asyncio.sleep(0.2)
        return oks == 3

    def during_text(self):
        return f"{self.polls - len(self.failures)}/{self.polls} (worst {self.worst:.2f} s)"


# --------------------------------------------------------------------------------------------------------------
# Configs
# --------------------------------------------------------------------------------------------------------------

def target(ports, kind, **extra):
    t = {"url": f"http://{HOST}:{ports[kind]}/push"}
    t.update(extra)
    return t


def g(value):
    return "absent" if value is None else f"{value:g}"


def fmt_counts(counter):
    return ", ".join(f"{k}×{v}" for k, v in sorted(counter.items(), key=lambda kv: str(kv[0])))


def count(items):
    out = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return out


class Outcome:
    def __init__(self):
        self.ok = True
        self.notes = []
        self.earned_5xx = set()    # statuses this scenario provokes on purpose (relay 502/504, 503 draining)
        self.extra_exit = None     # (ok, text) of a second gateway's SIGTERM, for scenario 7
        self.gateways = []

    def check(self, cond, note_if_failed):
        if not cond:
            self.ok = False
            self.notes.append("FAILED: " + note_if_failed)
        return cond

    def note(self, text):
        self.notes.append(text)


# --------------------------------------------------------------------------------------------------------------
# The scenarios
# --------------------------------------------------------------------------------------------------------------

async def s1_big_body(gw, ports, out):
    t0 = time.monotonic()
    resp = await push(gw.port, batch("default", 10, timeout_ms=8000), timeout=30)
    doc = resp.json() or {}
    results = doc.get("results", [])
    longest = max((len(json.dumps(r.get("response", ""))) for r in results), default=0)
    out.note(f"batch of 10: {resp.status} in {resp.seconds:.2f} s (deadline 8 s), "
             f"{fmt_counts(count(r['status'] for r in results))}, longest kept response {longest} B")
    out.check(resp.status == 200 and doc.get("delivered") == 10, "not 10 delivered")
    out.check(resp.seconds < 8, "answered at or past the deadline")
    out.check(longest <= FOUR_K + 64, "a response longer than maxResponseBytes was kept")
    relay = await request(gw.port, "POST", "/v1/push/default", b'{"user_id":"1","message":"Hello"}', 30)
    out.note(f"relay: {relay.status}, {len(relay.body)} B body in {relay.seconds:.2f} s")
    out.check(relay.status == 200 and len(relay.body) <= FOUR_K, "relay not 200 with <= 4096 B")
    await asyncio.sleep(1)
    st = (await target_stats(ports)).get("big", {})
    out.check(st.get("answering", 1) == 0, "the 50 MB answers are still being read")
    out.note(f"{st.get('requests')} attempts, 50 MB answers still open after 1 s: {st.get('answering')}")
    return time.monotonic() - t0


async def s2_many_targets(gw, ports, out):
    results = await asyncio.gather(*(push(gw.port, batch(f"t{i}", 10), timeout=60) for i in range(200)))
    statuses = count(r.status for r in results)
    delivered = sum((r.json() or {}).get("delivered", 0) for r in results if r.status == 200)
    slowest = max(r.seconds for r in results)
    out.note(f"200 batches: {fmt_counts(statuses)}; {delivered}/2000 delivered; slowest answer {slowest:.2f} s")
    out.check(statuses == {200: 200} and delivered == 2000, "not every batch answered 200 with 10 delivered")


def s2_config(ports):
    headers = lambda i: {"Authorization": "Bearer " + "k" * 64 + str(i)}
    targets = {f"t{i}": {"url": f"http://{HOST}:{ports['fast']}/push?target={i}", "headers": headers(i)}
               for i in range(200)}
    targets["default"] = target(ports, "fast")
    return {"targets": targets}


async def _wait_readable(sock, timeout):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.add_reader(sock.fileno(), lambda: fut.done() or fut.set_result(None))
    try:
        await asyncio.wait_for(fut, timeout)
        return True
    except asyncio.TimeoutError:
        return False
    finally:
        loop.remove_reader(sock.fileno())


async def _non_reader(port, body, wait_s):
    """Sends a batch on a socket with a 4 KB receive buffer and never reads it: only peeks at the status line."""
    loop = asyncio.get_running_loop()
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    t0 = time.monotonic()
    await asyncio.wait_for(loop.sock_connect(sock, (HOST, port)), 10)
    head = (f"POST /v1/push HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()

    async def send():
        try:
            await loop.sock_sendall(sock, head + body)
        except OSError:
            pass
    sender = loop.create_task(send())
    status, retry_after = None, None
    if await _wait_readable(sock, wait_s):
        try:
            peek = sock.recv(1024, socket.MSG_PEEK)
            m = re.match(rb"HTTP/1\.1 (\d{3})", peek)
            status = int(m.group(1)) if m else None
            ra = re.search(rb"(?i)\r\nretry-after:\s*(\d+)", peek)
            retry_after = ra.group(1).decode() if ra else None
        except OSError as e:
            status = type(e).__name__
    try:
        await asyncio.wait_for(sender, 10)
    except asyncio.TimeoutError:
        pass
    Recorder.statuses.append(("POST", "/v1/push", status if isinstance(status, int) else None))
    return sock, status, retry_after, time.monotonic() - t0


async def s3_non_readers(gw, ports, out):
    big = batch("default", 10000)
    socks, seen = [], []
    for i in range(7):
        sock, status, ra, took = await _non_reader(gw.port, big, 60)
        socks.append(sock)
        m = await metrics(gw.port)
        unwritten = metric(m, "pushgate_answer_bytes_unwritten") or 0
        seen.append(status)
        log(f"  non-reader {i + 1}: {status} (Retry-After {ra}) after {took:.1f} s; "
            f"unwritten answers {unwritten / 1e6:.1f} MB, RSS so far {gw.vmhwm_mb()} MB")
        out.check(status in (200, 429), f"non-reader {i + 1} got {status}")
        if status == 429:
            out.check(ra is not None, f"non-reader {i + 1}: 429 without Retry-After")
    m = await metrics(gw.port)
    pinned = (metric(m, "pushgate_answer_bytes_unwritten") or 0) / 1e6
    small = await push(gw.port, batch("fast", 10), 30)
    out.note(f"7 non-readers of a 10,000 × 4 KB answer: {fmt_counts(count(seen))}; "
             f"answer bytes held {pinned:.1f} MB")
    out.note(f"small batch while they hold: {small.status}"
             + (f" Retry-After {small.headers.get('retry-after')}" if small.status == 429 else "")
             + f" in {small.seconds:.2f} s")
    out.check(small.status == 200 or (small.status == 429 and small.headers.get("retry-after")),
              "small batch neither 200 nor 429 with Retry-After")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 45:      # http.answerWriteTimeoutMs is 30 s
        m = await metrics(gw.port)
        if (metric(m, "pushgate_answer_bytes_unwritten") or 0) == 0:
            break
        await asyncio.sleep(1)
    freed_after = time.monotonic() - t0
    closed = metric(m, "pushgate_requests_closed_total", reason="answer_write_timeout") or 0
    left = metric(m, "pushgate_answer_bytes_unwritten") or 0
    out.note(f"held answers dropped {freed_after:.0f} s later ({int(closed)} closed answer_write_timeout), "
             f"{left / 1e6:.1f} MB left")
    out.check(left == 0, "answers still held 45 s after the small batch")
    later = await push(gw.port, batch("fast", 10), 30)
    out.note(f"small batch after: {later.status}")
    out.check(later.status == 200 and (later.json() or {}).get("delivered") == 10, "later small batch not delivered")
    for s in socks:
        s.close()


def _body_of_size(total, n):
    pad = "y" * ((total - 40 - n * 30) // n)
    return json.dumps({"target": "default", "messages": [{"user_id": str(i), "message": pad} for i in range(n)]},
                      separators=(",", ":")).encode()


async def s4_big_bodies(gw, ports, out):
    body = _body_of_size(15_000_000, 1000)
    first, finals, refusals = [], [], []
    t_start = time.monotonic()

    async def client():
        tries = 0
        while True:
            tries += 1
            r = await push(gw.port, body, timeout=60)
            if tries == 1:
                first.append(r.status)
            if r.status == 429:
                refusals.append((r.seconds, r.headers.get("retry-after")))
            if r.status != 429 or time.monotonic() - t_start > 90:
                finals.append((r, tries))
                return
            await asyncio.sleep(float(r.headers.get("retry-after") or 1))

    await asyncio.gather(*(client() for _ in range(16)))
    total = time.monotonic() - t_start
    delivered = sum((r.json() or {}).get("delivered", 0) for r, _ in finals if r.status == 200)
    no_answer = [r.error for r, _ in finals if r.status is None]
    slowest_refusal = max((s for s, _ in refusals), default=0)
    out.note(f"{len(body) / 1e6:.1f} MB bodies; first try: {fmt_counts(count(first))}; "
             f"429s in all {len(refusals)} (slowest {slowest_refusal:.2f} s, "
             f"Retry-After on {sum(1 for _, ra in refusals if ra)}); retried after Retry-After: "
             f"{delivered}/16000 delivered in {total:.0f} s, most tries {max(t for _, t in finals)}")
    out.check(all(ra for _, ra in refusals), "a 429 without Retry-After")
    await asyncio.sleep(1)
    m = await metrics(gw.port)
    out.note(f"after: body bytes in flight {g(metric(m, 'pushgate_request_body_bytes_in_flight'))}, "
             f"vertx_http_server_active_requests POST "
             f"{g(metric(m, 'vertx_http_server_active_requests', method='POST'))} "
             f"(the README's known Vert.x case: one per request refused before its body was read)")
    out.check(metric(m, "pushgate_request_body_bytes_in_flight") == 0, "body bytes still held")
    out.check(not no_answer, f"{len(no_answer)} clients without an answer: {count(no_answer)}")
    out.check(delivered == 16000, "not every message delivered after retries")


async def s5_trickle(gw, ports, out):
    resp = await push(gw.port, batch("default", 128, timeout_ms=60000), timeout=90)
    doc = resp.json() or {}
    results = doc.get("results", [])
    errors = count((r["status"], r.get("error"), r.get("attempts")) for r in results)
    out.note(f"128 messages (deadline 60 s, maxAttempts 1): {resp.status} in {resp.seconds:.1f} s, "
             + ", ".join(f"{s}/{e}/attempts {a}×{n}" for (s, e, a), n in errors.items()))
    out.check(resp.status == 200 and all(r["status"] == "timeout" and r.get("error") == "timeout"
                                          for r in results) and len(results) == 128, "not 128 × timeout")
    out.check(resp.seconds < 10, "answered long after the 5 s attempt timeout")
    await asyncio.sleep(1.5)
    st = (await target_stats(ports)).get("trickle", {})
    m = await metrics(gw.port)
    out.note(f"1.5 s later: trickling answers the target still writes: {st.get('answering')}, "
             f"connections open to it: {st.get('open')}, "
             f"timeouts counted {int(metric(m, 'pushgate_attempts_total', outcome='timeout', target='default') or 0)}, "
             f"circuit {await circuit(gw.port, 'default')}")
    out.check(st.get("answering") == 0, "connections still held by trickling answers")
    # The breaker opened on those timeouts (maxFailures 20); after resetTimeoutMs (10 s) one probe goes through.
    for attempt in ("batch", "relay"):
        t0 = time.monotonic()
        while await circuit(gw.port, "default") == "open" and time.monotonic() - t0 < 15:
            await asyncio.sleep(0.5)
        if attempt == "batch":
            later = await push(gw.port, batch("default", 1, timeout_ms=60000), timeout=90)
            r = ((later.json() or {}).get("results") or [{}])[0]
            out.note(f"later 1-message batch: {r.get('status')}/{r.get('error')}, attempts {r.get('attempts')}, "
                     f"in {later.seconds:.1f} s")
            out.check((r.get("attempts") or 0) >= 1, "a later message got attempts 0")
        else:
            relay = await request(gw.port, "POST", "/v1/push/default", b'{"user_id":"1","message":"Hello"}', 60)
            out.note(f"relay: {relay.status} {(relay.json() or {}).get('error')}, "
                     f"Pushgate-Attempts {relay.headers.get('pushgate-attempts')}, in {relay.seconds:.1f} s")
            out.check(relay.status == 504 and int(relay.headers.get("pushgate-attempts", 0)) >= 1
                      and relay.seconds < 10, "relay not 504 with attempts >= 1 within 10 s")
    out.earned_5xx = {504}


async def s6_isolation(gw, ports, out):
    loop = asyncio.get_running_loop()
    stuck = [loop.create_task(push(gw.port, batch("default", 10000), timeout=60)) for _ in range(2)]
    await asyncio.sleep(1.0)
    healthy = await push(gw.port, batch("fast", 100), timeout=30)
    hd = healthy.json() or {}
    out.note(f"healthy 100-message batch while 2 × 10,000 hang: {healthy.status}, "
             f"{hd.get('delivered')} delivered in {healthy.seconds:.2f} s")
    out.check(healthy.status == 200 and hd.get("delivered") == 100 and healthy.seconds < 5,
              "healthy batch not delivered within 5 s")
    done = await asyncio.gather(*stuck)
    parts = []
    for r in done:
        d = r.json() or {}
        if r.status == 200:
            outcomes = count(x.get("error") or x["status"] for x in d["results"])
            parts.append(f"200 at {r.seconds:.1f} s ({fmt_counts(outcomes)})")
        else:
            parts.append(f"{r.status} {d.get('error')} in {r.seconds:.2f} s")
    out.note("the two trickle batches (default deadline 30 s): " + "; ".join(parts))
    out.check(all(r.status in (200, 429) for r in done), "a trickle batch got neither 200 nor 429")
    await asyncio.sleep(1.5)
    st = (await target_stats(ports)).get("trickle", {})
    out.note(f"trickling answers left 1.5 s after: {st.get('answering')}")
    out.check(st.get("answering") == 0, "trickling attempts outlived their batch")


async def s7_slowloris(gw, ports, out, workdir, jar):
    loop = asyncio.get_running_loop()
    read_timeout = gw.config["http"]["requestReadTimeoutMs"] / 1000
    half = b"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl"
    conns = []

    async def open_one():
        r, w = await asyncio.wait_for(asyncio.open_connection(HOST, gw.port), 10)
        w.write(half)
        await w.drain()
        return r, w, time.monotonic()

    for wave in range(20):           # 2,000 in waves of 100, not to overflow the accept backlog
        conns += await asyncio.gather(*(open_one() for _ in range(100)), return_exceptions=True)
    opened = [c for c in conns if not isinstance(c, BaseException)]
    await asyncio.sleep(0.5)
    m = await metrics(gw.port)
    live = await request(gw.port, "GET", "/health/live", timeout=2, record=False)
    out.note(f"{len(opened)}/2000 half-head connections open, gateway counts "
             f"{int(metric(m, 'pushgate_http_connections') or 0)}; /health/live {live.status} "
             f"in {live.seconds * 1000:.0f} ms")
    out.check(len(opened) == 2000, "could not open 2000 connections")
    out.check(live.status == 200, "/health/live did not answer while they were open")

    async def until_closed(r, w, t_open):
        try:
            data = await asyncio.wait_for(r.read(1024), read_timeout + 15)
            return time.monotonic() - t_open, data[:12]
        except asyncio.TimeoutError:
            return None, b""
        except (ConnectionError, OSError):
            return time.monotonic() - t_open, b""
        finally:
            w.transport.abort()

    closes = await asyncio.gather(*(until_closed(*c) for c in opened))
    times = [t for t, _ in closes if t is not None]
    answered = count(d for t, d in closes if t is not None and d)
    out.note(f"closed by the gateway: {len(times)}/{len(opened)}, "
             f"{min(times, default=0):.1f}–{max(times, default=0):.1f} s after their half head "
             f"(requestReadTimeoutMs {read_timeout:.0f} s)" + (f", with bytes {answered}" if answered else ""))
    out.check(len(times) == len(opened), "connections left open")
    out.check(max(times, default=99) <= read_timeout + 3, "closed long after requestReadTimeoutMs")
    m = await metrics(gw.port)
    out.note(f"connections after: {int(metric(m, 'pushgate_http_connections') or 0)}")

    # A second gateway, all defaults (drainMs 30 s, requestReadTimeoutMs 30 s): SIGTERM while a client drips.
    drip_gw = Gateway(workdir, "s7-drip", {"targets": {"default": target(ports, "fast")}}, jar)
    out.gateways.append(drip_gw)
    await drip_gw.start()
    r, w = await asyncio.open_connection(HOST, drip_gw.port)
    w.write(f"POST /v1/push HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
            f"Content-Length: 100000\r\n\r\n".encode())
    dripped = {"bytes": 0, "ended": None}

    async def drip():
        t0 = time.monotonic()
        try:
            while time.monotonic() - t0 < 40 and not w.transport.is_closing():
                w.write(b" ")
                await w.drain()
                dripped["bytes"] += 1
                await asyncio.sleep(0.01)
        except (ConnectionError, OSError):
            pass
    drip_task = loop.create_task(drip())
    await asyncio.sleep(2.0)
    status, took = await drip_gw.terminate()
    try:
        answer = await asyncio.wait_for(r.read(200), 5)
    except (asyncio.TimeoutError, ConnectionError, OSError):
        answer = b""
    w.transport.abort()
    await asyncio.wait_for(drip_task, 5)
    first = answer.split(b"\r\n")[0].decode("latin-1") or "EOF/reset"
    ok = drip_gw.exit_ok() and took is not None and took < 10
    out.note(f"SIGTERM 2 s into a 1 byte/10 ms drip ({dripped['bytes']} B sent; drainMs 30 s, "
             f"requestReadTimeoutMs 30 s): exit {drip_gw.exit_text()}, the dripping client got {first}")
    out.check(ok, "the drip held the shutdown")
    out.extra_exit = (ok, f"drip: {drip_gw.exit_text()}")
    out.earned_5xx = {503}   # 503 draining to the dripping client, if it gets one


async def s8_bad_status(gw, ports, out):
    relay = await request(gw.port, "POST", "/v1/push/default", b'{"user_id":"1","message":"Hello"}', 30)
    rd = relay.json() or {}
    out.note(f"relay: {relay.status} {rd.get('error')}, Pushgate-Attempts {relay.headers.get('pushgate-attempts')}")
    out.check(relay.status == 502 and rd.get("error") == "upstream_invalid", "relay not 502 upstream_invalid")
    resp = await push(gw.port, batch("default", 10), 30)
    results = (resp.json() or {}).get("results", [])
    out.note(f"batch of 10: {resp.status}, "
             + fmt_counts(count(f"{r['status']}/{r.get('error')}" for r in results)))
    out.check(resp.status == 200 and len(results) == 10
              and all(r["status"] == "failed" and r.get("error") == "invalid_response" for r in results),
              "batch results not all failed/invalid_response")
    m = await metrics(gw.port)
    n = metric(m, "pushgate_attempts_total", outcome="invalid_response", target="default")
    out.note(f"pushgate_attempts_total{{outcome=invalid_response}} {int(n or 0)}")
    out.check((n or 0) >= 11, "invalid_response attempts not counted")
    out.earned_5xx = {502}


async def s9_half_sent(gw, ports, out):
    before = await metrics(gw.port)
    start = f"POST /v1/push HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\n"
    part = b'{"target":"default","messages":[' + b" " * 400
    # Half of them with a Content-Length of 2,000 bytes, half chunked; each sends 432 bytes of its body.
    cut = [(start + "Content-Length: 2000\r\n\r\n").encode() + part,
           (start + "Transfer-Encoding: chunked\r\n\r\n").encode() + f"{len(part):x}\r\n".encode() + part + b"\r\n"]

    async def one(i):
        r, w = await asyncio.wait_for(asyncio.open_connection(HOST, gw.port), 10)
        w.write(cut[i % 2])
        await w.drain()
        await asyncio.sleep(0.5)          # the gateway has the request in hand
        w.close()
        try:
            await asyncio.wait_for(w.wait_closed(), 5)
        except (asyncio.TimeoutError, ConnectionError, OSError):
            pass

    results = []
    for wave in range(4):                # 1,000 in waves of 250
        results += await asyncio.gather(*(one(i) for i in range(250)), return_exceptions=True)
    failed_opens = sum(1 for r in results if isinstance(r, BaseException))
    await asyncio.sleep(2.0)
    m = await metrics(gw.port)
    active = metric(m, "vertx_http_server_active_requests", method="POST") or 0
    scrape = metric(m, "vertx_http_server_active_requests", method="GET")   # the scrape counts itself
    closed = (metric(m, "pushgate_requests_closed_total", reason="client_closed") or 0) \
        - (metric(before, "pushgate_requests_closed_total", reason="client_closed") or 0)
    internal = metric(m, "pushgate_requests_refused_total", reason="internal_error") or 0
    body_bytes = metric(m, "pushgate_request_body_bytes_in_flight")
    errors = len(re.findall(r"\bERROR\b", gw.output()))
    stack = gw.output().count("HttpClosedException")
    out.note(f"1,000 half-sent requests closed by their clients ({failed_opens} failed to open): "
             f"vertx_http_server_active_requests POST {g(active)} (GET {g(scrape)}: the scrape itself), "
             f"client_closed +{g(closed)}, internal_error {g(internal)}, "
             f"body bytes in flight {g(body_bytes)}, ERROR lines {errors}, HttpClosedException {stack}")
    out.check(failed_opens == 0, "connections failed to open")
    out.check(active <= 10, f"active requests stuck at {active}")
    out.check(closed >= 990, "client_closed does not count them")
    out.check(internal == 0 and errors == 0, "counted or logged as a server error")
    out.check(body_bytes == 0, "body bytes still held")


async def s10_fairness(gw, ports, out):
    loop = asyncio.get_running_loop()
    bigs = []
    for _ in range(5):
        bigs.append(loop.create_task(push(gw.port, batch("default", 2000, timeout_ms=3000), timeout=30)))
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    small = await push(gw.port, batch("default", 1, timeout_ms=3000), timeout=30)
    done = await asyncio.gather(*bigs)
    sd = small.json() or {}
    delivered = [(r.json() or {}).get("delivered") if r.status == 200 else f"{r.status}" for r in done]
    out.note(f"five 2,000-message batches (3 s deadline) to a 50 ms target, delivered: "
             f"{' / '.join(str(d) for d in delivered)}; "
             f"1-message batch 0.3 s later: {small.status}, delivered {sd.get('delivered')}, "
             f"waited {small.seconds:.2f} s (latencyMs {((sd.get('results') or [{}])[0]).get('latencyMs')})")
    out.check(small.status == 200 and sd.get("delivered") == 1, "the small batch was not delivered")


SCENARIOS = {
    1: dict(what="50 MB answer body, one 10-message batch (8 s deadline) + one relay call",
            before="heap out at 4 messages; at 10: 25,517 full GCs, /health/live timing out, SIGTERM ignored",
            config=lambda p: {"targets": {"default": target(p, "big")}}, run=s1_big_body, limit=60),
    2: dict(what="200 targets, 200 concurrent 10-message batches, one per target",
            before="OOM killed the 4 event loops and the acceptor; process up but dead, SIGTERM ignored",
            config=s2_config, run=s2_many_targets, limit=120),
    3: dict(what="7 clients send a 10,000-message batch to a 4 KB target and never read (4 KB receive buffer)",
            before="6 pinned ~240 MB direct memory (RSS 625 MB); the 7th ran the heap out",
            config=lambda p: {"targets": {"default": target(p, "fourk"), "fast": target(p, "fast")}},
            run=s3_non_readers, limit=200),
    4: dict(what="16 concurrent 15 MB bodies (1,000 messages each), retried after Retry-After",
            before="heap exhausted, 15 clients no answer within 60 s, /health/live failed",
            config=lambda p: {"targets": {"default": target(p, "fast")}}, run=s4_big_bodies, limit=150),
    5: dict(what="trickling target (1 B/100 ms), 128 messages, deadline 60 s, maxAttempts 1; later batch, relay",
            before="timeout only at the deadline, 128 connections held for minutes, later messages attempts 0, "
                   "relay 504 after 30 s with attempts 0",
            config=lambda p: {"targets": {"default": target(p, "trickle", maxAttempts=1)}},
            run=s5_trickle, limit=120),
    6: dict(what="2 × 10,000 messages to the trickling target (timeoutMs 60,000), then 100 to a healthy one",
            before="every batch to a healthy target got 429 overloaded for 60 s",
            config=lambda p: {"targets": {"default": target(p, "trickle", timeoutMs=60000),
                                          "fast": target(p, "fast")}},
            run=s6_isolation, limit=120),
    7: dict(what="2,000 connections send half a head and stop (requestReadTimeoutMs 5 s); SIGTERM during a drip",
            before="held open for good (330 s+); ~20,000 ran fds out; SIGTERM waited 32 s for a drip",
            config=lambda p: {"http": {"requestReadTimeoutMs": 5000}, "targets": {"default": target(p, "fast")}},
            run=s7_slowloris, limit=150),
    8: dict(what="target answers `HTTP/1.1 999999 Unknown Status`: relay call, then a 10-message batch",
            before="relay wrote `HTTP/1.1 999999` to its client; batch retried it as >= 500, no metric outcome",
            config=lambda p: {"targets": {"default": target(p, "badstatus")}}, run=s8_bad_status, limit=60),
    9: dict(what="1,000 requests with a whole head and part of the body (500 Content-Length, 500 chunked), "
                 "closed by the client after 0.5 s",
            before="ERROR + stack per request, 500 internal_error in the access log, active_requests stuck at 1,000",
            config=lambda p: {"targets": {"default": target(p, "fast")}}, run=s9_half_sent, limit=90),
    10: dict(what="5 × 2,000 messages (3 s deadline) to a 50 ms target, 1 message 0.3 s later",
             before="delivered 2000/2000/2000/~1000/0; the 1-message batch waited 2.86 s",
             config=lambda p: {"targets": {"default": target(p, "slow50")}}, run=s10_fairness, limit=60),
}


async def run_one(num, ports, workdir, jar):
    spec = SCENARIOS[num]
    Recorder.statuses = []
    out = Outcome()
    log(f"scenario {num}: {spec['what']}")
    gw = Gateway(workdir, f"s{num}", spec["config"](ports), jar)
    out.gateways.insert(0, gw)
    row = {"num": num, "what": spec["what"], "before": spec["before"]}
    try:
        await gw.start()
    except RuntimeError as e:
        row.update(now="did not start: " + (re.findall(r"Pushgate cannot start.*|.*Exception.*", gw.output()) or [str(e)])[0][:300], passed=False, health="-", alive="no", oom="?", unearned="-",
                   rss="-", exit="-")
        return row
    health = HealthPoller(gw.port, gw)
    health.start()
    t0 = time.monotonic()
    try:
        args = (gw, ports, out, workdir, jar) if num == 7 else (gw, ports, out)
        await asyncio.wait_for(spec["run"](*args), spec["limit"])
    except asyncio.TimeoutError:
        out.check(False, f"the scenario did not end within {spec['limit']} s")
    except Exception as e:   # a failure of the scenario is reported in its row, not a crash of the run
        out.check(False, f"script error {type(e).__name__}: {e}")
    took = time.monotonic() - t0
    await health.stop()
    after_ok = await health.after() if gw.alive() else False
    alive = gw.alive()
    rss = gw.vmhwm_mb()
    await gw.terminate()
    for other in out.gateways:
        if other.alive():
            await other.terminate()
    text = "".join(g.output() for g in out.gateways)
    oom = "OutOfMemoryError" in text
    # 5xx the clients got, and 5xx in the gateways' access logs, that the scenario did not provoke on purpose.
    client_5xx = [s for _, _, s in Recorder.statuses if s is not None and s >= 500 and s not in out.earned_5xx]
    log_5xx = [int(s) for s in re.findall(r"AccessLog - \S+ \S+ (5\d\d) ", text) if int(s) not in out.earned_5xx]
    internal = text.count("error=internal_error")
    unearned = client_5xx + log_5xx
    during_ok = not health.failures
    exit_ok = gw.exit_ok() and (out.extra_exit is None or out.extra_exit[0])
    passed = out.ok and during_ok and after_ok and alive and not oom and not unearned and not internal and exit_ok
    exit_text = gw.exit_text() + (f"; {out.extra_exit[1]}" if out.extra_exit else "")
    if health.failures:
        out.notes.append(f"/health/live failures: {health.failures[:5]}")
    row.update(now="; ".join(out.notes), passed=passed,
               health=f"{health.during_text()} / {'200' if after_ok else 'FAILED'}",
               alive="yes" if alive else f"no ({gw.proc.poll()})", oom="yes" if oom else "no",
               unearned=("none" if not unearned and not internal
                         else f"{fmt_counts(count(unearned))}{f', internal_error×{internal}' if internal else ''}"),
               rss=f"{rss}" if rss is not None else "-", exit=exit_text, seconds=round(took, 1))
    log(f"scenario {num}: {'PASS' if passed else 'FAIL'} in {took:.0f} s — {row['now']}")
    return row


def table(rows):
    lines = ["| # | scenario | the issue saw before | now | `/health/live` 200 during / after | alive at end | "
             "`OutOfMemoryError` | unearned 5xx | peak RSS (MB) | SIGTERM: exit status in | result |",
             "|---|---|---|---|---|---|---|---|---:|---|---|"]
    for r in rows:
        cells = [str(r["num"]), r["what"], r["before"], r["now"], r["health"], r["alive"], r["oom"],
                 r["unearned"], r["rss"], r["exit"], "PASS" if r["passed"] else "**FAIL**"]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines)


async def main_async(args):
    jar = os.path.abspath(args.jar)
    if not os.path.exists(jar):
        log(f"no jar at {jar}: build it first (bench/hostile.sh does)")
        return 2
    workdir = tempfile.mkdtemp(prefix="pushgate-hostile-")
    log(f"logs and configs in {workdir}; load average at start: {open('/proc/loadavg').read().split()[:3]}")
    targets = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve-targets"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
    PROCESSES.append(targets)
    loop = asyncio.get_running_loop()
    line = await asyncio.wait_for(loop.run_in_executor(None, targets.stdout.readline), 20)
    ports = json.loads(line)
    log(f"fake targets: {ports}")
    rows = []
    started = time.monotonic()
    for num in args.only:
        rows.append(await run_one(num, ports, workdir, jar))
    log(f"done in {time.monotonic() - started:.0f} s; load average at the end: "
        f"{open('/proc/loadavg').read().split()[:3]}")
    print(table(rows), flush=True)
    with open(os.path.join(workdir, "results.json"), "w") as f:
        json.dump(rows, f, indent=1)
    targets.stdin.close()
    return 0 if all(r["passed"] for r in rows) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", default=DEFAULT_JAR)
    parser.add_argument("--only", default=",".join(str(n) for n in SCENARIOS),
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--serve-targets", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_targets:
        asyncio.run(serve_targets())
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 8192 <= hard or (soft < hard and soft < 8192):
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20000), hard))
    atexit.register(kill_all)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    signal.signal(signal.SIGALRM, _on_signal)   # the whole run is bounded too
    signal.alarm(RUN_LIMIT_S)
    try:
        return asyncio.run(main_async(args))
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # a second Ctrl-C must not stop the clean-up
        kill_all()


if __name__ == "__main__":
    sys.exit(main())
