"""Facts read from the OpenAPI document the client was generated from (stub until generation)."""

API_VERSION = "2024-07-01"
