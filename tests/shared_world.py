"""A world that consecutive tests of a module read, built once for them instead of once per test.

Django's TestCase.setUpTestData does this for a class; here it is for pytest functions. The
world is a stack of layers (a board, then a proposal on it...), each built by a function of the
layers below it. Each layer is an atomic block entered before the test's own transaction
(pytest-django's `db` fixture): the first layer is the module's transaction, the next are
savepoints in it. A test states the layers it needs; the stack keeps those that are already
built and rolls back the others, so a test that asks for fewer layers never sees the data of
the ones it did not ask for. At the end of the module everything is rolled back.

Each test gets its own deep copy of the layers' objects (as setUpTestData's TestData gives), so
a test that changes an instance in memory leaves the next test's alone; what a test writes to
the database is rolled back with its own transaction, as it always was.

The layers' atomic blocks are marked as a test case's (`_from_testcase`), as Django marks the
class-level transaction of setUpTestData: the public pages' stamp (core/public_cache.py) is then
bumped at once by a write in the test, as it was when the test's transaction was the outermost.
"""

import copy

# The worlds of the module being run (one, or none).
OPEN: list["SharedWorld"] = []


def roll_back_open_worlds() -> None:
    """Before a test that does not use the module's world: it sees the database as it was."""
    for world in OPEN:
        world.close()


class SharedWorld:
    def __init__(self, blocker):
        self.blocker = blocker
        self.layers = []  # [(builder, atomic, value)], the outermost first
        OPEN.append(self)

    def use(self, request, *builders):
        """The layers built by `builders` (each called with the values of the layers before
        it), as a deep copy of their values; then the test's own transaction (`db`). The test
        must also name `db` in a fixture that runs after this call (else pytest-django does
        not know it uses the database and sets up no test database)."""
        from django.db import connection

        with self.blocker.unblock():
            # Nothing else may hold a transaction here: the test's must come after the world.
            assert len(connection.atomic_blocks) == len(self.layers), (
                "a shared world must be set up before the test's transaction: request its "
                "fixture before `db` (or any fixture that uses `db`)"
            )
            kept = 0
            for (built, _atomic, _value), builder in zip(self.layers, builders, strict=False):
                if built is not builder:
                    break
                kept += 1
            self._roll_back_to(kept)
            for builder in builders[kept:]:
                self._push(builder)
            values = copy.deepcopy(tuple(value for _builder, _atomic, value in self.layers))
        request.getfixturevalue("db")
        return values

    def close(self):
        if not self.layers:
            return
        from django.db import connection

        with self.blocker.unblock():
            assert len(connection.atomic_blocks) == len(self.layers), (
                "a test's transaction was opened before the shared world could be rolled back"
            )
            self._roll_back_to(0)

    def _push(self, builder):
        from django.db import connection, transaction

        atomic = transaction.atomic()
        atomic._from_testcase = True
        atomic.__enter__()
        callbacks = len(connection.run_on_commit)
        try:
            value = builder(*(value for _builder, _atomic, value in self.layers))
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
        # Nothing the world registered for "after commit" runs (it never commits), as when the
        # test's own transaction built it.
        del connection.run_on_commit[callbacks:]
        self.layers.append((builder, atomic, value))

    def _roll_back_to(self, depth):
        from django.db import transaction

        while len(self.layers) > depth:
            _builder, atomic, _value = self.layers.pop()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
