"""The access log's hash chain shows an edited, deleted, reordered or cut record."""

from aoai_logpipe.core import accesschain


def log(n=4):
    records, head = [], None
    for i in range(n):
        head = accesschain.chain(accesschain.entry(time=f"2026-10-0{i + 1}T00:00:00Z", principal="ana@host",
                                                   command="audit search", filters={"user": f"u{i}"},
                                                   ids=[f"req-{i}"]), head)
        records.append(head)
    return records


def test_an_untouched_chain_verifies():
    records = log()
    assert [r["seq"] for r in records] == [1, 2, 3, 4] and records[0]["prev"] == accesschain.GENESIS
    assert accesschain.verify(records) == []
    assert accesschain.verify(records, (4, records[-1]["hash"])) == []


def test_an_edited_record_is_detected():
    records = log()
    records[1] = {**records[1], "result_count": 0}
    assert [(p.seq, "edited" in p.what) for p in accesschain.verify(records)] == [(2, True)]


def test_a_rehashed_edit_breaks_the_next_link():
    records = log()
    forged = {**records[1], "principal": "someone else"}
    records[1] = {**forged, "hash": accesschain.digest(forged)}
    assert [p.seq for p in accesschain.verify(records)] == [3]


def test_a_deleted_record_is_detected():
    records = log()
    del records[1]
    problems = accesschain.verify(records)
    assert problems and problems[0].seq == 3 and "missing" in problems[0].what


def test_a_cut_at_the_end_shows_against_a_noted_head():
    records = log()
    head = (4, records[-1]["hash"])
    assert accesschain.verify(records[:3]) == []  # the chain alone cannot tell
    assert [p.seq for p in accesschain.verify(records[:3], head)] == [4]


def test_ids_beyond_the_limit_are_kept_as_a_digest():
    ids = [f"req-{i}" for i in range(accesschain.MAX_IDS + 5)]
    record = accesschain.entry(time="t", principal="p", command="audit export", filters={}, ids=ids)
    assert record["result_count"] == len(ids) and len(record["result_ids"]) == accesschain.MAX_IDS
    assert record["ids_truncated"] and record["ids_sha256"] == accesschain.ids_digest(ids)
