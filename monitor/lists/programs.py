"""Known sanctions program tags.

An unknown tag is not an error (OFAC adds programs with new executive orders), but it is worth a
warning: it is the first sign of a new program whose jurisdiction rules may need configuring.
"""

from __future__ import annotations

# Tags seen in OFAC's SDN (May/Dec 2024) and Consolidated (Dec 2025) legacy CSV files, plus a few
# current OFAC tags not (yet) in those files.
OFAC_PROGRAMS: frozenset[str] = frozenset(
    (
        *"""
        561-Related BALKANS BALKANS-EO14033 BELARUS BELARUS-EO14038 BPI-RUSSIA-EO14024
        BURMA-EO14014 CAR CMIC-EO13959 CUBA CYBER2 CYBER3 CYBER4 DARFUR DPRK DPRK-NKSPEA DPRK2 DPRK3
        DPRK4 DRCONGO ELECTION-EO13848 ETHIOPIA-EO14046 FSE-IR FSE-SY FTO GLOMAG HIFPAA HK-EO13936
        HOSTAGES-EO14078 HRIT-IR HRIT-SY ICCP-EO13928 IFCA IFSR ILLICIT-DRUGS-EO14059 IRAN
        IRAN-CON-ARMS-EO IRAN-EO13846 IRAN-EO13871 IRAN-EO13876 IRAN-EO13902 IRAN-HR IRAN-TRA IRAQ2
        IRAQ3 IRGC ISA LEBANON LIBYA2 LIBYA3 MAGNIT MALI-EO13882 NICARAGUA NICARAGUA-NHRAA NPWMD
        NS-PLC PEESA-EO14039 RUSSIA-EO14024 RUSSIA-EO14065 SDGT SDNT SDNTK SOMALIA SSIDES
        SUDAN-EO14098 SYRIA SYRIA-CAESAR SYRIA-EO13894 TCO UHRPA UKRAINE-EO13660 UKRAINE-EO13661
        UKRAINE-EO13662 UKRAINE-EO13685 VENEZUELA VENEZUELA-EO13850 VENEZUELA-EO13884
        WEST-BANK-EO14115 YEMEN
        """.split(),
        "CAATSA - IRAN",
        "CAATSA - RUSSIA",
        "SOUTH SUDAN",
    )
)

# UN_LIST_TYPE values of the UN Security Council consolidated list (Feb 2026).
UN_PROGRAMS: frozenset[str] = frozenset(
    """
    Al-Qaida CAR DPRK DRC GB Haiti Iran Iraq Libya Somalia SouthSudan Sudan Taliban Yemen
    """.split()
)

KNOWN_PROGRAMS: dict[str, frozenset[str]] = {
    "ofac-sdn": OFAC_PROGRAMS,
    "ofac-cons": OFAC_PROGRAMS,
    "un": UN_PROGRAMS,
}


def split_ofac_programs(cell: str) -> tuple[str, ...]:
    """`SDGT] [IFSR` (OFAC's bracket-joined multiple programs) -> ("SDGT", "IFSR")."""
    if "]" not in cell:
        tag = cell.strip()
        return (tag,) if tag and tag != "-0-" else ()
    parts = (p.strip(" []") for p in cell.split("] ["))
    return tuple(p for p in parts if p and p != "-0-")
