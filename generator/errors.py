"""The one error type of the generator: a problem, and the file it is about."""

from __future__ import annotations

__all__ = ["GeneratorError"]


class GeneratorError(Exception):
    """A generation step failed; the message names the file (or URL) at fault and what is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[GeneratorError], tuple[str, str]]:
        """Pickle by the two fields, so an error raised in a worker process reaches the parent intact."""
        # Errors raised in a generation worker process are pickled back to the parent; without this,
        # unpickling calls __init__ with the one formatted message and the pool hangs.
        return (type(self), (self.where, self.problem))
