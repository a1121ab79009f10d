"""Scale: partitions on local processes, executors and Dask; form letters; adding runs.

Every way of running the passes must give the result of one plain run. Small inputs
are cut into several partitions by lowering ``provenance.engine.PARTITION_CHARS``,
which ``run_passes`` reads at call time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import provenance
import provenance.engine
from provenance import ProvenanceError, attribute, load_run
from provenance.store import open_store, save_result

NAP = Path(__file__).parents[1] / "corpus" / "nap-en"
DRAFT = NAP / "draft.txt"
FINAL = NAP / "final.txt"
FILES = sorted((NAP / "submissions").iterdir())
SMALL_PARTITION = 2000  # characters: the corpus's ~70 KB of submissions make many partitions
DASK_PARTITION = 8000  # fewer on Dask, where each costs a round trip


def canonical(result: provenance.AttributionResult | dict) -> str:
    data = result if isinstance(result, dict) else result.to_dict()
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def links(result: provenance.AttributionResult) -> list[dict]:
    """The links as credit: without their ids, which number them within their own run."""
    return [_credit(link) for link in result.links]


def _credit(link: provenance.Link) -> dict:
    row = link.as_dict()
    del row["id"], row["ask_id"]
    return row


def _dask():
    """``dask.distributed``; missing, it skips the test, or fails it on CI."""
    try:
        import dask.distributed
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("dask[distributed] must be installed on CI")
        pytest.skip("needs dask[distributed]")
    return dask.distributed


run = run_cli


@pytest.fixture(scope="module")
def full() -> provenance.AttributionResult:
    """One run over all submissions, in this process, in one partition."""
    return attribute(DRAFT, FINAL, FILES)


@pytest.fixture
def small_partitions(monkeypatch) -> list[int]:
    """Cut the submissions into many partitions; the list gets each run's partition count.

    The count is that of the frequency pass's submissions to the workers, which are only
    made (through ``workers_for``) when there is more than one partition.
    """
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", SMALL_PARTITION)
    counts: list[int] = []
    real = provenance.engine.workers_for

    def spy(plan, **kwargs):
        workers = real(plan, **kwargs)
        submit = workers.submit
        counts.append(0)

        def counted(fn, partition):
            if fn is provenance.engine.frequency_pass:
                counts[-1] += 1
            return submit(fn, partition)

        workers.submit = counted
        return workers

    monkeypatch.setattr(provenance.engine, "workers_for", spy)
    return counts


def test_corpus_is_bigger_than_a_small_partition():
    assert sum(len(p.read_text(encoding="utf-8")) for p in FILES) > 10 * SMALL_PARTITION


# --- local workers ------------------------------------------------------------------


def test_null_case_one_partition_uses_no_workers(small_partitions, monkeypatch, full):
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", 10**9)
    result = attribute(DRAFT, FINAL, FILES, jobs=2)
    assert small_partitions == []
    assert canonical(result) == canonical(full)


def test_jobs_with_many_partitions_gives_the_plain_result(small_partitions, full):
    result = attribute(DRAFT, FINAL, FILES, jobs=2)
    assert len(small_partitions) == 1 and small_partitions[0] > 10
    assert result.links  # the comparison is not between two empty results
    assert canonical(result) == canonical(full)
    assert result.processed == full.processed == len(FILES)


def test_thread_executor_gives_the_plain_result(small_partitions, full):
    with ThreadPoolExecutor(2) as executor:
        result = attribute(DRAFT, FINAL, FILES, executor=executor)
    assert len(small_partitions) == 1 and small_partitions[0] > 10
    assert canonical(result) == canonical(full)


# --- form letters -------------------------------------------------------------------


def _by_submission(result: provenance.AttributionResult) -> dict[str, list[dict]]:
    """Each submission's links, without the ids, so that copies compare equal."""
    found: dict[str, list[dict]] = {s.id: [] for s in result.submissions}
    for link in result.links:
        row = _credit(link)
        del row["submission_id"]
        found[link.submission_id].append(row)
    return found


@pytest.mark.parametrize("partitioned", [False, True])
def test_copies_of_a_letter_are_each_credited(partitioned, monkeypatch, full):
    if partitioned:
        monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", SMALL_PARTITION)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in FILES}
    adopted = [s["id"] for s in full.summary() if s["adopted"]]
    copied = adopted[:3]
    subs = {**texts, **{f"copy/{k}": texts[k] for k in copied}}
    with ThreadPoolExecutor(2) as executor:
        result = attribute(DRAFT, FINAL, subs, executor=executor)
    found = _by_submission(result)
    for k in copied:
        assert found[k] and found[f"copy/{k}"] == found[k]
    assert result.processed == len(texts)  # the copies were not matched again
    originals = [link for link in links(result) if not link["submission_id"].startswith("copy/")]
    assert originals == links(full)


