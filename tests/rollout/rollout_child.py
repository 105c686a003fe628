"""Runs ``vmss-maintenance`` with the given arguments in a process of its own (for the SIGKILL
test): ``python rollout_child.py rollout ...``."""

import sys

from vmss_maintenance import cli

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
