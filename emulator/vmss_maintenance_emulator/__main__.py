"""``python -m vmss_maintenance_emulator``: the same as ``vmss-maintenance-emulator``."""

from vmss_maintenance_emulator._cli import main

raise SystemExit(main(prog="python -m vmss_maintenance_emulator"))