def test_fifty_form_letters_and_one_other(full):
    letter_id = next(s["id"] for s in full.summary() if s["adopted"])
    letter = (NAP / "submissions" / f"{letter_id}.txt").read_text(encoding="utf-8")
    other = "We have no comment on the plan, only thanks for the consultation."
    subs = {f"form/{i:02}": letter for i in range(50)}
    subs["other"] = other
    result = attribute(DRAFT, FINAL, subs)
    single = _by_submission(attribute(DRAFT, FINAL, {"form/00": letter}))["form/00"]
    assert single
    found = _by_submission(result)
    assert all(found[f"form/{i:02}"] == single for i in range(50))
    assert found["other"] == []
    assert result.processed == 2
    assert len(result.links) == 50 * len(single)


# --- adding submissions to a run ------------------------------------------------------


def test_adding_submissions_equals_a_full_run(full):
    first = attribute(DRAFT, FINAL, FILES[:10])
    second = attribute(DRAFT, FINAL, FILES[10:], previous=first)
    assert canonical(second) == canonical(full)
    assert second.processed == len(FILES) - 10
    assert first.processed == 10


def test_adding_one_text_shares_the_rematching_of_earlier_ones(small_partitions, monkeypatch, full):
    """One new text is one partition, matched here; but the earlier texts that hold new
    wording are matched again (the weights changed), and they go to the workers."""
    first = attribute(DRAFT, FINAL, FILES[:-1])
    last = FILES[-1].read_text(encoding="utf-8")
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", len(last) + 1)
    small_partitions.clear()
    second = attribute(DRAFT, FINAL, FILES[-1:], jobs=2, previous=first)
    assert small_partitions == [0]  # workers made for pass 2 only
    assert canonical(second) == canonical(full)


def test_adding_again_what_the_run_had_matches_nothing(full):
    first = attribute(DRAFT, FINAL, FILES)
    second = attribute(DRAFT, FINAL, FILES, previous=first)
    assert canonical(second) == canonical(full)
    assert second.processed == 0


def test_adding_to_a_run_on_another_final_is_refused():
    first = attribute(DRAFT, FINAL, FILES[:3])
    other_final = FINAL.read_text(encoding="utf-8") + "\n\nA commitment added at the end.\n"
    with pytest.raises(ProvenanceError, match="another draft or final"):
        attribute(DRAFT, other_final, FILES[3:6], previous=first)


def test_a_changed_text_under_a_known_id_is_skipped():
    first = attribute(DRAFT, FINAL, FILES[:5])
    changed = FILES[0].stem
    second = attribute(
        DRAFT,
        FINAL,
        {changed: "A new version of the letter.", "late": "Thank you."},
        previous=first,
    )
    assert [s.id for s in second.submissions] == [*(p.stem for p in FILES[:5]), "late"]
    assert [s.path for s in second.skipped] == [changed]
    assert "earlier run with another text" in second.skipped[0].reason
    assert second.submissions[0].document.text == first.submissions[0].document.text
    assert links(second) == links(first)


def test_adding_to_a_stored_run_equals_a_full_run(tmp_path, full):
    path = tmp_path / "runs.db"
    with open_store(path) as db:
        save_result(db, attribute(DRAFT, FINAL, FILES[:12]))
    with open_store(path) as db:
        earlier = load_run(db)
    assert earlier.state is not None
    second = attribute(DRAFT, FINAL, FILES[12:], previous=earlier)
    assert canonical(second) == canonical(full)
    assert second.processed == len(FILES) - 12


def test_adding_twice_through_the_store_equals_a_full_run(tmp_path, full):
    """The second addition builds on state that the first one left, not the first run."""
    path = tmp_path / "runs.db"
    earlier = None
    for part in (FILES[:8], FILES[8:16], FILES[16:]):
        result = attribute(DRAFT, FINAL, part, previous=earlier)
        assert result.processed == len(part)
        with open_store(path) as db:
            save_result(db, result)
            earlier = load_run(db, result.run_id)
    assert canonical(result) == canonical(full)
    with open_store(path) as db:
        assert db.table("run_states").count == 3


