"""Generated single-page web forms (newsletter, contact, RSVP, ...): ``openlam eval forms``.

``generate(kind, seed)`` builds a page, the person's intent and the values a correct submission
carries; ``FormsSuite`` serves the pages locally and checks each episode's single valid submission
and that the agent finished the run itself; ``FormExpert`` fills the form from openlam's
observation (``--policy expert``, and training data that ends with ``finish``).
"""

from openlam.evaluation.forms._kinds import TEST_KINDS, TRAIN_KINDS
from openlam.evaluation.forms._pages import Field, FormTask, generate
from openlam.evaluation.forms._suite import (
    HELD_OUT_SEEDS,
    FormExpert,
    FormsSession,
    FormsSuite,
    check,
    run_form_episode,
    serve,
)

__all__ = [
    "HELD_OUT_SEEDS",
    "TEST_KINDS",
    "TRAIN_KINDS",
    "Field",
    "FormExpert",
    "FormTask",
    "FormsSession",
    "FormsSuite",
    "check",
    "generate",
    "run_form_episode",
    "serve",
]
