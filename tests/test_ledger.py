import pytest

from llm_napkin import ledger


def test_claim_keys_are_unique_and_name_their_topic():
    keys = [c.key for c in ledger.claims()]
    assert len(keys) == len(set(keys))
    for topic in ledger.TOPICS:
        assert all(c.topic == topic.key for c in ledger.claims(topic.key))


def test_counts_add_up_over_the_fixed_scale():
    assert list(ledger.counts()) == list(ledger.VERDICTS)
    assert sum(ledger.counts().values()) == len(ledger.claims())
    assert sum(sum(ledger.counts(t.key).values()) for t in ledger.TOPICS) == len(ledger.claims())


def test_a_written_chapter_checks_every_claim_of_its_topic():
    for topic in ledger.TOPICS:
        if topic.chapter:
            assert ledger.counts(topic.key)["not yet checked"] == 0, topic.key


def test_every_checked_claim_has_a_finding_and_a_source():
    for claim in ledger.claims():
        assert claim.sources
        if claim.verdict != "not yet checked":
            assert claim.finding_text().strip()


@pytest.mark.parametrize("bad, message", [
    (lambda: ledger.Claim("x.y", "a claim", "mostly true", "finding"), "verdict"),
    (lambda: ledger.Claim("x.y", "a claim", "holds"), "no finding"),
    (lambda: ledger.claims("tokenizers"), "topic"),
])
def test_bad_input_names_what_is_accepted(bad, message):
    with pytest.raises(ValueError, match=message):
        bad()


def test_table_escapes_pipes_and_bolds_verdicts():
    text = ledger.table_markdown("batching")
    assert text.startswith("| the lecture says | what the book finds | verdict |")
    assert text.count("\n") == len(ledger.claims("batching")) + 1
