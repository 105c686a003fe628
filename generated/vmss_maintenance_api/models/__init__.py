"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .api_error_base import ApiErrorBase
from .cloud_error import CloudError
from .inner_error import InnerError
from .virtual_machine_scale_set_vm_instance_ids import (
    VirtualMachineScaleSetVMInstanceIDs,
)

__all__ = (
    "ApiError",
    "ApiErrorBase",
    "CloudError",
    "InnerError",
    "VirtualMachineScaleSetVMInstanceIDs",
)
