"""A provincial unified identity platform (统一身份认证) as an OpenID Connect provider over HTTP.

Tests build the app with `create_idp_app(state)`; its control API under /__sim/ lets them
register users, tamper with the next id_token (wrong key, claims) and expire codes.
"""

from devtools.idp_sim.app import create_idp_app
from devtools.idp_sim.state import IdpClient, IdpState

__all__ = ["IdpClient", "IdpState", "create_idp_app"]
