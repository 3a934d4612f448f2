"""Citizens' chat (official account or mini-program customer service): routers in order."""

from bots.citizen import bookings, events, fallback, greetings, handoff, progress, questions
from bots.router import Router

router = Router("citizen")
# Order matters: commands before the free-text question router; the catch-all last.
router.include(
    events.router,
    greetings.router,
    progress.router,
    bookings.router,
    handoff.router,
    questions.router,
    fallback.router,
)
