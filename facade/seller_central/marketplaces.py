"""Amazon's seller marketplaces: id, country, SP-API region and Seller Central URL.

The ids and regions are the ones Amazon lists at
https://developer-docs.amazon.com/sp-api/docs/marketplace-ids; the Seller Central URLs are the ones at
https://developer-docs.amazon.com/sp-api/docs/seller-central-urls (UK, Germany, France, Italy and Spain share
the unified European Seller Central). The table validates marketplace ids, picks the endpoint for a set
of marketplaces, and picks the Seller Central URL of the consent page.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from seller_central.connection import Region
from seller_central.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "Marketplace",
    "MarketplaceRegionWarning",
    "all_marketplaces",
    "by_country",
    "for_region",
    "get",
    "is_known",
    "region_of",
    "warn_other_region",
]


@attrs.frozen(kw_only=True)
class Marketplace:
    """One marketplace.

    Attributes:
        marketplace_id: Amazon's id, e.g. ``ATVPDKIKX0DER``.
        country_code: The code Amazon's table uses (``UK`` for the United Kingdom, not ``GB``).
        country: The country's English name.
        region: The SP-API region whose endpoint serves it.
        seller_central_url: Where sellers of this marketplace sign in (and consent to apps).
    """

    marketplace_id: str
    country_code: str
    country: str
    region: Region
    seller_central_url: str


_EUROPE = "https://sellercentral-europe.amazon.com"


def _m(marketplace_id: str, code: str, country: str, region: Region, url: str) -> Marketplace:
    return Marketplace(
        marketplace_id=marketplace_id,
        country_code=code,
        country=country,
        region=region,
        seller_central_url=url,
    )


_ALL = (
    # North America
    _m("A2EUQ1WTGCTBG2", "CA", "Canada", Region.NA, "https://sellercentral.amazon.ca"),
    _m("ATVPDKIKX0DER", "US", "United States", Region.NA, "https://sellercentral.amazon.com"),
    _m("A1AM78C64UM0Y8", "MX", "Mexico", Region.NA, "https://sellercentral.amazon.com.mx"),
    _m("A2Q3Y263D00KWC", "BR", "Brazil", Region.NA, "https://sellercentral.amazon.com.br"),
    # Europe (India is served by the EU endpoint too)
    _m("A28R8C7NBKEWEA", "IE", "Ireland", Region.EU, "https://sellercentral.amazon.ie"),
    _m("A1RKKUPIHCS9HS", "ES", "Spain", Region.EU, _EUROPE),
    _m("A1F83G8C2ARO7P", "UK", "United Kingdom", Region.EU, _EUROPE),
    _m("A13V1IB3VIYZZH", "FR", "France", Region.EU, _EUROPE),
    _m("AMEN7PMS3EDWL", "BE", "Belgium", Region.EU, "https://sellercentral.amazon.com.be"),
    _m("A1805IZSGTT6HS", "NL", "Netherlands", Region.EU, "https://sellercentral.amazon.nl"),
    _m("A1PA6795UKMFR9", "DE", "Germany", Region.EU, _EUROPE),
    _m("APJ6JRA9NG5V4", "IT", "Italy", Region.EU, _EUROPE),
    _m("A2NODRKZP88ZB9", "SE", "Sweden", Region.EU, "https://sellercentral.amazon.se"),
    _m("AE08WJ6YKNBMC", "ZA", "South Africa", Region.EU, "https://sellercentral.amazon.co.za"),
    _m("A1C3SOZRARQ6R3", "PL", "Poland", Region.EU, "https://sellercentral.amazon.pl"),
    _m("ARBP9OOSHTCHU", "EG", "Egypt", Region.EU, "https://sellercentral.amazon.eg"),
    _m("A33AVAJ2PDY3EV", "TR", "Turkey", Region.EU, "https://sellercentral.amazon.com.tr"),
    _m("A17E79C6D8DWNP", "SA", "Saudi Arabia", Region.EU, "https://sellercentral.amazon.sa"),
    _m("A2VIGQ35RCS4UG", "AE", "United Arab Emirates", Region.EU, "https://sellercentral.amazon.ae"),
    _m("A21TJRUUN4KGV", "IN", "India", Region.EU, "https://sellercentral.amazon.in"),
    # Far East
    _m("A19VAU5U5O7RUS", "SG", "Singapore", Region.FE, "https://sellercentral.amazon.sg"),
    _m("A39IBJ37TRP1C6", "AU", "Australia", Region.FE, "https://sellercentral.amazon.com.au"),
    _m("A1VC38T7YXB528", "JP", "Japan", Region.FE, "https://sellercentral.amazon.co.jp"),
)

_BY_ID = MappingProxyType({m.marketplace_id: m for m in _ALL})
_BY_COUNTRY = MappingProxyType({m.country_code: m for m in _ALL})
# ISO 3166 says GB where Amazon's table says UK; accept both.
_COUNTRY_ALIASES = MappingProxyType({"GB": "UK"})

_LABEL = "Marketplace Id"


def all_marketplaces() -> tuple[Marketplace, ...]:
    """Return every marketplace, grouped by region (NA, EU, FE) in Amazon's order."""
    return _ALL


