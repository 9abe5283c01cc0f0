"""Running a file check within fixed limits of time and memory, so no upload can stall a worker.

Parsers of PDFs, images and workbooks inflate compressed data: an 819 KB PDF of compressed
object streams can ask for gigabytes and minutes. `run_limited` runs the check in a forked child
with an address-space and CPU limit (resource.setrlimit) and kills it at a wall-clock deadline;
past either limit the caller gets LimitExceeded, which it turns into a form error. The memory
limit is also the limit on decompressed size: whatever is inflated lives in the child's memory.
(App-free: one of the shared helpers.)
"""

import math
import os
import pickle  # noqa: S403 - only our own forked child's answer is unpickled
import resource
import select
import signal
import time

# The whole check, parsing included; the refusal reaches the visitor in under 5 s with the
# request's own work around it (4.0 left 0.35 s of margin on a quiet 2-core machine: 4.65 s).
TIME_LIMIT_SECONDS = 3.0
# On top of what the process already maps: a 40-megapixel image decoded, turned and re-encoded
# fits; twelve 70 MB object streams do not.
MEMORY_LIMIT_BYTES = 768 * 1024 * 1024


class LimitExceeded(Exception):
    """The check ran out of time or memory (or died): the file is refused, not waited for."""


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _run_child(write_fd: int, memory: int, seconds: float, function, args, kwargs) -> None:
    try:
        limit = _mapped_bytes() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = math.ceil(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        try:
            outcome = (True, function(*args, **kwargs))
        except MemoryError:
            outcome = (False, LimitExceeded("memory"))
        except Exception as exc:  # returned to the parent, which raises it there
            outcome = (False, exc)
        try:
            payload = pickle.dumps(outcome)
        except Exception:
            payload = pickle.dumps((False, LimitExceeded("unpicklable outcome")))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)  # no atexit handlers, no database connections closed in the parent's name


def run_limited(
    function,
    /,
    *args,
    seconds: float = TIME_LIMIT_SECONDS,
    memory: int = MEMORY_LIMIT_BYTES,
    **kwargs,
):
    """function(*args, **kwargs) in a child process within the limits; its result or exception.

    function must not touch the database (the child shares the parent's connection) and its
    result and exceptions must pickle. Raises LimitExceeded past the time or memory limit.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _run_child(write_fd, memory, seconds, function, args, kwargs)
    os.close(write_fd)
    chunks, deadline, finished = [], time.monotonic() + seconds, False
    try:
        while (remaining := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if not finished:
        raise LimitExceeded("time")
    if not chunks:
        raise LimitExceeded("the check died (CPU or memory limit)")
    succeeded, value = pickle.loads(b"".join(chunks))  # noqa: S301 - written by our own child
    if succeeded:
        return value
    raise value


# Request bodies -------------------------------------------------------------------------------

# Any form without a file: the longest proposal text is a few tens of kilobytes.
MAX_BODY_BYTES = 1024 * 1024
# A form with files: the board's five attachments of 10 MB and their text.
MAX_UPLOAD_BODY_BYTES = 64 * 1024 * 1024


class AcceptsUploads:
    """Mix into a view that takes files: its requests may be up to MAX_UPLOAD_BODY_BYTES
    (portal.middleware.RequestBodyLimitMiddleware refuses larger bodies elsewhere, unread)."""

    accepts_uploads = True
