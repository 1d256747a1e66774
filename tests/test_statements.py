"""Statements: direct, indirect and mixed attributions with resolved speakers."""

from __future__ import annotations

from typing import Any

import pytest

from wirecoder import Article, Pipeline
from wirecoder.statements import find_quotes


def _code(pipeline: Pipeline, text: str) -> dict[str, Any]:
    return pipeline(Article(id="t", text=text, published="2023-10-30"))


def _parts(record: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(cue, speaker, content) of each statement, in order."""
    return [(s["cue"]["text"], s["speaker"]["text"], s["content"]["text"])
            for s in record["statements"]]


def _speaker_name(record: dict[str, Any], st: dict[str, Any]) -> str | None:
    ents = {e["id"]: e["name"] for e in record["entities"]}
    return ents.get(st["speaker"]["entity"])


@pytest.mark.parametrize(("text", "speaker", "cue", "kind", "content"), [
    ('"We will respond," the minister said.', "the minister", "said", "direct",
     '"We will respond,"'),
    ('The minister said: "We will respond to any attack."', "The minister", "said", "direct",
     '"We will respond to any attack."'),
    ("Iran said on Monday that it would respond.", "Iran", "said", "indirect",
     "that it would respond"),
    ('Israel said the strikes were "a warning".', "Israel", "said", "mixed",
     'the strikes were "a warning"'),
    ("According to the Kenya Medical Association, five doctors were killed.",
     "the Kenya Medical Association", "According to", "indirect",
     "five doctors were killed"),
    ("The United Nations urged both sides to stop the fighting.", "The United Nations",
     "urged", "indirect", "both sides to stop the fighting"),
    ("The White House has accused Tehran of facilitating the attacks.", "The White House",
     "accused", "indirect", "Tehran of facilitating the attacks"),
    ("Hamas denied any involvement in the bombing.", "Hamas", "denied", "indirect",
     "any involvement in the bombing"),
    ("Kenya's health minister says the outbreak is under control.",
     "Kenya's health minister", "says", "indirect", "the outbreak is under control"),
    ("Officials warned that the dam could burst.", "Officials", "warned", "indirect",
     "that the dam could burst"),
    # An unfamiliar name after an inverted cue, which the small model tags as an adverb.
    ("“Having access to the RNC file is valuable,” said Skelly.", "Skelly", "said", "direct",
     "“Having access to the RNC file is valuable,”"),
    # A whole quoted utterance, then the reporter's narration: the content is the quote.
    ("Canova wrote “It’s time to end her political career for good,” and shared a link.",
     "Canova", "wrote", "direct", "“It’s time to end her political career for good,”"),
    # A quote signed on the next line, as fact-checks print debate lines.
    ('"I helped write that bill."\n\n- Bernie Sanders.', "Bernie Sanders", "-", "direct",
     '"I helped write that bill."'),
    # Readers' answers printed one per line, each signed with the quotation dash.
    ("“Nobody asked us what we needed this winter.”\u00a0―\u00a0Carla Sanchez\u00a0\n"
     "“The shelters were full by noon.” ― Jorge Falcon", "Carla Sanchez", "―", "direct",
     "“Nobody asked us what we needed this winter.”"),
    # A short sentence of speaker and verb introduces the quote after it.
    ('Dianne Bystrom agreed. "Mainstream Republicans are running out of time."',
     "Dianne Bystrom", "agreed", "direct", '"Mainstream Republicans are running out of time."'),
    # A participle the parser hung on the quote: the clause before it names the speaker.
    ("Band member Flea shared the news last week, writing “Feels great to support him.”",
     "Band member Flea", "writing", "direct", "“Feels great to support him.”"),
    ("Clinton seemed ready to riff on it, telling the crowd, “Some people get carried away.”",
     "Clinton", "telling", "direct", "“Some people get carried away.”"),
    # A colon, then the statement in the next paragraph.
    ("Donald Trump issued the following statement:\n\n“Our prayers are with all those "
     "affected.”", "Donald Trump", "issued", "direct",
     "“Our prayers are with all those affected.”"),
    ("Trump issued a statement, “Our nation was attacked by a terrorist.”", "Trump", "issued",
     "direct", "“Our nation was attacked by a terrorist.”"),
    ("She went on: \"It's like calling anybody except the plumber.\"", "She", "went on",
     "direct", "\"It's like calling anybody except the plumber.\""),
    ("Article 33 affirms: “No State shall expel a refugee to the frontiers.”", "Article 33",
     "affirms", "direct", "“No State shall expel a refugee to the frontiers.”"),
    ('As the prosecutor Marc Trevidic put it, "there was not much to complain about."',
     "the prosecutor Marc Trevidic", "put", "direct",
     '"there was not much to complain about."'),
    # A listener cue right after the quote: its object is the one who asked.
    ("“How big is that wall?” asked the boy, as the audience laughed.", "the boy", "asked",
     "direct", "“How big is that wall?”"),
    # A "not" inside the quote does not negate the cue.
    ('"Absolutely not," he said of the possibility.', "he", "said", "direct",
     '"Absolutely not,"'),
    # Words of one word count when a cue follows them.
    ('"Savage," she said.', "she", "said", "direct", '"Savage,"'),
    ('Lau said in a statement. “There are no paper ballots to recount.”', "Lau", "said",
     "direct", "“There are no paper ballots to recount.”"),
    ('Clinton followed that by saying, "I am not a natural politician."', "Clinton", "saying",
     "direct", '"I am not a natural politician."'),
    # A quote glued to the comma of its cue.
    ("Ryan said,“Look, such images have no place in a campaign.”", "Ryan", "said", "direct",
     "“Look, such images have no place in a campaign.”"),
])
def test_statements_forms(pipeline: Pipeline, text: str, speaker: str, cue: str, kind: str,
                          content: str) -> None:
    record = _code(pipeline, text)
    matches = [s for s in record["statements"] if s["cue"]["text"] == cue]
    assert matches, record["statements"]
    st = matches[0]
    assert st["speaker"]["text"] == speaker
    assert st["kind"] == kind
    assert st["content"]["text"] == content


def test_statements_split_quote_shares_cue_and_speaker(pipeline: Pipeline) -> None:
    text = ('Nasser Kanani is the foreign ministry spokesperson.\n'
            '"The attacks will stop," Kanani said. "But only if the bombing ends."')
    record = _code(pipeline, text)
    parts = [s for s in record["statements"] if s["cue"]["text"] == "said"]
    assert [p["content"]["text"] for p in parts] == ['"The attacks will stop,"',
                                                     '"But only if the bombing ends."']
    assert {_speaker_name(record, p) for p in parts} == {"Nasser Kanani"}


@pytest.mark.parametrize(("text", "parts"), [
    # A cue-less quoted paragraph joins the attributed quote paragraph after it.
    ("Viguerie is upbeat about his chances.\n\n“Not only can Cruz win, he is the one with "
     "the best chance.”\n\n“He may be the only one,” Viguerie notes.",
     [("notes", "Viguerie", "“Not only can Cruz win, he is the one with the best chance.”"),
      ("notes", "Viguerie", "“He may be the only one,”")]),
    # A speaker's second cue has a statement of its own.
    ('Suu Kyi, 70, said it was too early to congratulate winners but added, "I think you '
     'all have an idea of the results."',
     [("said", "Suu Kyi", "it was too early to congratulate winners"),
      ("added", "Suu Kyi", '"I think you all have an idea of the results."')]),
])
def test_statements_parts(pipeline: Pipeline, text: str,
                          parts: list[tuple[str, str, str]]) -> None:
    assert _parts(_code(pipeline, text)) == parts


def test_statements_quote_after_a_colon_with_its_own_cue(pipeline: Pipeline) -> None:
    text = ("Trump asserted that France had lost its identity: “France is no longer France,” "
            "he claimed.")
    record = _code(pipeline, text)
    assert [(s["cue"]["text"], s["content"]["text"]) for s in record["statements"]] == [
        ("asserted", "that France had lost its identity"),
        ("claimed", "“France is no longer France,”")]


def test_statements_cue_after_a_quote_reports_all_of_it(pipeline: Pipeline) -> None:
    text = ("“We have concerns and there have to be some things we come together on. Let’s "
            "not go into a chaos theory; that never goes well,” Beck said.")
    record = _code(pipeline, text)
    assert [(s["speaker"]["text"], s["content"]["text"]) for s in record["statements"]] == [
        ("Beck", text[:text.index(" Beck")])]


def test_statements_quote_after_a_reported_clause_goes_on_with_its_cue(
        pipeline: Pipeline) -> None:
    text = ('"It is clear that he did not fight for it," Christie said, adding that he had '
            'fought for bills as governor. "A leader must fight for what they believe in."')
    record = _code(pipeline, text)
    assert [s["cue"]["text"] for s in record["statements"]] == ["said", "adding", "adding"]


def test_statements_quoted_paragraph_after_a_reported_paragraph(pipeline: Pipeline) -> None:
    text = ("Reid said the party should brace for an unpredictable election.\n\n"
            "“Never, ever underestimate Trump. No one should do that.”")
    record = _code(pipeline, text)
    assert [(s["speaker"]["text"], s["kind"]) for s in record["statements"]] == [
        ("Reid", "indirect"), ("Reid", "direct")]


def test_statements_quoted_paragraph_after_narration_is_not_continued(
        pipeline: Pipeline) -> None:
    text = ("“We will win,” Smith said.\n\nThe campaign has struggled in the polls since "
            "March.\n\n“Nobody saw this coming in the spring of last year.”")
    record = _code(pipeline, text)
    assert [s["content"]["text"] for s in record["statements"]] == ["“We will win,”"]


def test_statements_split_quote_across_a_quoted_title(pipeline: Pipeline) -> None:
    text = ("“I was sitting in a house in Florida,” Trump told NBC’s “Today” on Monday. "
            "“I could hardly hear what he was saying.”")
    record = _code(pipeline, text)
    assert [(s["cue"]["text"], s["speaker"]["text"]) for s in record["statements"]] == [
        ("told", "Trump"), ("told", "Trump")]


def test_statements_whole_quoted_sentence_before_a_cue_with_its_own_clause(
        pipeline: Pipeline) -> None:
    text = ("''Our jobs are being sucked out,'' Mr. Trump said. ''Jobs are my wheelhouse.'' "
            "He said, twice, that he was going back to work.")
    record = _code(pipeline, text)
    second = next(s for s in record["statements"] if "wheelhouse" in s["content"]["text"])
    assert second["speaker"]["text"] == "Mr. Trump"


def test_statements_quoted_show_name_is_not_the_rest_of_the_quote(pipeline: Pipeline) -> None:
    text = ("''Jobs, jobs, jobs,'' Mrs. Clinton said on ''The Late Show With Stephen "
            "Colbert'' last month. ''Nobody did it better, and I want his advice.''")
    record = _code(pipeline, text)
    contents = [s["content"]["text"] for s in record["statements"]]
    assert not any("Late Show" in c for c in contents)
    assert any("Nobody did it better" in c for c in contents)


def test_statements_name_with_apposition_between_quote_and_cue(pipeline: Pipeline) -> None:
    text = ("Blackwell endorsed Cruz last week.\n\n“Yes, I support Ted Cruz,” Brent Bozell "
            "III, founder of the Media Research Center, tells Breitbart News.")
    record = _code(pipeline, text)
    (st,) = [s for s in record["statements"] if "I support" in s["content"]["text"]]
    assert st["speaker"]["text"] == "Brent Bozell III"  # not Breitbart News, the listener


def test_statements_quote_parsed_as_clause_of_the_speaker(pipeline: Pipeline) -> None:
    # The parser hangs the quote on "Sarandon"; "when asked" is not a second statement.
    text = ("“That’s a legitimate concern, because they’re very passionate,” Sarandon, 69, "
            "told MSNBC Monday when asked about concerns that Sanders’s supporters would not "
            "support Clinton.")
    record = _code(pipeline, text)
    assert [(s["cue"]["text"], s["speaker"]["text"]) for s in record["statements"]] == [
        ("told", "Sarandon")]


def test_statements_cue_before_colon_is_one_statement(pipeline: Pipeline) -> None:
    record = _code(pipeline, 'Clinton responded: "What difference does it make?"')
    assert [(s["cue"]["text"], s["speaker"]["text"]) for s in record["statements"]] == [
        ("responded", "Clinton")]


def test_statements_pronoun_and_nominal_speakers(pipeline: Pipeline) -> None:
    text = ("Iran's foreign ministry spokesperson Nasser Kanani spoke to reporters. "
            "He said the talks had failed. The spokesperson added that Tehran would wait.")
    record = _code(pipeline, text)
    by_cue = {s["cue"]["text"]: s for s in record["statements"]}
    assert _speaker_name(record, by_cue["said"]) == "Nasser Kanani"
    assert _speaker_name(record, by_cue["added"]) == "Nasser Kanani"
    assert by_cue["said"]["speaker"]["text"] == "He"


def test_statements_negated_reporting_is_not_a_statement(pipeline: Pipeline) -> None:
    text = ("The ministry did not say whether troops had crossed the border. "
            "A spokesman declined to comment on the strike.")
    assert _code(pipeline, text)["statements"] == []


def test_statements_date_from_cue(pipeline: Pipeline) -> None:
    record = _code(pipeline, "On Thursday, the US military said it had struck two sites.")
    [st] = record["statements"]
    assert st["date"] == "2023-10-26"
    record = _code(pipeline, "The army said it struck the sites on Thursday.")
    [st] = record["statements"]
    assert st["date"] is None  # the day belongs to the strike, not the statement


def test_statements_nothing_from_excluded_regions(pipeline: Pipeline) -> None:
    text = ('The minister said the border was closed.\n'
            '"We said the border is open," the agency wrote pic.twitter.com/xyz\n'
            '— Some Agency (@agency) March 3, 2024\n')
    record = _code(pipeline, text)
    assert [s["cue"]["text"] for s in record["statements"]] == ["said"]


@pytest.mark.parametrize(("text", "quotes"), [
    ('He said "yes" and left.', ['"yes"']),
    ("“One,” he said. “Two.”", ["“One,”", "“Two.”"]),
    ('“First paragraph.\n“Second paragraph.”', ["“First paragraph.\n“Second paragraph.”"]),
    ('It\'s "open\n', ['"open']),
    ("\"brain,' \" said Fiorina", ["\"brain,' \""]),
    ('"There was no help, said Kessel, whose group helps.', ['"There was no help,']),
    ("He said ''Time's up,'' and left.", ["''Time's up,''"]),
    # An opening mark typed where the closing one belongs.
    ("“It's unusual,“ he said.", ["“It's unusual,“"]),
])
def test_statements_find_quotes(text: str, quotes: list[str]) -> None:
    assert [text[s:e] for s, e in find_quotes(text)] == quotes


def test_statements_seed_required(seed_record: dict[str, Any],
                                  seed_expected: dict[str, Any]) -> None:
    ents = {e["id"]: e for e in seed_record["entities"]}
    for want in seed_expected["required"]["statements"]:
        found = [s for s in seed_record["statements"]
                 if want["content_contains"].lower() in s["content"]["text"].lower()]
        assert found, f"missing statement: {want['content_contains']}"
        st = found[0]
        speaker = ents.get(st["speaker"]["entity"], {})
        assert want["speaker"].lower() in speaker.get("name", "").lower(), (want, st)
        assert st["cue"]["text"] == want["cue"]
        if "speaker_text" in want:
            assert st["speaker"]["text"] == want["speaker_text"]
        if "kind" in want:
            assert st["kind"] == want["kind"], (want, st)
        if "date" in want:
            assert st["date"] == want["date"], (want, st)


def test_statements_seed_forbidden(seed_record: dict[str, Any],
                                   seed_expected: dict[str, Any]) -> None:
    for bad in seed_expected["forbidden"]["statements"]:
        assert not any(bad["content_contains"] in s["content"]["text"]
                       for s in seed_record["statements"])
