from enum import StrEnum


class UpgradeMode(StrEnum):
    AUTOMATIC = "Automatic"
    MANUAL = "Manual"
    ROLLING = "Rolling"

    def __str__(self) -> str:
        return str(self.value)
