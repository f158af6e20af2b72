"""The changelog as Markdown (for a CHANGELOG entry or a pull request) and as JSON (for tools)."""

from __future__ import annotations

import json

from seller_central.specdiff import (
    Change,
    Changelog,
    Kind,
    ModelChanges,
    Snapshot,
    render_json,
    render_markdown,
)

OLD = Snapshot(root="old", commit="078c96a593d99c62", committed="2025-11-17T10:14:41-08:00")
NEW = Snapshot(root="new", commit="34dc93fe45f37c9a", committed="2026-08-05T15:31:54-04:00")


def change(kind, *, breaking, operation="getOrders", summary="something changed", actions=()):
    return Change(
        kind=kind,
        breaking=breaking,
        operation=operation,
        location="operation",
        subject=operation or "",
        summary=summary,
        actions=actions,
    )


ORDERS = ModelChanges(
    package="orders_v0",
    title="Orders",
    status="changed",
    old_file="models/orders-api-model/ordersV0.json",
    new_file="models/orders-api-model/ordersV0.json",
    changes=(
        change(Kind.OPERATION_DEPRECATED, breaking=False, summary="deprecated", actions=("list_orders",)),
        change(Kind.OPERATION_REMOVED, breaking=True, operation="getOrderItems", summary="operation removed"),
    ),
)
LOG = Changelog(old=OLD, new=NEW, models=(ORDERS,))


class TestMarkdown:
    def test_it_opens_with_a_heading_naming_both_commits_and_the_counts(self):
        """The heading names each side by short commit and date; the counts follow."""
        lines = render_markdown(LOG).splitlines()

        assert lines[0] == "## API changes from 078c96a (2025-11-17) to 34dc93f (2026-08-05)"
        assert lines[2] == "Models: 0 added, 0 removed, 1 changed. Changes: 1 breaking, 1 non-breaking."
        assert lines[4] == "Breaking changes in: `orders_v0`."

    def test_each_model_lists_its_breaking_changes_first(self):
        """Within a model, the breaking section comes before the non-breaking one whatever the input order."""
        text = render_markdown(LOG)

        assert text.index("Breaking (1):") < text.index("Non-breaking (1):")
        assert "- `getOrderItems`: operation removed\n" in text

    def test_entries_name_the_actions_they_touch(self):
        """An entry ends with the facade actions that call the operation."""
        assert "- `getOrders`: deprecated (actions: `list_orders`)\n" in render_markdown(LOG)

    def test_a_custom_title_and_level_fit_a_changelog_file(self):
        """The update workflow passes a dated title; model sections sit one level below it."""
        text = render_markdown(LOG, title="2026-11-27: API changes", level=2)

        assert text.startswith("## 2026-11-27: API changes\n")
        assert "\n### `orders_v0`: Orders (changed)\n" in text

    def test_an_empty_changelog_says_so(self):
        """Two equivalent sets give a heading and one sentence."""
        text = render_markdown(Changelog(old=OLD, new=NEW, models=()))

        assert text.splitlines()[2] == "No changes for a client: the two model sets are equivalent."


class TestJson:
    def test_json_carries_the_summary_and_every_change_breaking_first(self):
        """The JSON form is the changelog's dict: snapshots, counts, then models with their changes."""
        data = json.loads(render_json(LOG))

        assert data["old"]["commit"] == "078c96a593d99c62"
        assert data["summary"] == {
            "models_added": 0,
            "models_removed": 0,
            "models_changed": 1,
            "breaking": 1,
            "non_breaking": 1,
        }
        [model] = data["models"]
        assert [c["kind"] for c in model["changes"]] == ["operation-removed", "operation-deprecated"]
        assert model["changes"][1]["actions"] == ["list_orders"]

    def test_the_real_changelog_serialises(self, changelog):
        """Every entry of the snapshot changelog survives a JSON round trip."""
        data = json.loads(render_json(changelog))

        assert sum(len(model["changes"]) for model in data["models"]) == (
            changelog.breaking_count + changelog.non_breaking_count
        )
