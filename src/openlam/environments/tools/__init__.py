"""An environment of Python functions described by JSON schemas (the first tool path).

The model calls tools with ``call_tool``; each call runs the function and the results come back
as the next observation. Later tool sources (OpenAPI, MCP) build ``Tool`` objects the same way.
"""

from openlam.environments.tools._env import Tool, ToolEnvironment

__all__ = ["Tool", "ToolEnvironment"]
