from enum import StrEnum


class VirtualMachineScaleSetsGetExpand(StrEnum):
    USERDATA = "userData"

    def __str__(self) -> str:
        return str(self.value)
