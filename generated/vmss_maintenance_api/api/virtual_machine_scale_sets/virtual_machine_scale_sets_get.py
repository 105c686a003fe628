from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.cloud_error import CloudError
from ...models.virtual_machine_scale_set import VirtualMachineScaleSet
from ...models.virtual_machine_scale_sets_get_expand import (
    VirtualMachineScaleSetsGetExpand,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    *,
    api_version: str,
    expand: VirtualMachineScaleSetsGetExpand | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    json_expand: str | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = expand.value

    params["$expand"] = json_expand

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Compute/virtualMachineScaleSets/{vm_scale_set_name}".format(
            subscription_id=quote(str(subscription_id), safe=""),
            resource_group_name=quote(str(resource_group_name), safe=""),
            vm_scale_set_name=quote(str(vm_scale_set_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CloudError | VirtualMachineScaleSet:
    if response.status_code == 200:
        response_200 = VirtualMachineScaleSet.from_dict(response.json())

        return response_200

    response_default = CloudError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CloudError | VirtualMachineScaleSet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
    expand: VirtualMachineScaleSetsGetExpand | Unset = UNSET,
) -> Response[CloudError | VirtualMachineScaleSet]:
    """Display information about a virtual machine scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        api_version (str):
        expand (VirtualMachineScaleSetsGetExpand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineScaleSet]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        api_version=api_version,
        expand=expand,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
    expand: VirtualMachineScaleSetsGetExpand | Unset = UNSET,
) -> CloudError | VirtualMachineScaleSet | None:
    """Display information about a virtual machine scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        api_version (str):
        expand (VirtualMachineScaleSetsGetExpand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineScaleSet
    """

    return sync_detailed(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        client=client,
        api_version=api_version,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
    expand: VirtualMachineScaleSetsGetExpand | Unset = UNSET,
) -> Response[CloudError | VirtualMachineScaleSet]:
    """Display information about a virtual machine scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        api_version (str):
        expand (VirtualMachineScaleSetsGetExpand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineScaleSet]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        api_version=api_version,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
    expand: VirtualMachineScaleSetsGetExpand | Unset = UNSET,
) -> CloudError | VirtualMachineScaleSet | None:
    """Display information about a virtual machine scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        api_version (str):
        expand (VirtualMachineScaleSetsGetExpand | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineScaleSet
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            resource_group_name=resource_group_name,
            vm_scale_set_name=vm_scale_set_name,
            client=client,
            api_version=api_version,
            expand=expand,
        )
    ).parsed
