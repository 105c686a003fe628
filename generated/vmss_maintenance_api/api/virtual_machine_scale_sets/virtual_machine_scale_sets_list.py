from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.cloud_error import CloudError
from ...models.virtual_machine_scale_set_list_result import (
    VirtualMachineScaleSetListResult,
)
from ...types import UNSET, Response


def _get_kwargs(
    subscription_id: str,
    resource_group_name: str,
    *,
    api_version: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Compute/virtualMachineScaleSets".format(
            subscription_id=quote(str(subscription_id), safe=""),
            resource_group_name=quote(str(resource_group_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CloudError | VirtualMachineScaleSetListResult:
    if response.status_code == 200:
        response_200 = VirtualMachineScaleSetListResult.from_dict(response.json())

        return response_200

    response_default = CloudError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CloudError | VirtualMachineScaleSetListResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[CloudError | VirtualMachineScaleSetListResult]:
    """Gets a list of all VM scale sets under a resource group.

    Args:
        subscription_id (str):
        resource_group_name (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineScaleSetListResult]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> CloudError | VirtualMachineScaleSetListResult | None:
    """Gets a list of all VM scale sets under a resource group.

    Args:
        subscription_id (str):
        resource_group_name (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineScaleSetListResult
    """

    return sync_detailed(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        client=client,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[CloudError | VirtualMachineScaleSetListResult]:
    """Gets a list of all VM scale sets under a resource group.

    Args:
        subscription_id (str):
        resource_group_name (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineScaleSetListResult]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> CloudError | VirtualMachineScaleSetListResult | None:
    """Gets a list of all VM scale sets under a resource group.

    Args:
        subscription_id (str):
        resource_group_name (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineScaleSetListResult
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            resource_group_name=resource_group_name,
            client=client,
            api_version=api_version,
        )
    ).parsed
