#!/usr/bin/env python3
"""`voipms mcp` with the official MCP Python SDK as the client, against the project's mock.

Usage: check.py PATH_TO_VOIPMS

Starts `voipms mock` (its --log lines say which functions reached it), then `voipms mcp` over
stdio twice: read-only (the default) and with --allow spend. Checks: the default tool list is
small and annotated; search, describe and call work; sendSMS and delSubAccount are refused with
nothing sent; under --allow spend, sendSMS without confirm is refused and with it is sent once;
a bad date and an unknown function are tool errors; the password appears nowhere. Then the
read-only server over streamable HTTP (`--http 127.0.0.1:0`). Prints one
line per failed check and 'N passed, N failed'; exits 1 if any failed.
"""
import asyncio
import json
import os
import subprocess
import sys
import threading

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

VOIPMS = sys.argv[1]
PASSWORD = "Pw-python-mcp-7a2c-never-shown"
USERNAME = "python-mcp@example.com"
ENV = dict(os.environ, VOIPMS_API_USERNAME=USERNAME, VOIPMS_API_PASSWORD=PASSWORD)

passed, failed = 0, []


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(what)


class Mock:
    """`voipms mock` on a free port; the functions it received, from its --log lines."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [VOIPMS, "mock", "--addr", "127.0.0.1:0", "--log"], env=ENV,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.proc.stdout.readline()
        self.url = next(w for w in first.split() if w.startswith("http://"))
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)

    def received(self, function):
        return sum(1 for l in self.lines if l.startswith(f"voipms mock: {function} "))

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def text_of(result):
    return "".join(getattr(c, "text", "") for c in result.content)


def is_error(result):
    return bool(getattr(result, "is_error", None) or getattr(result, "isError", None))


async def session(mock, flags, body):
    params = StdioServerParameters(command=VOIPMS, args=["mcp", *flags],
                                   env=dict(ENV, VOIPMS_BASE_URL=mock.url))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as s:
            await s.initialize()
            await body(s)


async def call(s, tool, args):
    r = await s.call_tool(tool, args)
    text = text_of(r)
    check(PASSWORD not in text, f"{tool}: the password in the answer")
    return is_error(r), text


async def default_mode(s, mock):
    tools = (await s.list_tools()).tools
    listed = json.dumps([t.model_dump(mode="json") for t in tools])
    check(3 <= len(tools) <= 12, f"default list has {len(tools)} tools")
    check(len(listed) <= 30_000, f"tools/list is {len(listed)} bytes")
    check(all(t.annotations is not None for t in tools), "a tool without annotations")
    read_only = {t.name: getattr(t.annotations, "read_only_hint", None) or getattr(t.annotations, "readOnlyHint", None) for t in tools}
    check(read_only.get("search_functions") is True, f"search_functions not read-only: {read_only}")

    err, text = await call(s, "search_functions", {"query": "send a text message"})
    check(not err and json.loads(text)["functions"][0]["function"] == "sendSMS", f"search: {text[:200]}")
    err, text = await call(s, "describe_function", {"function": "sendSMS"})
    d = json.loads(text) if not err else {}
    check(d.get("kind") == "spend" and d.get("input_schema", {}).get("required") == ["did", "dst", "message"], f"describe: {text[:200]}")
    err, text = await call(s, "call_function", {"function": "getBalance"})
    check(not err and "current_balance" in text, f"getBalance: {text[:200]}")

    sms = {"did": "5551234567", "dst": "5551234568", "message": "hi"}
    err, text = await call(s, "call_function", {"function": "sendSMS", "params": sms, "confirm": True})
    check(err and "--allow spend" in text, f"sendSMS in the default mode: {text[:200]}")
    err, text = await call(s, "call_function", {"function": "delSubAccount", "params": {"id": "1"}})
    check(err and "--allow write" in text, f"delSubAccount in the default mode: {text[:200]}")
    err, text = await call(s, "call_function", {"function": "getCDR", "params": {"date_from": "2024-02-30", "date_to": "2024-03-01", "timezone": -5}})
    check(err and "date_from" in text, f"a bad date: {text[:200]}")
    err, text = await call(s, "call_function", {"function": "sendSMX"})
    check(err and "did you mean" in text, f"an unknown function: {text[:200]}")
    await asyncio.sleep(0.3)
    check(mock.received("sendSMS") == 0 and mock.received("delSubAccount") == 0 and mock.received("getCDR") == 0,
          "a refused call reached the mock")
    check(mock.received("getBalance") == 1, "getBalance did not reach the mock once")


async def spend_mode(s, mock):
    sms = {"did": "5551234567", "dst": "5551234568", "message": "hi"}
    err, text = await call(s, "call_function", {"function": "sendSMS", "params": sms})
    check(err and "confirm" in text, f"sendSMS without confirm: {text[:200]}")
    await asyncio.sleep(0.3)
    check(mock.received("sendSMS") == 0, "sendSMS without confirm reached the mock")
    err, text = await call(s, "call_function", {"function": "sendSMS", "params": sms, "confirm": True})
    check(not err, f"sendSMS with confirm: {text[:200]}")
    await asyncio.sleep(0.3)
    check(mock.received("sendSMS") == 1, f"sendSMS reached the mock {mock.received('sendSMS')} times, not once")


async def over_http(mock):
    """`voipms mcp --http 127.0.0.1:0`: the same server over streamable HTTP."""
    server = subprocess.Popen([VOIPMS, "mcp", "--http", "127.0.0.1:0"],
                              env=dict(ENV, VOIPMS_BASE_URL=mock.url),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stderr.readline()
        url = next((w for w in first.split() if w.startswith("http://")), None)
        check(url is not None, f"no URL in {first!r}")
        if url is None:
            return
        async with streamable_http_client(url) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as s:
                await s.initialize()
                tools = (await s.list_tools()).tools
                check(len(tools) == 6, f"over HTTP: {len(tools)} tools")
                err, text = await call(s, "get_balance", {})
                check(not err and "current_balance" in text, f"over HTTP, get_balance: {text[:200]}")
                err, text = await call(s, "call_function", {"function": "sendSMS", "confirm": True,
                                                            "params": {"did": "5551234567", "dst": "5551234568", "message": "hi"}})
                check(err and "--allow spend" in text, f"over HTTP, sendSMS: {text[:200]}")
    finally:
        server.kill()
        server.wait()


async def main():
    mock = Mock()
    try:
        await session(mock, [], lambda s: default_mode(s, mock))
        await session(mock, ["--allow", "spend"], lambda s: spend_mode(s, mock))
        await over_http(mock)
    finally:
        mock.stop()
    check(not any(PASSWORD in l for l in mock.lines), "the password in the mock's log")
    for f in failed:
        print(f"FAILED: {f}")
    print(f"{passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


asyncio.run(main())
