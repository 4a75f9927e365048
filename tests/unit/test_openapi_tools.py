"""OpenAPI operations as tools: schemas merged and resolved, names, requests both ways, errors."""

from __future__ import annotations

import json
from typing import Any, Literal

import pytest
from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from openlam.actions import CallTool, ToolCall
from openlam.environments.tools import (
    HttpReply,
    ToolEnvironment,
    httpx_sender,
    openapi_operations,
    openapi_tools,
)
from openlam.exceptions import UserError

PETS: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "summary": "Pets in the shop",
                "parameters": [
                    {
                        "name": "kind",
                        "in": "query",
                        "schema": {"$ref": "#/components/schemas/Kind"},
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
            },
            "post": {
                "operationId": "listPets",  # a clash: the second one gets a number
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}
                    },
                },
            },
        },
        "/pets/{pet_id}/tags": {
            "parameters": [{"name": "pet_id", "in": "path", "schema": {"type": "integer"}}],
            "put": {
                "operationId": "tags_pets__pet_id__tags_put",  # FastAPI's generated kind
                "summary": "Replace the tags",
                "description": "All at once.",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "array", "items": {"type": "string"}}
                        }
                    }
                },
            },
        },
    },
    "components": {
        "schemas": {
            "Kind": {"type": "string", "enum": ["cat", "dog"], "title": "Kind"},
            "NewPet": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "title": "Name"},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                    "age": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
                    "owner": {"$ref": "#/components/schemas/Owner"},
                },
                "required": ["name", "kind"],
            },
            "Owner": {"type": "object", "properties": {"email": {"type": "string"}}},
        }
    },
}


def _by_name(spec: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    return {op.name: op for op in openapi_operations(spec, prefix=prefix)}


def test_parameters_merge_path_query_and_body_with_refs_resolved() -> None:
    ops = _by_name(PETS)
    assert list(ops) == ["list_pets", "list_pets_2", "put_pets_pet_id_tags"]
    listing = ops["list_pets"].spec
    assert listing.parameters == {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["cat", "dog"]},
            "limit": {"type": "integer"},
        },
        "required": ["limit"],
    }  # the header is the sender's business; titles are dropped
    create = ops["list_pets_2"].spec.parameters
    assert create["required"] == ["name", "kind"]
    assert create["properties"]["kind"] == {"type": "string", "enum": ["cat", "dog"]}
    assert create["properties"]["age"] == {"type": "integer", "default": None}
    assert create["properties"]["owner"]["properties"] == {"email": {"type": "string"}}
    tags = ops["put_pets_pet_id_tags"]
    assert tags.spec.required() == ["pet_id"]
    assert tags.spec.parameters["properties"]["body"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    assert tags.spec.description == "Replace the tags. All at once."
    assert tags.spec.signature().startswith(
        "put_pets_pet_id_tags(pet_id: integer, body?: string[])"
    )


def test_names_are_unique_and_prefixed_when_asked() -> None:
    assert list(_by_name(PETS, prefix="shop")) == [
        "shop_list_pets",
        "shop_list_pets_2",
        "shop_put_pets_pet_id_tags",
    ]
    tools = openapi_tools(PETS, lambda *_: HttpReply(200)) + openapi_tools(
        PETS, lambda *_: HttpReply(200), prefix="zoo"
    )
    ToolEnvironment(tools)  # unique across both documents: no UserError
    with pytest.raises(UserError, match="repeated: list_pets"):
        ToolEnvironment(openapi_tools(PETS, lambda *_: HttpReply(200)) * 2)


def test_requests_and_calls_map_both_ways() -> None:
    ops = _by_name(PETS)
    tags = ops["put_pets_pet_id_tags"]
    assert tags.request({"pet_id": 7, "body": ["old"]}) == ("/pets/7/tags", {}, ["old"])
    assert tags.arguments_of("PUT", "/pets/7/tags", {}, ["old"]) == {"pet_id": 7, "body": ["old"]}
    assert tags.arguments_of("GET", "/pets/7/tags", {}, None) is None
    assert tags.arguments_of("PUT", "/pets/7", {}, None) is None
    listing = ops["list_pets"]
    assert listing.request({"limit": 5, "kind": None}) == ("/pets", {"limit": 5}, None)
    assert listing.arguments_of("GET", "/pets", {"limit": "5"}, None) == {"limit": 5}
    with pytest.raises(UserError, match="no query field 'colour'"):
        listing.arguments_of("GET", "/pets", {"colour": "red"}, None)
    create = ops["list_pets_2"]
    body = {"name": "Rex", "kind": "dog", "owner": {"email": "a@b.c"}}
    assert create.request(body) == ("/pets", {}, body)
    assert create.arguments_of("POST", "/pets", {}, body) == body


def test_a_reference_outside_the_document_is_refused() -> None:
    spec = {"paths": {"/a": {"get": {"parameters": [{"$ref": "other.yaml#/p"}]}}}}
    with pytest.raises(UserError, match="only references inside the document"):
        openapi_operations(spec)
    with pytest.raises(UserError, match="no 'paths'"):
        openapi_operations({"openapi": "3.1.0"})


class Light(BaseModel):
    """A light to change."""

    power: bool | None = None
    level: int | None = Field(None, ge=1, le=100)
    mode: Literal["warm", "cold"] | None = None


def _home() -> FastAPI:
    app = FastAPI()
    lights = {1: {"id": 1, "name": "Lamp", "power": False, "level": 50}}

    @app.get("/lights", summary="Lights, optionally by name")
    def find(name: str = "") -> list[dict[str, Any]]:
        return [light for light in lights.values() if name.lower() in str(light["name"]).lower()]

    @app.patch("/lights/{light_id}", summary="Change a light")
    def change(light_id: int, body: Light) -> dict[str, Any]:
        if light_id not in lights:
            raise HTTPException(404, f"no light {light_id}: list them with GET /lights")
        lights[light_id].update(body.model_dump(exclude_none=True))
        return lights[light_id]

    return app


def test_tools_of_a_fastapi_app_call_it_and_show_4xx_as_readable_results() -> None:
    app = _home()
    env = ToolEnvironment(openapi_tools(app.openapi(), httpx_sender(TestClient(app))))
    assert [t.name for t in env.tools] == ["get_lights", "patch_lights_light_id"]
    patch = env.tools[1]
    assert patch.required() == ["light_id"]
    assert patch.parameters["properties"]["mode"] == {"type": "string", "enum": ["warm", "cold"]}

    ok = env.execute(
        CallTool(
            calls=(ToolCall(name="patch_lights_light_id", arguments={"light_id": 1, "level": 80}),)
        )
    )
    assert ok.ok
    assert json.loads(ok.message.split(": ", 1)[1])["level"] == 80

    missing = env.execute(
        CallTool(
            calls=(
                ToolCall(name="patch_lights_light_id", arguments={"light_id": 9, "power": True}),
            )
        )
    )
    assert missing.ok  # the run goes on: the model reads the server's reason
    assert json.loads(missing.message.split(": ", 1)[1]) == {
        "status": 404,
        "error": "no light 9: list them with GET /lights",
    }
    invalid = env.execute(
        CallTool(
            calls=(ToolCall(name="patch_lights_light_id", arguments={"light_id": 1, "level": 500}),)
        )
    )
    shown = json.loads(invalid.message.split(": ", 1)[1])
    assert shown["status"] == 422
    assert "body.level: Input should be less than or equal to 100" in shown["error"]

    found = env.execute(CallTool(calls=(ToolCall(name="get_lights", arguments={"name": "lamp"}),)))
    assert '"name": "Lamp"' in found.message
