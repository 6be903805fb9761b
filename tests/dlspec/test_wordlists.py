"""Tests for dlspec.wordlists: the shipped names are clean, complete and in order."""

import re

import pytest

from dlspec import wordlists
from dlspec.wordlists import ELEMENTS, load_elements


def test_there_are_118_names_and_no_duplicates():
    assert len(ELEMENTS) == 118
    assert len(set(ELEMENTS)) == 118


def test_every_name_is_lowercase_a_to_z_only():
    bad = [name for name in ELEMENTS if not re.fullmatch(r"[a-z]+", name)]
    assert bad == []


def test_shortest_and_longest_names():
    assert min(ELEMENTS, key=len) == "tin"
    assert max(ELEMENTS, key=len) == "rutherfordium"
    assert sorted({len(name) for name in ELEMENTS}) == list(range(3, 14))


@pytest.mark.parametrize(
    ("z", "name"),
    [
        (1, "hydrogen"), (2, "helium"), (6, "carbon"), (8, "oxygen"), (13, "aluminium"),
        (16, "sulfur"), (26, "iron"), (29, "copper"), (50, "tin"), (55, "caesium"), (74, "tungsten"),
        (79, "gold"), (80, "mercury"), (82, "lead"), (92, "uranium"), (104, "rutherfordium"),
        (113, "nihonium"), (115, "moscovium"), (117, "tennessine"), (118, "oganesson"),
    ],
)
def test_names_are_in_order_of_atomic_number(z, name):
    """Atomic numbers from the periodic table, IUPAC's spellings (aluminium, caesium, sulfur)."""
    assert ELEMENTS[z - 1] == name


def test_load_elements_returns_the_names_as_a_new_list():
    names = load_elements()
    assert type(names) is list and names == list(ELEMENTS)
    names.reverse()  # the caller's copy: shuffling it changes nothing else
    assert load_elements()[0] == "hydrogen" and ELEMENTS[0] == "hydrogen"


def test_source_and_licence_are_stated():
    for doc in (wordlists.__doc__, load_elements.__doc__):
        assert "public list of the chemical elements" in doc
        assert "MIT" in doc and "LICENSE" in doc
