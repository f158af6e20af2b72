"""``seller-central-specdiff OLD NEW``: the command line of the API changelog."""

from __future__ import annotations

import json

from seller_central.specdiff.cli import main


def test_markdown_goes_to_stdout_by_default(old_root, new_root, capsys):
    """With no options the Markdown changelog is printed."""
    code = main([str(old_root), str(new_root)])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("## API changes from 078c96a (2025-11-17) to 34dc93f (2026-08-05)\n")
    assert "### `orders_2026_01_01`" in out


def test_json_can_be_written_to_a_file(old_root, new_root, tmp_path, capsys):
    """--format json --output FILE writes parseable JSON there and nothing to stdout."""
    target = tmp_path / "changes.json"

    code = main([str(old_root), str(new_root), "--format", "json", "--output", str(target)])

    assert code == 0
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["models_added"] == 5


def test_a_folder_without_models_is_a_clear_error(new_root, tmp_path, capsys):
    """A wrong folder exits 1 with a message naming it, and prints no changelog."""
    code = main([str(tmp_path), str(new_root)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.startswith(f"seller-central-specdiff: error: {tmp_path}: no models/")


def test_the_same_folder_twice_reports_no_changes(new_root, capsys):
    """Unchanged models report nothing."""
    main([str(new_root), str(new_root)])

    assert "No changes for a client" in capsys.readouterr().out
