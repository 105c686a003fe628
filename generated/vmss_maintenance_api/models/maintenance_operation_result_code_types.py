from enum import StrEnum


class MaintenanceOperationResultCodeTypes(StrEnum):
    MAINTENANCEABORTED = "MaintenanceAborted"
    MAINTENANCECOMPLETED = "MaintenanceCompleted"
    NONE = "None"
    RETRYLATER = "RetryLater"

    def __str__(self) -> str:
        return str(self.value)
