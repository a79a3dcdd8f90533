"""The `old-client` rows of the Pushgate benchmark: the original Python client's pattern, one aiohttp ClientSession
and one `await session.post(json=...)` at a time.

Started once by the load generator (/usr/bin/python3 old_client.py, with Debian's python3-aiohttp) and kept for the
whole run, so that its session and its connection stay open across rounds. Reads one command per stdin line,
{"port":P,"path":"/push","messages":N,"firstSeq":S}, POSTs {"user_id": "1", "message": "Hello"} N times to
http://127.0.0.1:P/path, each after the previous answer, and answers one stdout line,
{"messages":N,"elapsedNanos":E,"errors":K,"p50":us,"p99":us,"p999":us}. Exits when stdin ends.
"""
import asyncio
import json
import math
import sys
import time

import aiohttp

PAYLOAD = {"user_id": "1", "message": "Hello"}


def percentile(ordered, p):
    if not ordered:
        return 0
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def run(session, command):
    url = "http://127.0.0.1:%d%s" % (command["port"], command["path"])
    messages = command["messages"]
    latencies = []
    errors = 0
    started = time.perf_counter_ns()
    for _ in range(messages):
        sent = time.perf_counter_ns()
        try:
            async with session.post(url, json=PAYLOAD) as response:
                await response.read()
                if response.status // 100 != 2:
                    errors += 1
        except aiohttp.ClientError:
            errors += 1
        latencies.append((time.perf_counter_ns() - sent) // 1000)
    elapsed = time.perf_counter_ns() - started
    latencies.sort()
    return {"messages": messages, "elapsedNanos": elapsed, "errors": errors, "p50": percentile(latencies, 50),
            "p99": percentile(latencies, 99), "p999": percentile(latencies, 99.9)}


async def main():
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as session:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            if line.strip():
                print(json.dumps(await run(session, json.loads(line))), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
