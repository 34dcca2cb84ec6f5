"""One ``vernier serve PLANT --stdio`` process and its line protocol (docs/serve-protocol.md)."""

import base64
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import weakref

import numpy as np

from ._errors import VernierError, VernierProcessError

#: The protocol version this package speaks.
PROTOCOL_VERSION = 1
#: Seconds to wait for one reply before the process counts as hung.
DEFAULT_TIMEOUT = 60.0


def find_binary(vernier_bin=None):
    """The ``vernier`` executable: the argument, else ``$VERNIER_BIN``, else ``vernier`` on ``PATH``."""
    candidate = vernier_bin or os.environ.get("VERNIER_BIN")
    if candidate:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
        found = shutil.which(candidate)
        if found:
            return found
        source = "vernier_bin" if vernier_bin else "$VERNIER_BIN"
        raise VernierProcessError(f"{source} is {candidate!r}, which is not an executable file")
    found = shutil.which("vernier")
    if found:
        return found
    raise VernierProcessError(
        "the vernier executable was not found: set $VERNIER_BIN to its path (e.g. .build/release/vernier) "
        "or put it on PATH")


def floats(values):
    """A float64 array from a reply's array: base64 of little-endian doubles (the session's encoding, see
    :meth:`ServeProcess.configure`), or a JSON array of numbers (the strings "nan", "inf", "-inf" included)."""
    if type(values) is str:
        return np.frombuffer(base64.b64decode(values), dtype="<f8").astype(np.float64)
    return np.array(values, dtype=np.float64)


