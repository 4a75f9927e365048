"""Screenshots of every sandbox app's main page (both layouts) for the README.

.venv/bin/python bench/sandbox_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from openlam.environments.web import launch_chromium, playwright_driver
from openlam.sandbox import LAYOUTS, SandboxServer
from openlam.sandbox.apps import MODULES

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with SandboxServer() as server, playwright_driver() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for layout in LAYOUTS:
            server.world.reset(1, layout)
            for module in MODULES:
                page.goto(f"{server.url}/{module.SPEC.name}/")
                page.wait_for_timeout(500)  # let delayed content arrive
                path = args.out / f"{module.SPEC.name}-{layout}.png"
                page.screenshot(path=str(path))
                print(path)
        browser.close()


if __name__ == "__main__":
    main()