SMALL_DRAFT = "1. Publish budgets.\n\n2. Review data annually.\n\n3. Hold hearings."
SMALL_FINAL = (
    "1. Publish budgets.\n\n3. Hold hearings.\n\n"
    "4. The ministry shall publish all contracts within 30 days of signature.\n\n"
    "5. Every municipality will hold open hearings on its draft budget."
)
POOL = (
    "We ask that the ministry publish all contracts within 30 days.",
    "The ministry shall publish all contracts within 30 days of signature, we insist.",
    "Every municipality should hold open hearings on its draft budget.",
    "Contracts signed by the ministry must be published within 30 days.",
    "Please publish budgets. Thank you.",
    "Contracts and budgets matter; hearings on the draft budget in every municipality.",
    "We have nothing to add to the plan.",
    "Open every council meeting to the press.",
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=9), st.data())
def test_split_runs_equal_one_run(choices, data):
    """One run over all submissions equals a first run over some, added to in two steps."""
    subs = {f"s{i}": POOL[c] for i, c in enumerate(choices)}
    items = list(subs.items())
    cut = data.draw(st.integers(0, len(items)), label="cut")
    cut2 = data.draw(st.integers(cut, len(items)), label="second cut")
    whole = attribute(SMALL_DRAFT, SMALL_FINAL, subs)
    first = attribute(SMALL_DRAFT, SMALL_FINAL, dict(items[:cut]))
    added = attribute(SMALL_DRAFT, SMALL_FINAL, dict(items[cut:cut2]), previous=first)
    again = attribute(SMALL_DRAFT, SMALL_FINAL, dict(items[cut2:]), previous=added)
    assert links(again) == links(whole)
    assert again.summary() == whole.summary()
    earlier = {text for _, text in items[:cut2]}
    assert again.processed == len(set(subs.values()) - earlier)


def test_an_earlier_paraphrase_is_kept_when_adding():
    """Paraphrase matches are not made again for earlier texts: they come from the state."""
    paraphrase = {"p": POOL[5]}
    first = attribute(SMALL_DRAFT, SMALL_FINAL, paraphrase)
    assert [link.method for link in first.links] == ["semantic"]
    added = attribute(SMALL_DRAFT, SMALL_FINAL, {"q": POOL[6]}, previous=first)
    assert added.processed == 1
    assert links(added) == links(first)
    assert links(added) == links(attribute(SMALL_DRAFT, SMALL_FINAL, {**paraphrase, "q": POOL[6]}))


def test_a_sentence_proposed_whole_keeps_its_credit_through_the_store(tmp_path):
    """The hits of a whole new sentence are part of the saved state, like shingles."""
    draft = "1. Publish budgets.\n\n2. Ask residents what the main findings of the survey were.\n"
    final = "1. Publish budgets.\n\n2. Ask residents what the main findings were.\n"
    editor = {"editor": "Shorter: Ask residents what the main findings were. Thanks."}
    other = {"other": POOL[2]}
    first = attribute(draft, final, editor)
    assert [link.final.text for link in first.links] == [
        "Ask residents what the main findings were."
    ]
    path = tmp_path / "whole.db"
    first.save(path)
    with open_store(path) as db:
        added = attribute(draft, final, other, previous=load_run(db))
    assert added.processed == 1
    assert links(added) == links(attribute(draft, final, {**editor, **other}))


# --- the store ----------------------------------------------------------------------


def test_a_saved_run_has_one_state_row(tmp_path):
    result = attribute(DRAFT, FINAL, FILES[:4])
    path = tmp_path / "state.db"
    with open_store(path) as db:
        save_result(db, result)
        save_result(db, result)
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT run_id, state FROM run_states").fetchall()
    assert [r[0] for r in rows] == [result.run_id]
    assert json.loads(rows[0][1]) == json.loads(json.dumps(result.state.to_json()))


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def halves(tmp_path) -> tuple[Path, Path]:
    """The corpus submissions copied into two folders: the first 10 and the rest."""
    parts = tmp_path / "early", tmp_path / "late"
    for part, files in zip(parts, (FILES[:10], FILES[10:])):
        part.mkdir()
        for f in files:
            shutil.copy(f, part / f.name)
    return parts


def test_cli_jobs_does_not_change_the_output(small_partitions):
    base = ["attribute", str(DRAFT), str(FINAL), str(NAP / "submissions"), "--no-db"]
    one = run(*base, "--format", "json", "--jobs", "1")
    two = run(*base, "--format", "json", "--jobs", "2")
    assert one.exit_code == 0 and two.exit_code == 0
    assert len(small_partitions) == 2 and all(n > 10 for n in small_partitions)
    assert json.loads(one.stdout)["links"]
    assert json.loads(two.stdout) == json.loads(one.stdout)


def test_cli_add_to_latest(halves, tmp_path):
    early, late = halves
    db = str(tmp_path / "p.db")
    base = ["attribute", str(DRAFT), str(FINAL)]
    first = run(*base, str(early), "--db", db, "--jobs", "1")
    assert first.exit_code == 0
    added = run(*base, str(late), "--db", db, "--add-to", "latest", "--format", "json", "-j", "1")
    assert added.exit_code == 0, added.stderr
    whole = run(*base, str(early), str(late), "--no-db", "--format", "json", "--jobs", "1")
    assert json.loads(added.stdout)["links"] == json.loads(whole.stdout)["links"]
    assert f"added {len(FILES) - 10} submissions" in added.stderr
    assert f"matched {len(FILES) - 10} new texts" in added.stderr
    with open_store(db) as store:
        assert len(load_run(store).submissions) == len(FILES)


