from enum import StrEnum


class VirtualMachinesListExpand(StrEnum):
    INSTANCEVIEW = "instanceView"

    def __str__(self) -> str:
        return str(self.value)
