r"""Small word lists shipped with dlspec, for the character-level language model.

Course 5, Week 1 trains a language model that reads words one character at a time and
then writes new ones. It needs a few hundred words or so, free to use and available
offline. This module holds them as plain Python data, so that a notebook finds them from
any directory and nothing is downloaded.

:data:`ELEMENTS` holds the names of the 118 chemical elements, hydrogen (atomic number 1)
to oganesson (118).

Source: written for dlspec from the public list of the chemical elements, in the English
spellings that IUPAC recommends (``aluminium``, ``caesium``, ``sulfur``). The names are facts,
not copied from any copyrighted list. Licence: like the rest of dlspec's code, MIT (see the
``LICENSE`` file of the repository).
"""

#: The 118 chemical elements in order of atomic number: ``ELEMENTS[z - 1]`` is element ``z``.
#: Lowercase letters a-z only, IUPAC's English spellings.
ELEMENTS = (
    "hydrogen", "helium", "lithium", "beryllium", "boron", "carbon", "nitrogen", "oxygen",
    "fluorine", "neon",  # 1-10
    "sodium", "magnesium", "aluminium", "silicon", "phosphorus", "sulfur", "chlorine", "argon",
    "potassium", "calcium",  # 11-20
    "scandium", "titanium", "vanadium", "chromium", "manganese", "iron", "cobalt", "nickel",
    "copper", "zinc",  # 21-30
    "gallium", "germanium", "arsenic", "selenium", "bromine", "krypton", "rubidium", "strontium",
    "yttrium", "zirconium",  # 31-40
    "niobium", "molybdenum", "technetium", "ruthenium", "rhodium", "palladium", "silver",
    "cadmium", "indium", "tin",  # 41-50
    "antimony", "tellurium", "iodine", "xenon", "caesium", "barium", "lanthanum", "cerium",
    "praseodymium", "neodymium",  # 51-60
    "promethium", "samarium", "europium", "gadolinium", "terbium", "dysprosium", "holmium",
    "erbium", "thulium", "ytterbium",  # 61-70
    "lutetium", "hafnium", "tantalum", "tungsten", "rhenium", "osmium", "iridium", "platinum",
    "gold", "mercury",  # 71-80
    "thallium", "lead", "bismuth", "polonium", "astatine", "radon", "francium", "radium",
    "actinium", "thorium",  # 81-90
    "protactinium", "uranium", "neptunium", "plutonium", "americium", "curium", "berkelium",
    "californium", "einsteinium", "fermium",  # 91-100
    "mendelevium", "nobelium", "lawrencium", "rutherfordium", "dubnium", "seaborgium", "bohrium",
    "hassium", "meitnerium", "darmstadtium",  # 101-110
    "roentgenium", "copernicium", "nihonium", "flerovium", "moscovium", "livermorium",
    "tennessine", "oganesson",  # 111-118
)


def load_elements():
    """The names of the 118 chemical elements, as a new list.

    Returns
    -------
    list of str
        :data:`ELEMENTS` in order of atomic number (``"hydrogen"`` first), lowercase a-z.
        A new list at every call, so the caller may shuffle or split it.

    Notes
    -----
    Source: written for dlspec from the public list of the chemical elements, in IUPAC's
    English spellings; the names are facts, not copied from a copyrighted list. Licence:
    MIT, as dlspec's code (see ``LICENSE``). Used by the character-level language model of
    Course 5, Week 1.
    """
    return list(ELEMENTS)