def encode_floats(values):
    """An array of numbers as the protocol's base64 string of little-endian doubles (exact, and cheap)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes())


def _kill(process):
    if process.poll() is None:
        process.kill()
        process.wait()


def _release(process, stderr):
    """What an unclosed session leaves when it is garbage-collected: the process killed, the files closed."""
    _kill(process)
    for stream in (process.stdin, process.stdout, stderr):
        try:
            stream.close()
        except OSError:
            pass


class ServeProcess:
    """A running ``vernier serve`` session: send a request, read its one reply line.

    A reply that does not come within ``timeout`` seconds, or the end of the process's output, raises
    :class:`VernierProcessError` naming the process (its command, pid, exit status and last words on standard
    error); the process is then killed and the session is over. A refused request raises :class:`VernierError`
    and the session goes on.
    """

    def __init__(self, plant_id, options=None, options_file=None, vernier_bin=None, timeout=DEFAULT_TIMEOUT,
                 copies=1, arrays="base64"):
        if options and options_file:
            raise ValueError("give the plant's options as keywords or as options_file, not both")
        self.binary = find_binary(vernier_bin)
        self.timeout = timeout
        self.arguments = [self.binary, "serve", plant_id, "--stdio"]
        if copies != 1:
            self.arguments += ["--copies", str(int(copies))]
        if options:
            self.arguments += ["--options", json.dumps(options)]
        elif options_file:
            self.arguments += ["--options", os.fspath(options_file)]
        self._stderr = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(
                self.arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, bufsize=0)
        except OSError as error:
            self._stderr.close()
            raise VernierProcessError(f"could not start {self.binary}: {error}") from error
        self._finalizer = weakref.finalize(self, _release, self.process, self._stderr)
        self._input = self.process.stdin.fileno()
        self._output = self.process.stdout.fileno()
        self._buffer = b""
        # One poll object for the session: cheaper per reply than select.select's lists.
        self._poll = select.poll()
        self._poll.register(self._output, select.POLLIN)
        self._timeout_ms = max(1, int(timeout * 1000))
        self.closed = False
        greeting = self._read_reply("the greeting")
        if "error" in greeting:
            self.process.wait()
            self._cleanup()
            raise VernierError(greeting["error"], greeting.get("kind", "usage"))
        if greeting.get("protocol") != "vernier-serve" or greeting.get("version") != PROTOCOL_VERSION:
            self.close()
            raise VernierProcessError(
                f"{self.describe_process()} speaks {greeting.get('protocol')!r} version {greeting.get('version')!r}; "
                f"this package speaks vernier-serve version {PROTOCOL_VERSION}: install the package from the same "
                "Vernier checkout as the binary")
        # Arrays travel as base64 of the doubles' bytes: exact like the decimals, and a fraction of the cost of
        # formatting and parsing them in Python.
        self.arrays = arrays
        if arrays == "base64":
            self.request("configure", arrays="base64")

    def describe_process(self):
        """``vernier serve … (pid N)``, for messages."""
        return f"`vernier {' '.join(self.arguments[1:4])}` ({self.binary}, pid {self.process.pid})"

    def _stderr_tail(self):
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return text[-2000:]

    def _died(self, while_doing):
        try:
            status = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _kill(self.process)
            status = self.process.returncode
        if status is not None and status < 0:
            try:
                how = f"was killed by {signal.Signals(-status).name}"
            except ValueError:
                how = f"was killed by signal {-status}"
        else:
            how = f"exited with status {status}"
        tail = self._stderr_tail()
        self.closed = True
        self._cleanup()
        message = f"the vernier process {self.describe_process()} {how} while Python waited for {while_doing}"
        return VernierProcessError(message + (f"; it said: {tail}" if tail else ""))

    def _cleanup(self):
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self._stderr.close()
        self._finalizer.detach()

    def _read_reply(self, while_doing):
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line = self._buffer[:newline]
                self._buffer = self._buffer[newline + 1:]
                try:
                    return json.loads(line)
                except ValueError as error:
                    _kill(self.process)
                    raise self._died(while_doing) from error
            if not self._poll.poll(self._timeout_ms):
                _kill(self.process)
                self.closed = True
                self._cleanup()
                raise VernierProcessError(
                    f"the vernier process {self.describe_process()} did not answer {while_doing} within "
                    f"{self.timeout} s; it was killed")
            chunk = os.read(self._output, 1 << 16)
            if not chunk:
                raise self._died(while_doing)
            self._buffer += chunk

    def send(self, line, what):
        """Sends one request line (bytes ending in a newline) and returns its reply as a dict.

        Raises:
            VernierError: the request was refused (the session goes on).
            VernierProcessError: the process is gone, or hung past the timeout.
        """
        if self.closed:
            raise VernierProcessError(f"the vernier process {self.describe_process()} was closed; make a new one")
        try:
            written = os.write(self._input, line)
            while written < len(line):
                written += os.write(self._input, line[written:])
        except (BrokenPipeError, ConnectionResetError) as error:
            raise self._died(what) from error
        reply = self._read_reply(what)
        if "error" in reply:
            raise VernierError(reply["error"], reply.get("kind", "plant"))
        return reply

    def request(self, op, **fields):
        """Sends ``{"op": op, **fields}`` (None fields left out) and returns the reply."""
        body = {"op": op}
        body.update((key, value) for key, value in fields.items() if value is not None)
        return self.send((json.dumps(body, separators=(",", ":"), default=_plain) + "\n").encode(),
                         f"the reply to {op!r}")

    def close(self, timeout=5.0):
        """Ends the session: asks the process to close, waits for it to exit, kills it if it does not."""
        if self.closed:
            return
        self.closed = True
        try:
            os.write(self._input, b'{"op":"close"}\n')
            self.process.stdin.close()
            self.process.wait(timeout=timeout)
        except (OSError, subprocess.TimeoutExpired):
            _kill(self.process)
        self._cleanup()


def _plain(value):
    """NumPy values as the JSON encoder's plain types (reset options often hold arrays)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} cannot be sent to Vernier")


def check_seed(seed):
    """A seed as the protocol takes it: None, or an integer in 0 ... 2**64 - 1."""
    if seed is None:
        return None
    seed = int(seed)
    if not 0 <= seed < 1 << 64:
        raise ValueError(f"Vernier seeds are integers in 0 ... 2**64 - 1; got {seed}")
    return seed
