"""openlam — an open Large Action Model system.

The pieces: ``openlam.actions`` (typed actions and records), ``openlam.models`` (who decides),
``openlam.environments`` (where actions happen), ``openlam.agent`` (the loop),
``openlam.memory`` (traces). The ``openlam`` command line ties them together.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
