"""Who may speak for an attempt: a secret only the bot and the worker it was given to know.

Everyone with the Redis password can read every stream and key, so nothing secret may be
written there. Each side has a Diffie-Hellman key pair (RFC 3526 group 14, 2048 bits): the
worker announces its public value in its heartbeats and the bot puts its own in each
assignment, and both derive the same shared value, which nobody who only reads Redis can.
An attempt's secret is an HMAC of its token under that shared value, and every message
about the attempt carries a proof: an HMAC of the message under the attempt's secret.

A worker's name ends with its key's fingerprint, so a second client cannot take over an
honest worker's name with a key of its own: the bot refuses a name that does not match.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# RFC 3526, section 3: the 2048-bit MODP group; generator 2.
_P = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E34"
    "04DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6"
    "F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A6916"
    "3FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C"
    "32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA95"
    "6AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF",
    16,
)
_G = 2
_PRIVATE_BITS = 256  # 128-bit security, the group's own strength
PUBLIC_HEX_MAX = 512  # a public value is below the 2048-bit modulus
FINGERPRINT_CHARS = 16


class BadPublicKey(ValueError):
    """A peer's public value that is not a usable group element."""


def _public_value(public_hex: str) -> int:
    if not public_hex or len(public_hex) > PUBLIC_HEX_MAX:
        raise BadPublicKey("public key of the wrong length")
    try:
        value = int(public_hex, 16)
    except ValueError:
        raise BadPublicKey("public key is not hexadecimal") from None
    # 0, 1 and p-1 would force a known shared value.
    if not 2 <= value <= _P - 2:
        raise BadPublicKey("public key out of range")
    return value


def fingerprint(public_hex: str) -> str:
    """The short name of a public key that a worker's name ends with."""
    return hashlib.sha256(public_hex.lower().encode()).hexdigest()[:FINGERPRINT_CHARS]


def name_matches_key(name: str, public_hex: str) -> bool:
    """Whether ``name`` was made for this key (``<chosen part>-<fingerprint>``)."""
    return name.endswith("-" + fingerprint(public_hex))


class KeyPair:
    """One side's key pair; shared values with peers are computed once per peer key."""

    def __init__(self) -> None:
        self._private = secrets.randbits(_PRIVATE_BITS) | 1 << (_PRIVATE_BITS - 1)
        self.public_hex = format(pow(_G, self._private, _P), "x")
        self._shared: dict[str, bytes] = {}

    def attempt_secret(self, peer_public_hex: str, token: str) -> bytes:
        """The secret of attempt ``token`` between this side and the peer.

        Raises:
            BadPublicKey: the peer's value is malformed.
        """
        shared = self._shared.get(peer_public_hex)
        if shared is None:
            value = pow(_public_value(peer_public_hex), self._private, _P)
            shared = hashlib.sha256(value.to_bytes(256, "big")).digest()
            if len(self._shared) >= 1024:  # peers come and go; keep the memory bounded
                self._shared.clear()
            self._shared[peer_public_hex] = shared
        return hmac.new(shared, b"attempt:" + token.encode(), hashlib.sha256).digest()


def prove(secret: bytes, payload: bytes) -> str:
    """The proof that whoever wrote ``payload`` knows ``secret``."""
    return hmac.new(secret, payload, hashlib.sha256).hexdigest()


def proof_holds(secret: bytes, payload: bytes, proof: str) -> bool:
    return hmac.compare_digest(prove(secret, payload), proof)
