"""Who is asking: the client address behind a known number of reverse proxies."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXIES = n, the n-th address from the right of X-Forwarded-For.

    Only the addresses our own proxies appended can be trusted; anything to
    their left was written by the client and could be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies][:45]


def axes_client_ip(request) -> str:
    return client_ip(request)
