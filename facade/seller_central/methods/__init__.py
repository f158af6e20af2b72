"""The action methods of the two clients, one mixin per area (sync and async side by side).

Each method is one line: the pure action (in :mod:`seller_central.actions`) builds the call from the
inputs, and the client's engine sends it. Inputs are typed by the action's ``TypedDict``.
"""
