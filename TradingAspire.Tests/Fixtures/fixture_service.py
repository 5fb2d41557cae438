"""A tiny service the orchestration tests run as a real child process.

Behaviour comes from arguments so one file covers every scenario:
  --serve             serve GET /health on $PORT (200, or 503 until --healthy-after seconds passed)
  --exit CODE         exit with CODE after --delay seconds (default immediately)
  --record FILE       append "<name> <event> <monotonic-ns>" lines (start, sigterm) to FILE
  --spawn-child       start a grandchild `sleep` that shares the process group (tree-kill check)
  --ignore-sigterm    keep running on SIGTERM (forces the SIGKILL path)
"""
import argparse
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--name", default=os.environ.get("FIXTURE_NAME", "fixture"))
parser.add_argument("--serve", action="store_true")
parser.add_argument("--healthy-after", type=float, default=0.0)
parser.add_argument("--exit", type=int, default=None)
parser.add_argument("--delay", type=float, default=0.0)
parser.add_argument("--record", default=None)
parser.add_argument("--spawn-child", action="store_true")
parser.add_argument("--ignore-sigterm", action="store_true")
args = parser.parse_args()

started = time.monotonic()


def record(event):
    if args.record:
        with open(args.record, "a", encoding="utf-8") as f:
            f.write(f"{args.name} {event} {time.monotonic_ns()}\n")


def on_sigterm(signum, frame):
    record("sigterm")
    print(f"{args.name}: received SIGTERM", flush=True)
    if not args.ignore_sigterm:
        sys.exit(0)


signal.signal(signal.SIGTERM, on_sigterm)
record("start")
print(f"{args.name}: started pid {os.getpid()} env FIXTURE_ECHO={os.environ.get('FIXTURE_ECHO', '')}", flush=True)

if args.spawn_child:
    child = subprocess.Popen(["sleep", "300"])
    print(f"{args.name}: child pid {child.pid}", flush=True)

if args.exit is not None:
    time.sleep(args.delay)
    print(f"{args.name}: exiting with {args.exit}", file=sys.stderr, flush=True)
    sys.exit(args.exit)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        healthy = time.monotonic() - started >= args.healthy_after
        self.send_response(200 if healthy else 503)
        self.end_headers()
        self.wfile.write(b"ok" if healthy else b"starting")

    def log_message(self, *a):
        pass


if args.serve:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

while True:
    time.sleep(3600)