def is_known(marketplace_id: str) -> bool:
    """Return True when ``marketplace_id`` is one of the seller marketplaces above."""
    return marketplace_id in _BY_ID


def get(marketplace_id: str, *, label: str = _LABEL) -> Marketplace:
    """Return the marketplace with this id.

    Raises:
        InvalidInputError: the id is not a known marketplace id (the error names the input ``label``).
    """
    marketplace = _BY_ID.get(marketplace_id.strip()) if isinstance(marketplace_id, str) else None
    if marketplace is None:
        msg = (
            f"{label} {marketplace_id!r} is not a known Amazon marketplace id "
            "(e.g. ATVPDKIKX0DER for the US, A1PA6795UKMFR9 for Germany)"
        )
        raise InvalidInputError(msg, label=label)
    return marketplace


def by_country(code: str) -> Marketplace:
    """Return the marketplace of a country code (``US``, ``DE``, ``UK`` or ``GB``; any case).

    Raises:
        InvalidInputError: no seller marketplace exists for that country.
    """
    normal = code.strip().upper()
    marketplace = _BY_COUNTRY.get(_COUNTRY_ALIASES.get(normal, normal))
    if marketplace is None:
        known = ", ".join(sorted(_BY_COUNTRY))
        msg = f"No Amazon marketplace for country {code!r}; known: {known}"
        raise InvalidInputError(msg, label="Country")
    return marketplace


def for_region(region: Region | str) -> tuple[Marketplace, ...]:
    """Return the marketplaces one SP-API region serves."""
    wanted = Region.parse(region)
    return tuple(m for m in _ALL if m.region is wanted)


def region_of(marketplace_ids: Iterable[str], *, label: str = "Marketplace Ids") -> Region:
    """Return the one region serving all these marketplaces (to pick the endpoint).

    Raises:
        InvalidInputError: an id is unknown, none is given, or the ids span more than one region (one
            request goes to one regional endpoint).
    """
    regions = {get(marketplace_id, label=label).region for marketplace_id in marketplace_ids}
    if len(regions) != 1:
        names = ", ".join(sorted(r.name for r in regions)) or "none"
        msg = f"{label} must all belong to one SP-API region (NA, EU or FE); got regions: {names}"
        raise InvalidInputError(msg, label=label)
    return regions.pop()


class MarketplaceRegionWarning(UserWarning):
    """A marketplace id goes to the endpoint of another region (Amazon would answer 403 or 400)."""


def warn_other_region(marketplace_ids: Iterable[str], region: Region, *, endpoint: str) -> None:
    """Warn (:class:`MarketplaceRegionWarning`) for each known marketplace that ``region`` does not serve.

    Amazon answers such a request with a 403 Unauthorized or a 400 InvalidInput that does not name the
    cause, so the warning names both: the marketplace with its region, and the endpoint with its region.
    Unknown ids are left to :func:`seller_central.validation.marketplace_ids` and to Amazon.
    """
    import warnings  # noqa: PLC0415 (only a mismatch needs it)

    for marketplace_id in marketplace_ids:
        marketplace = _BY_ID.get(marketplace_id.strip())
        if marketplace is None or marketplace.region is region:
            continue
        home = marketplace.region.name
        msg = (
            f"Marketplace {marketplace.marketplace_id} ({marketplace.country}) belongs to region {home}, "
            f"but requests go to {endpoint} (region {region.name}); Amazon answers 403 or 400. "
            f"Use region={home} (CLI: --region {home})."
        )
        warnings.warn(msg, MarketplaceRegionWarning, stacklevel=2)
