"""Names of countries and regions, as they open CWI headlines (`Pakistan: …`)."""

from __future__ import annotations

COUNTRIES = frozenset(
    """
    Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain
    Bangladesh Belarus Belgium Bolivia Bosnia Botswana Brazil Britain Bulgaria Burkina Burma
    Burundi Cambodia Cameroon Canada Chad Chile China Colombia Congo Croatia Cuba Cyprus
    Czechia Denmark Ecuador Egypt England Eritrea Estonia Ethiopia Europe Fiji Finland France
    Gaza Georgia Germany Ghana Greece Guatemala Guinea Haiti Honduras Hungary Iceland India
    Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kashmir Kazakhstan Kenya
    Korea Kosovo Kurdistan Kuwait Kyrgyzstan Laos Latvia Lebanon Liberia Libya Lithuania
    Malawi Malaysia Mali Mexico Moldova Mongolia Morocco Mozambique Myanmar Namibia Nepal
    Netherlands Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama Paraguay Peru
    Philippines Poland Portugal Qatar Quebec Romania Russia Rwanda Scotland Senegal Serbia
    Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania
    Thailand Tibet Togo Tunisia Turkey Uganda Ukraine USA US Uruguay Uzbekistan Venezuela
    Vietnam Wales Yemen Zambia Zimbabwe Africa Asia Americas Balochistan Baluchistan Sindh
    Punjab
    """.split()
) | frozenset(
    (
        "Sri Lanka",
        "South Africa",
        "South Korea",
        "North Korea",
        "New Zealand",
        "Saudi Arabia",
        "Latin America",
        "Middle East",
        "South Asia",
        "Hong Kong",
        "Ivory Coast",
        "Northern Ireland",
        "El Salvador",
        "Costa Rica",
        "Czech Republic",
        "United States",
        "South Sudan",
        "Western Sahara",
    )
)


def is_country(name: str) -> bool:
    """Whether a headline prefix names a country or region.

    >>> is_country("Pakistan"), is_country("Sri Lanka"), is_country("Analysis")
    (True, True, False)
    """
    return name in COUNTRIES
