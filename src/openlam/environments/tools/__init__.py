"""An environment of Python functions described by JSON schemas (the first tool path).

The model calls tools with ``call_tool``; each call runs the function and the results come back
as the next observation. ``openapi_tools`` builds ``Tool`` objects from an OpenAPI document
(one per operation, sent over HTTP); later sources (MCP) build them the same way.
"""

from openlam.environments.tools._env import Tool, ToolEnvironment
from openlam.environments.tools._openapi import (
    ApiOperation,
    HttpReply,
    HttpSend,
    httpx_sender,
    openapi_operations,
    openapi_tools,
)

__all__ = [
    "ApiOperation",
    "HttpReply",
    "HttpSend",
    "Tool",
    "ToolEnvironment",
    "httpx_sender",
    "openapi_operations",
    "openapi_tools",
]
