"""Staff on WeChat Work: card buttons, the “待办” command, the catch-all last."""

from bots.router import Router
from bots.staff import buttons, fallback, todo

router = Router("staff")
router.include(buttons.router, todo.router, fallback.router)
