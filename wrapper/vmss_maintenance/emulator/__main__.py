"""``python -m vmss_maintenance.emulator``: serve the local ARM emulator until Ctrl-C."""

from vmss_maintenance.emulator._cli import main

raise SystemExit(main(prog="python -m vmss_maintenance.emulator"))
