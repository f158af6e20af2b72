"""``python -m seller_central``: the ``seller-central`` command (see :mod:`seller_central.cli`)."""

if __name__ == "__main__":
    from seller_central.cli import main

    main()
