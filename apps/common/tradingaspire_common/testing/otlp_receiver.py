"""For tests of the services: a real OTLP/HTTP receiver, an http.server on a free loopback port that keeps every POST
(path, lower-cased headers, body) so a test can decode the body with the generated classes."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class OtlpReceiver:
    def __init__(self, status: int = 200):
        self.status = status
        self.requests: list[tuple[str, dict, bytes]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def posts(self, path: str) -> list[tuple[dict, bytes]]:
        with self._lock:
            return [(headers, body) for p, headers, body in self.requests if p == path]

    def wait_for(self, path: str, deadline_seconds: float = 5.0) -> list[tuple[dict, bytes]]:
        """Polls until at least one POST to `path` arrived; fails the test at the deadline."""
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            found = self.posts(path)
            if found:
                return found
            time.sleep(0.01)
        raise AssertionError(f"no POST to {path} within {deadline_seconds} s; got {[p for p, _, _ in self.requests]}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
