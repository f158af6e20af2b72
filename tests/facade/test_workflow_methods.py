"""The clients' workflow methods are rendered from one declaration each, and stay in sync with it.

- the committed ``seller_central/_workflow_methods.py`` is exactly what the renderer writes today, and a hand
  edit of it fails ``python -m seller_central.actions._render --check``;
- every method declared in ``_workflows.Workflows`` is a method of both classes with the declared signature:
  an ``Iterator`` on the synchronous client, an ``AsyncIterator`` (or a coroutine, for a driven flow) on the
  asyncio one;
- a declaration the renderer cannot honour is refused, naming the method.
"""

from __future__ import annotations

import inspect

import pytest
from seller_central import _render_workflows, _workflows
from seller_central import _workflow_methods as rendered
from seller_central.actions import _render

DECLARED = {
    name: member
    for name, member in vars(_workflows.Workflows).items()
    if inspect.isfunction(member) and not name.startswith("_")
}


def test_the_committed_module_is_a_fresh_render():
    """``_workflow_methods.py`` is what ``python -m seller_central.actions._render`` writes."""
    assert _render.render_workflows() == _render_workflows.TARGET.read_text(encoding="utf-8")
    assert _render.main(["--check"]) == 0


def test_a_hand_edit_of_the_rendered_module_fails_the_check(tmp_path, monkeypatch, capsys):
    """Editing the rendered module by hand makes ``--check`` fail and name the file (nothing is rewritten)."""
    edited = tmp_path / "_workflow_methods.py"
    source = _render_workflows.TARGET.read_text(encoding="utf-8")
    edited.write_text(source.replace("return self._items(", "return self._items(  # tweaked\n", 1))
    monkeypatch.setattr(_render_workflows, "TARGET", edited)

    assert _render.main(["--check"]) == 1
    assert f"{edited} is stale" in capsys.readouterr().err
    assert "# tweaked" in edited.read_text(encoding="utf-8")


def test_every_declared_method_is_rendered_for_both_clients():
    """Both classes hold exactly the declared methods, with the declared parameters."""
    for cls in (rendered.WorkflowMethods, rendered.AsyncWorkflowMethods):
        public = {name for name in vars(cls) if not name.startswith("_")}
        assert public == set(DECLARED)
        for name, declared in DECLARED.items():
            assert inspect.signature(getattr(cls, name)).parameters == inspect.signature(declared).parameters


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_the_async_method_is_the_sync_one_awaited_or_async_iterated(name):
    """A driven flow is a coroutine on the asyncio client; an iterator becomes an ``AsyncIterator``."""
    declared = inspect.signature(DECLARED[name]).return_annotation
    sync = getattr(rendered.WorkflowMethods, name)
    asynchronous = getattr(rendered.AsyncWorkflowMethods, name)

    assert inspect.signature(sync).return_annotation == declared
    assert not inspect.iscoroutinefunction(sync)
    if declared.startswith("Iterator["):
        assert inspect.signature(asynchronous).return_annotation == "Async" + declared
        assert not inspect.iscoroutinefunction(asynchronous)
    else:
        assert inspect.signature(asynchronous).return_annotation == declared
        assert inspect.iscoroutinefunction(asynchronous)


DECLARATION = '''
class Workflows(Protocol):
    @workflow(body="finances.{function}", drive="{drive}")
    def totals(self, *, event_group_id: str{extra}) -> {returns}:
        """Sum them."""
'''


@pytest.mark.parametrize(
    ("function", "drive", "extra", "returns", "error"),
    [
        ("no_such_body", "drive", "", "int", "totals: its body seller_central.finances.no_such_body"),
        ("settlement_totals", "pull", "", "int", "totals: drive='pull' is none of"),
        ("event_pages", "items", "", "Iterator[int]", "totals: a method driven by _items takes max_pages"),
        ("event_pages", "items", ", max_pages: int | None = None", "int", "returns Iterator[...]"),
    ],
)
def test_a_declaration_the_renderer_cannot_honour_is_refused(function, drive, extra, returns, error):
    """An unknown body, an unknown drive, an _items method without max_pages or an iterator type are refused."""
    source = DECLARATION.format(function=function, drive=drive, extra=extra, returns=returns)
    with pytest.raises(_render_workflows.RenderError, match=error.replace("[", r"\[").replace("(", r"\(")):
        _render_workflows.render(lambda text: text, source)
