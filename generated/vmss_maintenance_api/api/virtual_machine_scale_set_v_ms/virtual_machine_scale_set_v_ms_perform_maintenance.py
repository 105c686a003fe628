from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.cloud_error import CloudError
from ...types import UNSET, Response


def _get_kwargs(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    instance_id: str,
    *,
    api_version: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/subscriptions/{subscription_id}/resourceGroups/{resource_group_name}/providers/Microsoft.Compute/virtualMachineScaleSets/{vm_scale_set_name}/virtualmachines/{instance_id}/performMaintenance".format(
            subscription_id=quote(str(subscription_id), safe=""),
            resource_group_name=quote(str(resource_group_name), safe=""),
            vm_scale_set_name=quote(str(vm_scale_set_name), safe=""),
            instance_id=quote(str(instance_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | CloudError:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

    response_default = CloudError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | CloudError]:
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
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[Any | CloudError]:
    """Performs maintenance on a virtual machine in a VM scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        instance_id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CloudError]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        instance_id=instance_id,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Any | CloudError | None:
    """Performs maintenance on a virtual machine in a VM scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        instance_id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CloudError
    """

    return sync_detailed(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        instance_id=instance_id,
        client=client,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[Any | CloudError]:
    """Performs maintenance on a virtual machine in a VM scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        instance_id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CloudError]
    """

    kwargs = _get_kwargs(
        subscription_id=subscription_id,
        resource_group_name=resource_group_name,
        vm_scale_set_name=vm_scale_set_name,
        instance_id=instance_id,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    subscription_id: str,
    resource_group_name: str,
    vm_scale_set_name: str,
    instance_id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Any | CloudError | None:
    """Performs maintenance on a virtual machine in a VM scale set.

    Args:
        subscription_id (str):
        resource_group_name (str):
        vm_scale_set_name (str):
        instance_id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CloudError
    """

    return (
        await asyncio_detailed(
            subscription_id=subscription_id,
            resource_group_name=resource_group_name,
            vm_scale_set_name=vm_scale_set_name,
            instance_id=instance_id,
            client=client,
            api_version=api_version,
        )
    ).parsed
