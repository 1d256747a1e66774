"""Events found by the rules: types, participants, place, time, status and merging.

These tests pin the rule layer (``Pipeline(sense=False)``); what the event-sense layer
makes of its events is tested in ``test_sense.py``, and the seed article with both.
"""

from __future__ import annotations

from typing import Any

import pytest

from wirecoder import Article, Pipeline


@pytest.fixture(scope="module")
def pipeline(rules_pipeline: Pipeline) -> Pipeline:
    return rules_pipeline


def _events(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    return list(pipeline(Article(id="t", text=text, published="2023-10-30"))["events"])


@pytest.mark.parametrize(("text", "etype", "trigger", "actor", "recipient", "status"), [
    ("Israeli jets struck Hamas positions in Gaza on Sunday.", "ASSAULT", "struck", "ISR",
     "PSE", "asserted"),
    ("Police arrested 52 protesters in Nairobi.", "COERCE", "arrested", None, None,
     "asserted"),
    ("Thousands of students staged demonstrations against the government.", "PROTEST",
     "demonstrations", None, None, "asserted"),
    ("Serbia lodged an official protest with Albania.", "ACCUSE", "protest", "SRB", "ALB",
     "asserted"),
    ("Russia did not strike the city.", "ASSAULT", "strike", "RUS", None, "negated"),
    ("Iran would not hesitate to launch strikes if attacks continued.", "ASSAULT", "strikes",
     "IRN", None, "hypothetical"),
    ("The United Nations urged Israel to allow aid into Gaza.", "REQUEST", "urged", "UNO",
     "ISR", "asserted"),
    ("The White House accused Tehran of facilitating attacks.", "ACCUSE", "accused", "USA",
     "IRN", "asserted"),
    ("The European Union imposed sanctions on Russia.", "SANCTION", "sanctions", "EUR", "RUS",
     "asserted"),
    ("France will provide aid to Lebanon.", "AGREE", "provide", "FRA", "LBN", "asserted"),
    ("US forces came under attack in Syria.", "ASSAULT", "attack", None, "USA", "asserted"),
    ("Hamas carried out an attack on southern Israel.", "ASSAULT", "attack", "PSE", "ISR",
     "asserted"),
    # Concessions, acceptances and refusals by what is allowed or accepted.
    ("Pakistan's Electoral Commission allowed opposition leader Imran Khan to hold a rally.",
     "CONCEDE", "allowed", "PAK", None, "asserted"),
    ("Chile's Supreme Court decided to allow the former minister to run in the elections.",
     "CONCEDE", "allow", "CHL", None, "future"),
    ("Norway accepted a plan for ending its fishing dispute with Iceland.", "AGREE",
     "accepted", "NOR", "ISL", "asserted"),
    ("Jordan says it will not accept any more refugees.", "REJECT", "accept", "JOR", None,
     "asserted"),
    ("The military government lifted the nightly curfew in Khartoum.", "CONCEDE", "lifted",
     None, "SDN", "asserted"),
    ("The junta shortened the nightly curfew in Niamey.", "CONCEDE", "shortened", None, "NER",
     "asserted"),
    ("Benin opened its borders to refugees from Togo.", "AID", "opened", "BEN", "TGO",
     "asserted"),
    # Demands by order, pressure and reminder.
    ("A Kenyan judge ordered the former governor to appear for questioning.", "REQUEST",
     "ordered", "KEN", None, "asserted"),
    ("Germany is pushing hard for France to back its budget plan.", "REQUEST", "pushing",
     "DEU", "FRA", "asserted"),
    ("Canada issued a stern reminder to Venezuela that it must respect the vote.", "REQUEST",
     "reminder", "CAN", "VEN", "asserted"),
    # A sanction held over someone threatens; one announced is a measure to come; an army
    # preparing to attack shows force.
    ("The European Union may halt aid to Niger if the junta refuses to free the president.",
     "THREATEN", "halt", "EUR", "NER", "asserted"),
    ("Britain announced it would prohibit all aid to Myanmar.", "SANCTION", "prohibit", "GBR",
     "MMR", "future"),
    ("The Syrian army prepared to resume shelling rebel-held districts of Idlib.", "MOBILIZE",
     "shelling", "SYR", None, "asserted"),
])
def test_events_forms(pipeline: Pipeline, text: str, etype: str, trigger: str,
                      actor: str | None, recipient: str | None, status: str) -> None:
    events = [e for e in _events(pipeline, text)
              if e["type"] == etype and trigger in e["trigger"]["text"]]
    assert events, _events(pipeline, text)
    event = events[0]
    if actor:
        assert actor in {p["country"] for p in event["actor"]}
    if recipient:
        assert recipient in {p["country"] for p in event["recipient"]}
    assert event["status"] == status


@pytest.mark.parametrize(("text", "recipient"), [
    # The one acted upon sits deeper in the event's clause than its object.
    ("Hungary has said it will support a U.N. Security Council resolution.", "UNO"),
    ("European ministers agreed to provide 70 million dollars of aid for Romania.", "ROU"),
])
def test_events_recipient_from_the_event_clause(pipeline: Pipeline, text: str,
                                                recipient: str) -> None:
    events = _events(pipeline, text)
    assert any(recipient in {p["country"] for p in e["recipient"]} for e in events), events


@pytest.mark.parametrize(("text", "etype", "actor", "recipient"), [
    # A protest is aimed at whom its purpose is, and the demand is the protesters'.
    ("Hundreds of Chilean students marched in Santiago on Friday to demand the resignation "
     "of Chile's education minister.", "PROTEST", "CHL", "CHL"),
    ("Hundreds of Chilean students marched in Santiago on Friday to demand the resignation "
     "of Chile's education minister.", "REQUEST", "CHL", "CHL"),
    # The target of a protest against a deed is who did it.
    ("Opposition activists staged a sit-in in protest against abuses by Ethiopian soldiers.",
     "PROTEST", None, "ETH"),
    # A threat made into a speech act keeps the target deeper in its clause.
    ("An Argentine minister threatened today to impose import restrictions against "
     "Brazilian beef.", "THREATEN", "ARG", "BRA"),
    # ... and is aimed at whoever must act to avert it.
    ("Farmers threatened to block the highways unless Kenya lifts the import ban.",
     "THREATEN", None, "KEN"),
    # Mobilising takes a target only through "against".
    ("Turkey mobilized reservists for a possible offensive against Syria.", "MOBILIZE", "TUR",
     "SYR"),
    # A named group's faction or wing is the group.
    ("Moscow imposed sanctions on the Taliban hardline faction that controls Kabul.",
     "SANCTION", "RUS", "AFG"),
    # "Thousands of" is a count of the ones who act, not a number to drop.
    ("Thousands of Iraqi Kurds demonstrated in Kirkuk.", "PROTEST", "IRQ", None),
    # A light verb may carry the target; a named group's positions are the group.
    ("President Macron gave a warm welcome on Thursday to Kenyan leader William Ruto.",
     "CONSULT", None, "KEN"),
    ("Israel launched fresh strikes on Monday against Hezbollah positions.", "ASSAULT",
     "ISR", "LBN"),
    # What is protested or rejected points at who did or offered it.
    ("An opposition senator began a hunger strike to protest President Erdogan's refusal "
     "to hold elections.", "PROTEST", None, "TUR"),
    ("India today rejected a fresh offer from Pakistan for direct talks.", "REJECT", "IND",
     "PAK"),
    # "its" is the subject of its own clause; a demand "that X ..." is made of X.
    ("The Organization of American States reiterated its demand today that Venezuela free "
     "political prisoners.", "REQUEST", "IGO", "VEN"),
    # A named body's forum or committee is the body.
    ("The Asia-Pacific Economic Cooperation (APEC) forum agreed to aid Vietnam.", "AGREE",
     "IGO", None),
    # The one summoned to hear a complaint is its target; a named group's leaders are
    # the group; a camp's people are hit when it is.
    ("The Kenyan foreign minister summoned Uganda's ambassador to complain about the raids.",
     "ACCUSE", "KEN", "UGA"),
    ("Drone strikes have killed at least eight top al-Shabaab leaders since July.", "ASSAULT",
     None, "SOM"),
    ("A camp for Sudanese refugees was attacked by gunmen.", "ASSAULT", None, "SDN"),
    # A phrase's own country before its "of" complement; a participle the parser made
    # the subject gives way to its own subject.
    ("The Serbian and Croatian sides of the divided town of Mostar agreed to share "
     "information.", "AGREE", "SRB", None),
    ("The Red Cross operating in Yemen said Saudi forces must ensure security.", "REQUEST",
     "NGO", "SAU"),
    # "against" hung on the light verb still makes a rally a protest against someone.
    ("Opposition supporters staged rallies in Nairobi against Kenya's president.",
     "PROTEST", None, "KEN"),
    # Seeking refuge asks for it; not meeting demands refuses them.
    ("Thousands of Syrian Kurds sought refuge in Turkey last month.", "REQUEST", "SYR",
     "TUR"),
    ("France said it would not meet the kidnappers' demands.", "REJECT", "FRA", None),
    # Who issues a declaration makes the demand it carries.
    ("Kenyan opposition leaders issued a declaration demanding that the Ugandan government "
     "provide information on the detained activists.", "REQUEST", "KEN", "UGA"),
    # "10 days of war games": the games are the act; evacuating the wounded is aid, and
    # "the wounded" are people, not a wounding; a named body's helicopters are the body.
    ("Indian and French warships on Monday launched 10 days of war games.", "COOPERATE",
     "IND", None),
    ("U.N. helicopters evacuated the wounded from the besieged Sudanese town of Kadugli.",
     "AID", "UNO", "SDN"),
    # A person's apposition says whose they are; a country's does not re-home it.
    ("Salaheddine Sidhoum, Algeria's leading human rights activist, staged a hunger strike "
     "in prison on Sunday.", "PROTEST", "DZA", None),
    ("Pakistan, a key U.S. ally in the war against terrorism, has refused to deploy "
     "peacekeepers in Iraq.", "REJECT", "PAK", None),
    # The parties to a mediation are its targets, not its actors.
    ("Norway offered to mediate between Colombia and the rebels.", "AGREE", "NOR", "COL"),
])
def test_events_participants_through_purpose_deed_and_condition(
        pipeline: Pipeline, text: str, etype: str, actor: str | None,
        recipient: str | None) -> None:
    [event] = [e for e in _events(pipeline, text) if e["type"] == etype]
    assert actor is None or actor in {p["country"] for p in event["actor"]}, event["actor"]
    assert recipient is None or recipient in {p["country"] for p in event["recipient"]}, \
        event["recipient"]


def test_events_attack_target_is_not_taken_from_deeper_in_the_clause(
        pipeline: Pipeline) -> None:
    # "strikes" has no target of its own; the Iranian official is not one.
    [event] = [e for e in _events(
        pipeline, "Israel launched strikes after talks with an Iranian official failed.")
        if e["type"] == "ASSAULT"]
    assert event["recipient"] == []


def test_events_unknown_actor_stays_empty(pipeline: Pipeline) -> None:
    # Unnamed attackers are coded by what they are (PLOVER's unidentified armed forces),
    # and given no country when their sentence names two.
    [event] = [e for e in _events(pipeline, "Gunmen attacked US forces in Iraq.")
               if e["type"] == "ASSAULT"]
    assert [(p["text"], p["country"], p["sector"]) for p in event["actor"]] == [
        ("Gunmen", None, "UAF")]
    assert event["location"]["country"] == "IRQ"


def test_events_merge_mentions_of_one_attack(pipeline: Pipeline) -> None:
    text = ("Iran said attacks on US forces in Iraq were a result of US policy.\n"
            "US forces have come under repeated attack in Iraq and Syria.")
    assaults = [e for e in _events(pipeline, text) if e["type"] == "ASSAULT"]
    assert len(assaults) == 1
    assert len(assaults[0]["mentions"]) == 2
    # Unnamed attackers: "came under attack" makes US forces the target, never the actor.
    assert assaults[0]["actor"] == []
    assert {p["country"] for p in assaults[0]["recipient"]} == {"USA"}


def test_events_historical_background(pipeline: Pipeline) -> None:
    [event] = [e for e in _events(pipeline, "Israel invaded Lebanon in 2006.")
               if e["type"] == "ASSAULT"]
    assert event["status"] == "historical"
    assert event["date"]["value"] == "2006-01-01"


def test_events_size_from_figures(pipeline: Pipeline) -> None:
    [event] = [e for e in _events(pipeline, "An Israeli air strike killed 12 people in Rafah.")
               if e["type"] == "ASSAULT"]
    assert event["size"]["killed"] == 12
    assert event["acled"]["sub_event_type"] == "Air/drone strike"


def test_events_pronoun_subject_of_a_reported_clause_is_the_speaker(
        pipeline: Pipeline) -> None:
    # Not the last country named before "they".
    events = _events(pipeline, "The Fijian rebels who stormed the Australian embassy said "
                               "they will release Prime Minister Mahendra Chaudhry.")
    [event] = [e for e in events if e["type"] == "AGREE"]
    assert [(p["text"], p["country"]) for p in event["actor"]] == [("they", "FJI")]


def test_events_possessive_of_a_reported_clause_is_the_speaker(pipeline: Pipeline) -> None:
    # "their" is the rebels who say so: Fijian when they are, and never the last country.
    [named] = [e for e in _events(pipeline, "The Fijian rebels who stormed the Australian "
                                            "embassy said their attack on the city would "
                                            "continue.") if e["trigger"]["text"] == "attack"]
    assert [(p["text"], p["country"]) for p in named["actor"]] == [("their", "FJI")]
    [unnamed] = [e for e in _events(pipeline, "The rebels who stormed the Australian embassy "
                                              "said their attack on the city would continue.")
                 if e["trigger"]["text"] == "attack"]
    assert unnamed["actor"] == []


def test_events_different_named_participants_are_not_merged(pipeline: Pipeline) -> None:
    # Same type, the same country on both sides, two different happenings.
    text = ("Donald Trump is demanding President Barack Obama make a pledge not to pardon "
            "Hillary Clinton.\n\nSpeaking at a rally in Novi, Michigan, Trump says he is "
            "making “a demand” of Obama.\n\nThe city of Phoenix, Arizona, is demanding that "
            "Donald Trump’s campaign stop using the image of Phoenix police officers.")
    record = pipeline(Article(id="t", text=text, published="2016-09-30"))
    events = [e for e in record["events"] if e["type"] == "REQUEST"]
    assert [[p["text"] for p in e["actor"]] for e in events] == [
        ["Donald Trump"], ["The city of Phoenix, Arizona"]]


def test_events_different_acts_in_one_sentence_stay_apart(pipeline: Pipeline) -> None:
    # Two rejections of different things; "they" is the rebels of the first verb.
    events = [e for e in _events(pipeline, "Ivory Coast rebels on Friday rejected a Senegalese "
                                           "peace plan, and said they also opposed the "
                                           "deployment of a regional force.")
              if e["type"] == "REJECT"]
    assert [e["trigger"]["text"] for e in events] == ["rejected", "opposed"]
    assert {p["country"] for p in events[1]["actor"]} == {"CIV"}
    # One attack told by its outcomes stays one event.
    assaults = [e for e in _events(pipeline, "A minefield explosion killed two Iraqi youths "
                                             "and wounded five others on Sunday.")
                if e["type"] == "ASSAULT"]
    assert len(assaults) == 1


@pytest.mark.parametrize(("text", "etype", "status"), [
    ("Neither the minister nor his aides have been charged with any crime.", "ACCUSE",
     "negated"),
    ("The senator avoided condemning the invasion of Ukraine.", "ACCUSE", "negated"),
    # A vow is a threat or a promise by what is vowed.
    ("The president vowed to punish the rebels.", "THREATEN", "asserted"),
    ("The president vowed to form a joint task force.", "AGREE", "asserted"),
    # Words, not blows: an attack "as" a quoted epithet; mockery is criticism.
    ("The senator has been pounding the governor as a “con artist” for weeks.", "ACCUSE",
     "asserted"),
    ("The opposition leader mocked the complaint.", "ACCUSE", "asserted"),
    ("A prisoner died as a result of torture in police custody.", "ASSAULT", "asserted"),
    ("France said it would not meet the kidnappers' demands.", "REJECT", "asserted"),
    # Refusing to respond to a demand is still a refusal; urging a killing is no killing.
    ("The prime minister has refused to respond to a demand from the US President.",
     "REJECT", "asserted"),
    ("Speakers encouraged the crowd to kill the traitors.", "ASSAULT", "hypothetical"),
    ("The president's refusal to condemn the display angered critics.", "ACCUSE",
     "negated"),
    ("“There is nothing to protest,” the chairwoman said.", "PROTEST", "negated"),
    ("But the campaign is steering clear of criticizing Trump for his tax deductions.",
     "ACCUSE", "negated"),
    # A claim pressed is an accusation.
    ("Senator Bernie Sanders was pressing his attack that Hillary Clinton is not qualified "
     "to be president.", "ACCUSE", "asserted"),
    # A withdrawal held over someone is a threat.
    ("Kenya announced that it will withdraw its troops from Somalia unless the government "
     "pays its share.", "THREATEN", "asserted"),
])
def test_events_status_and_kind_of_act(pipeline: Pipeline, text: str, etype: str,
                                       status: str) -> None:
    events = _events(pipeline, text)
    assert [e["status"] for e in events if e["type"] == etype] == [status], events
    # What was not condemned still happened.
    assert all(e["status"] == "asserted" for e in events if e["type"] != etype), events


@pytest.mark.parametrize("text", [
    # "on Friday" does not make "called" a call on someone to act.
    "The candidate called her rival on Friday to congratulate her.",
    # Nor does "on" after its object, or a "for" after "the button".
    "Cruz called them on it.",
    "They simply pull the lever, or push the button, for the Republican.",
    # Showing, rallying supporters, endangering: no protest, no threat made.
    "The four candidates demonstrated that political training helps.",
    "Her aide rallied supporters at the hotel.",
    "His rhetoric threatens national security.",
    # Figurative killing, destroying and fighting.
    "It would not have killed my enthusiasm.",
    "He is destroying the party's chance to win the election.",
    "He has fought hard for conservative principles.",
    # Chatter, naming, an idiom, attracting voters, a retort, winning an election.
    "Delegates swatted away talk of party division.",
    "Trump held a press conference, calling him the most ignorant president in history.",
    "Sentiment was directed at the Irish as opposed to Northern Europeans.",
    "He has been able to appeal to a certain group of folks.",
    "At the debate, Hillary shot back, “I suppose I could have stayed home.”",
    "He is the candidate most likely to beat Hillary Clinton.",
    # Battles and attacks fought with votes and words.
    "He recalled his contentious 2008 primary battle with Clinton.",
    "Clinic staff face unprecedented attacks on reproductive health.",
    # People, rising figures, court rulings, striving, support, no comment, assertions.
    "Hizbollah, which has lost over 6,000 dead and wounded in Syria, seems unlikely to want "
    "a war.",
    "Much of the debt had shot up organically.",
    "The Supreme Court struck down a restrictive Texas abortion law.",
    "In this case Democrats were fighting to be seen.",
    "His supporters will ultimately rally behind her.",
    "The regulator declined to comment.",
    "It is a typical line of attack on tax cuts for the rich.",
    "He swore that he had never met the man.",
    # Words, campaigns and elections; a modifier; a melon; questions asked.
    "The video promoted a battle of ideas.",
    "Mr. Trump kept up his continual attacks on the nomination process.",
    "Journalists are killing journalism, he says.",
    "It never stuck with the famously shoot-from-the-lip candidate.",
    "They tied rubber bands around a watermelon to make it explode.",
    "The firm is known for asking job candidates brain-teaser questions.",
    "A lot of it is done in the rushed panic that comes with the demands of quarterly "
    "earnings.",
    "Dr. Griffith was beaten in the Republican primary in 2010 by Mo Brooks.",
    "If he tones down the rhetoric and continues to fight, he will go out on a high note.",
    "Clinton spent Monday campaigning, showing how the battle against Mr. Sanders continues.",
    # A poll finding, a forecast, a goal met.
    "More than half of the respondents support Sanders.",
    "A county board says Trump should win the nomination.",
    "Their objective has been met.",
    # A kind of person is no act: "those who violate the rules".
    "Anyone who violates the ceasefire will be named.",
    "Some of the things that they are asking you to do are ridiculous.",
    # Figurative openings; what hits without a weapon.
    "The trade accord will open doors to economic growth.",
    "The storm hit the coast.",
])
def test_events_no_event(pipeline: Pipeline, text: str) -> None:
    assert [e["type"] for e in _events(pipeline, text)] == []


def test_events_question_city_and_separable_particle(pipeline: Pipeline) -> None:
    # Asked, not told.
    [resign] = _events(pipeline, "Marco Rubio, will you resign?")
    assert resign["status"] == "hypothetical"
    # A city before the act is where it happened; a country before it is who did it.
    [paris] = _events(pipeline, "The newspaper said the Paris terror attacks highlight the "
                                "threat.")
    assert paris["actor"] == []
    [strikes] = _events(pipeline, "US strikes on Islamic State positions continued.")
    assert {p["country"] for p in strikes["actor"]} == {"USA"}
    # "forced the agency out of the country": a particle may follow the object.
    [expel] = _events(pipeline, "Jakarta forced the UN refugee agency out of the country.")
    assert expel["type"] == "SANCTION"


def test_events_dateline_is_not_an_actor(pipeline: Pipeline) -> None:
    text = ("CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey told delegates "
            "to reject the nominee.")
    assert all(p["text"] != "CLEVELAND" for e in _events(pipeline, text)
               for p in e["actor"] + e["recipient"])
    # "talk on limiting missiles" is a negotiation.
    talks = _events(pipeline, "U.S. and Russian negotiators return to Geneva this week for "
                              "talk on limiting nuclear missiles.")
    assert [e["type"] for e in talks] == ["CONSULT"]


def test_events_threats_received_and_meetings_during_warnings(pipeline: Pipeline) -> None:
    # "received death threats": she is threatened, not threatening.
    [threat] = [e for e in _events(pipeline, "Roberta Lange, the state party chairwoman, "
                                             "said she had received death threats against "
                                             "her and her family.")
                if e["type"] == "THREATEN"]
    assert threat["actor"] == []
    assert "she" in [p["text"] for p in threat["recipient"]]
    # A meeting during which a warning was given did happen.
    [meeting] = [e for e in _events(pipeline, "Mr. Obama warned the Chinese leader during "
                                              "their recent meeting in Washington.")
                 if e["type"] == "CONSULT"]
    assert meeting["status"] == "asserted"


def test_event_word_lists_load_from_data() -> None:
    from wirecoder.lexicon import word_lists

    lists = word_lists("event_words.tsv")
    assert {"light_verbs", "figurative_targets", "violence_markers"} <= set(lists)
    assert all(words and all(w == w.lower() for w in words) for words in lists.values())


def test_events_nominal_group_resolves_to_the_named_group(pipeline: Pipeline) -> None:
    # "the Palestinian group" is Hamas, named before; not the Palestinian territories.
    record = pipeline(Article(id="t", text="Israel is at war with Hamas. On 7 October the "
                                          "Palestinian group carried out a surprise attack "
                                          "on southern Israel.", published="2023-10-30"))
    names = {e["id"]: e["name"] for e in record["entities"]}
    [attack] = [e for e in record["events"] if e["type"] == "ASSAULT"]
    assert [names.get(p["entity"]) for p in attack["actor"]] == ["Hamas"]


def test_events_condemned_act_does_not_take_the_protest_place(pipeline: Pipeline) -> None:
    # The protest is in Tehran; the massacre it condemns is not.
    events = _events(pipeline, "Some 200 protesters gathered at a synagogue in Tehran "
                               "condemning the massacre of children.")
    [massacre] = [e for e in events if e["trigger"]["text"] == "massacre"]
    assert massacre["location"] is None
    [protest] = [e for e in events if e["type"] == "PROTEST"]
    assert protest["location"]["text"] == "Tehran"


def test_events_warning_of_a_danger_has_no_target(pipeline: Pipeline) -> None:
    [warning] = [e for e in _events(pipeline, "Iran has repeatedly warned of the expansion of "
                                              "the Hamas-Israel war to other parts of the "
                                              "region.") if e["type"] == "THREATEN"]
    assert warning["recipient"] == []
    assert {p["country"] for p in warning["actor"]} == {"IRN"}


def test_events_decisions_warnings_and_landmark_names(pipeline: Pipeline) -> None:
    # Agreeing to impose sanctions decides them; it threatens nothing.
    [sanction] = _events(pipeline, "The European Union agreed on Monday to impose new sanctions "
                                   "on Iran.")
    assert (sanction["type"], sanction["status"]) == ("SANCTION", "future")
    assert {p["country"] for p in sanction["recipient"]} == {"IRN"}
    # ... but agreeing to postpone a demonstration is an agreement, not a protest.
    [deal] = _events(pipeline, "Leaders of the opposition coalition agreed to postpone the "
                               "demonstration in Baku.")
    assert deal["type"] == "AGREE"
    # The state warned is the target; "China" inside "the South China Sea" is no country.
    [warning] = _events(pipeline, "China warned the Philippines against provocations in the "
                                  "South China Sea.")
    assert warning["type"] == "THREATEN"
    assert [p["country"] for p in warning["recipient"]] == ["PHL"]


def test_events_hits_regions_and_places_near(pipeline: Pipeline) -> None:
    # Drones hitting a refinery attack it; "hit the campaign trail" does not.
    [hit] = _events(pipeline, "Ukrainian drones hit an oil refinery in Russia's Volgograd "
                              "region on Saturday.")
    assert hit["type"] == "ASSAULT"
    assert {p["country"] for p in hit["actor"]} == {"UKR"}
    assert _events(pipeline, "The senator hit the campaign trail in Iowa.") == []
    # "Latin American countries" are not the United States.
    [expel] = _events(pipeline, "Venezuela's government expelled diplomats from seven Latin "
                                "American countries.")
    assert all(p["country"] != "USA" for p in expel["recipient"])
    # Exercises near Taiwan do not target Taiwan.
    [drill] = _events(pipeline, "The United States and the Philippines held joint military "
                                "exercises near Taiwan.")
    assert drill["recipient"] == []


def test_events_claims_tests_and_signed_texts(pipeline: Pipeline) -> None:
    # Who claims responsibility for a bombing did it.
    [bombing] = [e for e in _events(pipeline, "Islamic State claimed responsibility for the "
                                              "suicide bombing that killed 12 people at a "
                                              "mosque in Kabul.") if e["type"] == "ASSAULT"]
    assert {p["country"] for p in bombing["actor"]} == {"ISM"}
    # A missile test shows force; it attacks no one.
    [test] = _events(pipeline, "North Korea test-fired two ballistic missiles into the sea off "
                               "its east coast.")
    assert (test["type"], [p["country"] for p in test["actor"]]) == ("MOBILIZE", ["PRK"])
    # The agreement signed is a text, not a party.
    [signed] = _events(pipeline, "Ethiopia and Eritrea signed a peace agreement in Riyadh.")
    assert all("agreement" not in p["text"] for p in signed["recipient"])


def test_events_recaptures_expulsions_and_denied_attacks(pipeline: Pipeline) -> None:
    [retake] = _events(pipeline, "Syrian government forces recaptured the town of Saraqeb "
                                 "from rebels.")
    assert (retake["type"], retake["acled"]["sub_event_type"]) == (
        "ASSAULT", "Government regains territory")
    # Ordering an ambassador to leave expels him.
    [expel] = _events(pipeline, "Mali's junta ordered the French ambassador to leave the "
                                "country within 72 hours.")
    assert (expel["type"], [p["country"] for p in expel["recipient"]]) == ("SANCTION", ["FRA"])
    # An attack denied by its alleged author is negated.
    [denied] = _events(pipeline, "The Kremlin denied that Russian forces had targeted "
                                 "civilians in Kherson.")
    assert (denied["type"], denied["status"]) == ("ASSAULT", "negated")


def test_events_mediators_deployments_and_suspensions(pipeline: Pipeline) -> None:
    # The parser may hang the subject on "are"; the mediators are still the actors.
    [mediation] = _events(pipeline, "Egypt and Qatar are mediating between Israel and Hamas.")
    assert {p["country"] for p in mediation["actor"]} == {"EGY", "QAT"}
    assert {p["country"] for p in mediation["recipient"]} == {"ISR", "PSE"}
    # An announced deployment is a deployment to come; a conditional one is a threat.
    [carrier] = _events(pipeline, "The Pentagon announced it would send an aircraft carrier to "
                                  "the eastern Mediterranean.")
    assert (carrier["type"], carrier["status"]) == ("MOBILIZE", "future")
    [threat] = _events(pipeline, "Russia would mobilize reservists if NATO expanded.")
    assert threat["type"] == "THREATEN"
    # Suspending a state's membership sanctions the state.
    [suspension] = _events(pipeline, "The African Union suspended Niger's membership after the "
                                     "coup.")
    assert (suspension["type"], [p["country"] for p in suspension["recipient"]]) == (
        "SANCTION", ["NER"])


def test_events_storming_operations_and_relative_subjects(pipeline: Pipeline) -> None:
    [storm] = [e for e in _events(pipeline, "The Fijian rebels who stormed the Australian "
                                            "embassy said they would stay.")
               if e["trigger"]["text"] == "stormed"]
    # "who" is the rebels.
    assert [p["country"] for p in storm["actor"]] == ["FJI"]
    assert [p["country"] for p in storm["recipient"]] == ["AUS"]
    [operation] = _events(pipeline, "The Pakistani army launched a military operation against "
                                    "Taliban militants in the northwest.")
    assert (operation["type"], [p["country"] for p in operation["actor"]]) == (
        "ASSAULT", ["PAK"])
    # Being in charge of operations is a job.
    assert _events(pipeline, "He is the American commander in charge of military operations "
                             "in the Pacific.") == []


def test_events_lifting_a_restriction_imposes_none(pipeline: Pipeline) -> None:
    types = [e["type"] for e in _events(
        pipeline, "The military government lifted the nightly curfew in Khartoum.")]
    assert types == ["CONCEDE"]


def test_events_accused_of_facilitating_attacks_keeps_them_unattributed(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "The White House has accused Tehran of facilitating the "
                               "attacks on US forces in Iraq.")
    attacks = [e for e in events if e["type"] == "ASSAULT"]
    assert attacks and attacks[0]["actor"] == []


# (text, type, trigger word, an actor country, a recipient country): a country must be among
# the event's actors' or recipients'; "" says no actor has a country; None is not checked.
PARTICIPANT_COUNTRIES = [
    # Whose people: a complement, a possessive pronoun, a homeland.
    ("Doctors from two Canadian charities donated medicine to a hospital in Gaza.", "AID",
     "donated", "CAN", "PSE"),
    ("Activists from the Awami League staged rallies against the president.", "PROTEST",
     "rallies", "BGD", None),
    ("Workers affiliated with the Kenyan teachers' union stopped work on Monday.", "PROTEST",
     "work", "KEN", None),
    ("Militants loyal to Pakistan's Taliban commander said they attacked the checkpoint.",
     "ASSAULT", "attacked", "PAK", None),
    ("Croatian Serbs said their forces had completed their withdrawal from the town.",
     "RETREAT", "withdrawal", "HRV", None),
    ("Ethnic Hungarians in Romania are demanding autonomy.", "REQUEST", "demanding", "ROU",
     None),
    ("Up to 200 ethnic Russians demonstrated on Sunday in Estonia.", "PROTEST", "demonstrated",
     "EST", None),
    ("Russian troops in Ukraine shelled the city.", "ASSAULT", "shelled", "RUS", None),
    ("One third of ethnic Albanian guerrillas operating in Macedonia have been demobilized.",
     "RETREAT", "demobilized", "MKD", None),
    ("Serb forces carried out ethnic cleansing in Montenegro against the Albanian "
     "population.", "ASSAULT", "cleansing", "SRB", "MNE"),
    # Unnamed locals protest where they are and victims are of where they were hit (ACLED's
    # "Protesters (Kenya)", "Civilians (Israel)").
    ("Hundreds of people blocked streets in Nairobi on Monday.", "PROTEST", "blocked", "KEN",
     None),
    ("Prisoners rioted at a jail in Dili.", "PROTEST", "rioted", "TLS", None),
    ("Two suicide bombers killed 23 people as well as themselves when they blew themselves "
     "up in Tel Aviv.", "ASSAULT", "killed", None, "ISR"),
    ("Police arrested 52 protesters in Nairobi.", "COERCE", "arrested", None, "KEN"),
    ("An anti-Syria journalist was killed in Beirut.", "ASSAULT", "killed", "", "LBN"),
    ("Thousands joined anti-American protests in Karachi.", "PROTEST", "protests", "", "USA"),
    # Arrests and charges with no one named are the state's where they happen (and Moscow
    # is not its namesake in Idaho because the people arrested are American).
    ("Two American journalists were arrested in Moscow on Friday.", "COERCE", "arrested",
     "RUS", "USA"),
    ("A French national has been put under investigation in Morocco.", "ACCUSE",
     "investigation", "MAR", "FRA"),
    # Groups and parties the actor table knows; allies and peacekeepers.
    ("The LTTE political wing refused to attend the talks in Oslo.", "REJECT", "refused",
     "LKA", None),
    ("Gunmen killed the commander of Iran's militia ally in eastern Syria.", "ASSAULT",
     "killed", "", "SYR"),
    ("The rebels opposed the deployment of a regional peacekeeping force.", "REJECT",
     "opposed", None, "IGO"),
    ("The UN deployed peacekeepers to South Sudan.", "AID", "deployed", "UNO", "SSD"),
    ("The first deployment of African Union peacekeeping troops arrived in Chad.", "AID",
     "deployment", "IGO", "TCD"),
    # Stances, passives, shared subjects and a speaker's forces.
    ("Israel is opposed to French mediation in its negotiations with Lebanon.", "REJECT",
     "opposed", "ISR", "FRA"),
    ("Peru's interior minister has been charged with corruption and will resign.", "RETREAT",
     "resign", "PER", None),
    ("A Chinese official offered concessions last month that US negotiator Paul Smith believed"
     " could lead to an agreement on tariffs.", "AGREE", "offered", "CHN", None),
    ("Serb forces were engaged in ethnic cleansing in Kosovo.", "ASSAULT", "cleansing", "SRB",
     None),
    ("Egypt's interior minister warned that police will no longer tolerate rallies by the "
     "opposition.", "THREATEN", "tolerate", "EGY", None),
    ("China will not tolerate foreign interference in Hong Kong.", "THREATEN", "tolerate",
     "CHN", None),
    # Places named with a direction of their own, provinces, a city two countries have.
    ("Britain outlawed the largest loyalist group in Northern Ireland.", "COERCE", "outlawed",
     "GBR", "GBR"),
    ("The government of Sindh province ordered patrols by police.", "MOBILIZE", "patrols",
     "PAK", None),
    ("Syrian officers ended mediation between rival militias in Tripoli as shells crashed "
     "into the north Lebanese port.", "SANCTION", "ended", "SYR", "LBN"),
    # A grievance targets whom it is about, not whom it is addressed to.
    ("Lebanon complained to the United Nations over two Israeli air raids.", "ACCUSE",
     "complained", "LBN", "ISR"),
    ("Thousands of workers began a strike over a pay bill signed by the Serbian labour "
     "minister.", "PROTEST", "strike", "", "SRB"),
    ("Thousands blocked streets in Hong Kong in defiance of Chinese authorities.", "PROTEST",
     "blocked", None, "CHN"),
    ("Demonstrators in Basra blocked a road to show their disapproval for the United States' "
     "policies.", "PROTEST", "blocked", "IRQ", "USA"),
    ("Bosnian police launched an investigation into alleged crimes committed by Croat "
     "forces.", "ACCUSE", "investigation", "BIH", "HRV"),
    # Targets the parser hangs elsewhere, who is not allowed, whom help is for.
    ("Peru has granted asylum to five Panamanian officers holed up in its embassy.", "AID",
     "granted", "PER", "PAN"),
    ("France demanded that its European Union partners reject the deal.", "REQUEST",
     "demanded", "FRA", "EUR"),
    ("The rebels refused to allow United Nations planes to land and evacuate its observers.",
     "REJECT", "refused", None, "UNO"),
    ("The UN has sent 12 experts to Haiti to investigate the killings.", "ACCUSE",
     "investigate", "UNO", "HTI"),
    ("Poland is willing to send equipment to help defend Lithuania.", "AGREE", "send", "POL",
     "LTU"),
    ("The IAEA has dispatched inspectors to Fordow Fuel Enrichment Plant (FFEP) in central "
     "Iran to monitor the work.", "ACCUSE", "dispatched", "UNO", "IRN"),
    # Violence: what it hit, its victims, weapons that name no one, gunfire.
    ("A Syrian detainee died as a result of torture in custody.", "ASSAULT", "torture", "",
     "SYR"),
    ("Israeli air strikes hit Gaza.", "ASSAULT", "air strikes", "ISR", "PSE"),
    ("A roadside bombing near Samarra killed one U.S. soldier.", "ASSAULT", "bombing", "",
     "USA"),
    ("Vietnamese forces launched artillery, mortar and rocket fire against Kampuchean "
     "guerrilla camps.", "ASSAULT", "fire", "VNM", "KHM"),
    ("Hezbollah rockets hit northern Israel.", "ASSAULT", "hit", "LBN", "ISR"),
    ("Hamas rocket fire killed two Israelis.", "ASSAULT", "rocket fire", "PSE", "ISR"),
    # Emergency rule restricts.
    ("Ethiopia declared a state of emergency.", "COERCE", "state of emergency", "ETH", None),
    ("Thailand imposed martial law in the south.", "COERCE", "martial law", "THA", None),
]


@pytest.mark.parametrize(("text", "etype", "trigger", "actor", "recipient"),
                         PARTICIPANT_COUNTRIES)
def test_events_participant_countries(pipeline: Pipeline, text: str, etype: str,
                                      trigger: str, actor: str | None,
                                      recipient: str | None) -> None:
    events = [e for e in _events(pipeline, text)
              if e["type"] == etype and trigger in e["trigger"]["text"]]
    assert events, _events(pipeline, text)
    actors = {p["country"] for p in events[0]["actor"] if p["country"]}
    if actor is not None:
        assert actor in actors if actor else not actors
    if recipient is not None:
        assert recipient in {p["country"] for p in events[0]["recipient"]}


def test_events_labour_strike_is_a_protest_and_an_air_strike_is_not(
        pipeline: Pipeline) -> None:
    assert [e["type"] for e in _events(pipeline, "Teachers went on strike in Nairobi.")] \
        == ["PROTEST"]
    assert [e["type"] for e in _events(
        pipeline, "The US military carried out a strike on a militia base in Syria.")] \
        == ["ASSAULT"]


def test_events_those_killed_in_riots_are_not_the_protest_target(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Ethnic Albanians demonstrated on Tuesday in Serbia, where "
                               "24 people were killed in riots last March.")
    protest = next(e for e in events if e["type"] == "PROTEST")
    assert protest["recipient"] == []


def test_events_tolerating_is_no_event(pipeline: Pipeline) -> None:
    assert _events(pipeline, "The school tolerates phones in class.") == []


def test_events_violence_in_a_place_is_not_the_states(pipeline: Pipeline) -> None:
    events = _events(pipeline, "The mayor was attacked in Kabul.")
    assert events and events[0]["actor"] == []


def test_events_place_of_an_occasion_is_no_target_and_strikes_of_days_are_attacks(
        pipeline: Pipeline) -> None:
    events = _events(pipeline, "Bill Clinton criticized the health law as a crazy system "
                               "during a campaign stop in Flint, Mich.")
    assert events and events[0]["recipient"] == []
    events = _events(pipeline, "These are the jihadist strikes of the last 30 days.")
    assert [e["type"] for e in events] == ["ASSAULT"]
