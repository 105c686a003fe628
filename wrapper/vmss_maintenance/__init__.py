"""vmss-maintenance: trigger and follow Azure VM scale set performMaintenance operations."""

__version__ = "0.1.0"
