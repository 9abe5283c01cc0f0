"""A small SMTP server on the loopback for tests and benchmarks: it records every message it
accepts, or, while `hanging`, accepts connections and never says a word (a hung mail server)."""

import email
import email.policy
import select
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        fake = self.server.fake
        with fake.lock:
            fake.connections += 1
        if fake.hanging.is_set():
            self._hang(fake)
            return
        self._reply("220 fake ESMTP")
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self._reply("250 fake")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self._reply("250 OK")
            elif command == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                fake.record(self._read_data())
                self._reply("250 OK: queued")
            elif command == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")

    def _hang(self, fake):
        # Hold the connection open, silent, until the client gives up or the server stops.
        while not fake.stopping.is_set():
            if select.select([self.request], [], [], 0.1)[0] and not self.request.recv(4096):
                return

    def _reply(self, text):
        self.wfile.write(text.encode("ascii") + b"\r\n")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class FakeSMTPServer:
    """`with FakeSMTPServer(hanging=True) as smtp:` … `smtp.answer()` … `smtp.messages`."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, hanging: bool = False):
        self.lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []
        self.connections = 0
        self.hanging, self.stopping = threading.Event(), threading.Event()
        if hanging:
            self.hanging.set()
        self._server = _Server((host, port), _Handler)
        self._server.fake = self
        self.host, self.port = self._server.server_address[:2]

    def record(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)

    def answer(self) -> None:
        """From now on, new connections are answered (the server is back)."""
        self.hanging.clear()

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