def test_cli_add_to_needs_a_db(halves):
    result = run("attribute", str(DRAFT), str(FINAL), str(halves[1]), "--no-db", "--add-to", "x")
    assert result.exit_code == 2
    assert "--add-to" in result.stderr


def test_cli_add_to_an_unknown_run(halves, tmp_path):
    db = str(tmp_path / "p.db")
    base = ["attribute", str(DRAFT), str(FINAL)]
    assert run(*base, str(halves[0]), "--db", db, "-j", "1", "-q").exit_code == 0
    result = run(*base, str(halves[1]), "--db", db, "--add-to", "nope")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nope" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_jsonl_table_gives_the_folder_links(tmp_path):
    table = tmp_path / "comments.jsonl"
    rows = [json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) for p in FILES]
    rows.insert(5, '{"id": "broken", "text": "no closing quote}')
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    base = ["attribute", str(DRAFT), str(FINAL), "--no-db", "--format", "json", "-j", "1"]
    from_table = json.loads(run(*base, str(table)).stdout)
    from_folder = json.loads(run(*base, str(NAP / "submissions")).stdout)
    assert from_table["links"] and from_table["links"] == from_folder["links"]
    assert [s["path"] for s in from_table["skipped"]] == [f"{table}#row=6"]
    assert len(from_table["inputs"]["submissions"]) == len(FILES)


def test_cli_unreachable_dask_scheduler_is_one_line(monkeypatch):
    distributed = _dask()

    class QuickClient(distributed.Client):
        """The CLI's client, waiting 1 s instead of its 10 s for the scheduler."""

        def __init__(self, address, **kwargs):
            super().__init__(address, **{**kwargs, "timeout": "1s"})

    monkeypatch.setattr(distributed, "Client", QuickClient)
    result = run(
        "attribute", str(DRAFT), str(FINAL), str(FILES[0]), "--no-db", "--dask", "tcp://127.0.0.1:9"
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "tcp://127.0.0.1:9" in lines[0] and "cannot reach" in lines[0]
    assert "Traceback" not in result.stderr


# --- Dask (last: its cluster lives until the end of the module) ----------------------


@pytest.fixture(scope="module")
def dask_client():
    distributed = _dask()
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # Even without a dashboard the scheduler serves HTTP, on 8787 unless told; when
        # that port is taken, Dask warns, and the warning fails the test.
        scheduler_kwargs={"dashboard_address": ":0"},
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_gives_the_plain_result(dask_client, small_partitions, full, monkeypatch, capsys):
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", DASK_PARTITION)
    with _dask().get_task_stream(client=dask_client) as stream:
        result = attribute(DRAFT, FINAL, FILES, client=dask_client)
    assert canonical(result) == canonical(full)
    assert links(result) == links(full) and links(result)
    assert len(small_partitions) == 1 and small_partitions[0] > 3
    names = [task["key"] for task in stream.data]
    ran = {name.split("-")[0] for name in names if isinstance(name, str)}
    assert {"frequency_pass", "match_pass"} <= ran, names[:5]
    assert sum(n.startswith("frequency_pass") for n in names) == small_partitions[0]
    workers = {task["worker"] for task in stream.data}
    assert workers <= set(dask_client.scheduler_info()["workers"]) and workers
    assert capsys.readouterr().out == ""


def test_dask_adds_submissions_to_a_run(dask_client, small_partitions, full, monkeypatch):
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", DASK_PARTITION)
    first = attribute(DRAFT, FINAL, FILES[:10], client=dask_client)
    second = attribute(DRAFT, FINAL, FILES[10:], client=dask_client, previous=first)
    assert len(small_partitions) == 2 and all(n > 1 for n in small_partitions)
    assert canonical(second) == canonical(full)
    assert second.processed == len(FILES) - 10


def test_jobs_with_another_thread_running_use_a_clean_process(monkeypatch):
    # fork is unsafe beside other threads: workers then come from forkserver, same result.
    import threading

    import provenance.engine
    import provenance.workers

    single = canonical(provenance.attribute(DRAFT, FINAL, FILES))
    monkeypatch.setattr(provenance.engine, "PARTITION_CHARS", 2000)
    methods = []
    real = provenance.workers.multiprocessing.get_context

    def spy(method=None):
        methods.append(method)
        return real(method)

    monkeypatch.setattr(provenance.workers.multiprocessing, "get_context", spy)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert canonical(provenance.attribute(DRAFT, FINAL, FILES, jobs=2)) == single
    finally:
        stop.set()
        other.join()
    assert methods == ["forkserver"]
