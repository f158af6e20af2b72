"""The main job (`make demo`): the tour runs every action of the connector spec through the CLI, and all pass."""

from __future__ import annotations

from pathlib import Path

from seller_central import actions
from seller_central.sandbox.tour import run_tour, steps


def test_the_tour_covers_every_action_of_the_connector_spec(tmp_path: Path):
    """Each spec action's command (`seller-central <group> <command>`) is run by at least one step."""
    earlier = dict.fromkeys(("upload_url", "destination_id", "subscription_id"), "x")  # what steps keep
    commands = set()
    for step in steps(tmp_path):
        argv = step.argv(earlier) if callable(step.argv) else step.argv
        commands.add(tuple(argv[:2]))

    missing = [a.label for a in actions.catalog() if a.in_spec and (a.group, a.command) not in commands]

    assert missing == []


def test_the_tour_succeeds_end_to_end_against_the_local_sandbox(tmp_path: Path):
    """The README's first command, as CI can run it: a fresh sandbox, every step a separate CLI process."""
    lines: list[str] = []

    code = run_tour(out=lines.append)

    failures = [line for line in lines if "FAILED" in line]
    assert (code, failures) == (0, [])
    total = len(steps(tmp_path))
    assert lines[-1] == f"Tour finished: {total} of {total} actions succeeded against the local sandbox."
