"""``python -m seller_central.cli``."""

from seller_central.cli import main

main()
