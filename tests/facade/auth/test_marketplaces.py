"""The marketplace table: ids, countries, regions and Seller Central URLs."""

import pytest
from seller_central import marketplaces
from seller_central.connection import Region
from seller_central.errors import InvalidInputError

# Amazon's marketplace-ids page: id, country code, region.
AMAZON = [
    ("A2EUQ1WTGCTBG2", "CA", Region.NA),
    ("ATVPDKIKX0DER", "US", Region.NA),
    ("A1AM78C64UM0Y8", "MX", Region.NA),
    ("A2Q3Y263D00KWC", "BR", Region.NA),
    ("A28R8C7NBKEWEA", "IE", Region.EU),
    ("A1RKKUPIHCS9HS", "ES", Region.EU),
    ("A1F83G8C2ARO7P", "UK", Region.EU),
    ("A13V1IB3VIYZZH", "FR", Region.EU),
    ("AMEN7PMS3EDWL", "BE", Region.EU),
    ("A1805IZSGTT6HS", "NL", Region.EU),
    ("A1PA6795UKMFR9", "DE", Region.EU),
    ("APJ6JRA9NG5V4", "IT", Region.EU),
    ("A2NODRKZP88ZB9", "SE", Region.EU),
    ("AE08WJ6YKNBMC", "ZA", Region.EU),
    ("A1C3SOZRARQ6R3", "PL", Region.EU),
    ("ARBP9OOSHTCHU", "EG", Region.EU),
    ("A33AVAJ2PDY3EV", "TR", Region.EU),
    ("A17E79C6D8DWNP", "SA", Region.EU),
    ("A2VIGQ35RCS4UG", "AE", Region.EU),
    ("A21TJRUUN4KGV", "IN", Region.EU),
    ("A19VAU5U5O7RUS", "SG", Region.FE),
    ("A39IBJ37TRP1C6", "AU", Region.FE),
    ("A1VC38T7YXB528", "JP", Region.FE),
]


@pytest.mark.parametrize(("marketplace_id", "country", "region"), AMAZON, ids=[row[1] for row in AMAZON])
def test_every_amazon_marketplace_is_known_with_its_country_and_region(marketplace_id, country, region):
    """Each marketplace id on Amazon's list maps to its country, region and an https Seller Central URL."""
    marketplace = marketplaces.get(marketplace_id)

    assert marketplaces.is_known(marketplace_id)
    assert (marketplace.country_code, marketplace.region) == (country, region)
    assert marketplace.seller_central_url.startswith("https://sellercentral")
    assert marketplaces.by_country(country) == marketplace


def test_the_table_has_no_extra_marketplaces():
    """The table holds exactly the marketplaces on Amazon's list."""
    assert {m.marketplace_id for m in marketplaces.all_marketplaces()} == {row[0] for row in AMAZON}


def test_unknown_id_is_an_input_error_naming_the_label():
    """An unknown id raises InvalidInputError naming the input's label."""
    with pytest.raises(InvalidInputError) as caught:
        marketplaces.get("NOT-A-MARKETPLACE", label="Marketplace Ids")

    assert caught.value.label == "Marketplace Ids"
    assert "NOT-A-MARKETPLACE" in str(caught.value)
    assert not marketplaces.is_known("NOT-A-MARKETPLACE")


def test_country_lookup_accepts_gb_and_any_case():
    """GB is accepted for the United Kingdom, and codes are case-insensitive."""
    assert marketplaces.by_country("gb").marketplace_id == "A1F83G8C2ARO7P"
    assert marketplaces.by_country("de").marketplace_id == "A1PA6795UKMFR9"
    with pytest.raises(InvalidInputError):
        marketplaces.by_country("XX")


def test_unified_european_seller_central_serves_uk_de_fr_it_es():
    """UK, Germany, France, Italy and Spain share sellercentral-europe.amazon.com."""
    for code in ("UK", "DE", "FR", "IT", "ES"):
        assert marketplaces.by_country(code).seller_central_url == "https://sellercentral-europe.amazon.com"


def test_for_region_lists_the_regions_marketplaces():
    """for_region returns the marketplaces of one region, accepting a name too."""
    assert [m.country_code for m in marketplaces.for_region("fe")] == ["SG", "AU", "JP"]
    assert len(marketplaces.for_region(Region.NA)) == 4


def test_region_of_picks_the_endpoint_region_or_refuses_a_mix():
    """Marketplaces of one region give that region; a mix of regions is refused."""
    assert marketplaces.region_of(["A1PA6795UKMFR9", "A13V1IB3VIYZZH"]) is Region.EU

    with pytest.raises(InvalidInputError, match="one SP-API region"):
        marketplaces.region_of(["ATVPDKIKX0DER", "A1PA6795UKMFR9"])
