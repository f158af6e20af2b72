"""The one error type of the generator: a problem, and the file it is about."""

from __future__ import annotations

__all__ = ["GeneratorError"]


class GeneratorError(Exception):
    """A generation step failed; the message names the file (or URL) at fault and what is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")
