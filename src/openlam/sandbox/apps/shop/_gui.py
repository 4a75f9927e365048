"""Shop GUI routes, mounted at ``/shop``: catalogue, product pages, cart, checkout, orders and
returns."""

from __future__ import annotations

from fastapi import APIRouter

from openlam.sandbox._world import World
from openlam.sandbox.apps.shop._gui_cart import cart_routes, checkout_routes
from openlam.sandbox.apps.shop._gui_catalog import buying_routes, catalog_routes
from openlam.sandbox.apps.shop._gui_orders import order_routes, return_routes


def gui(world: World) -> APIRouter:
    """The GUI routes."""
    router = APIRouter()
    catalog_routes(router, world)
    buying_routes(router, world)
    cart_routes(router, world)
    checkout_routes(router, world)
    order_routes(router, world)
    return_routes(router, world)
    return router
