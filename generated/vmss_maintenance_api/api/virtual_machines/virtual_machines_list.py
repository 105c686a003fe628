from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.cloud_error import CloudError
from ...models.virtual_machine_list_result import VirtualMachineListResult
from ...models.virtual_machines_list_expand import VirtualMachinesListExpand
from ...types import UNSET, Response, Unset


def _get_kwargs(
    subscription_id: str,
    resource_group_name: str,
    *,
    filter_: str | Unset = UNSET,
    expand: VirtualMachinesListExpand | Unset = UNSET,
    api_version: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["$filter"] = filter_

    json_expand: str | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = expand.value

    params["$expand"] = json_expand

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Compute/virtualMachines".format(
            subscription_id=quote(str(subscription_id), safe=""),
            resource_group_name=quote(str(resource_group_name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CloudError | VirtualMachineListResult:
    if response.status_code == 200:
        response_200 = VirtualMachineListResult.from_dict(response.json())

        return response_200

    response_default = CloudError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CloudError | VirtualMachineListResult]:
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
    filter_: str | Unset = UNSET,
    expand: VirtualMachinesListExpand | Unset = UNSET,
    api_version: str,
) -> Response[CloudError | VirtualMachineListResult]:
    """Lists all of the virtual machines in the specified resource group. Use the nextLink property in the
    response to get the next page of virtual machines.

    Args:
        subscription_id (str):
        resource_group_name (str):
        filter_ (str | Unset):
        expand (VirtualMachinesListExpand | Unset):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineListResult]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        filter_=filter_,
        expand=expand,
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
    filter_: str | Unset = UNSET,
    expand: VirtualMachinesListExpand | Unset = UNSET,
    api_version: str,
) -> CloudError | VirtualMachineListResult | None:
    """Lists all of the virtual machines in the specified resource group. Use the nextLink property in the
    response to get the next page of virtual machines.

    Args:
        subscription_id (str):
        resource_group_name (str):
        filter_ (str | Unset):
        expand (VirtualMachinesListExpand | Unset):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineListResult
    """

    return sync_detailed(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        client=client,
        filter_=filter_,
        expand=expand,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    expand: VirtualMachinesListExpand | Unset = UNSET,
    api_version: str,
) -> Response[CloudError | VirtualMachineListResult]:
    """Lists all of the virtual machines in the specified resource group. Use the nextLink property in the
    response to get the next page of virtual machines.

    Args:
        subscription_id (str):
        resource_group_name (str):
        filter_ (str | Unset):
        expand (VirtualMachinesListExpand | Unset):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CloudError | VirtualMachineListResult]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        filter_=filter_,
        expand=expand,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    resource_group_name: str,
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    expand: VirtualMachinesListExpand | Unset = UNSET,
    api_version: str,
) -> CloudError | VirtualMachineListResult | None:
    """Lists all of the virtual machines in the specified resource group. Use the nextLink property in the
    response to get the next page of virtual machines.

    Args:
        subscription_id (str):
        resource_group_name (str):
        filter_ (str | Unset):
        expand (VirtualMachinesListExpand | Unset):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CloudError | VirtualMachineListResult
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            resource_group_name=resource_group_name,
            client=client,
            filter_=filter_,
            expand=expand,
            api_version=api_version,
        )
    ).parsed
