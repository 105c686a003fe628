"""``python -m vmss_maintenance``: the ``vmss-maintenance`` command."""

from vmss_maintenance.cli import main

raise SystemExit(main())
