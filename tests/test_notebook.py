"""The notebook face of a result: records and data frames of links, asks and submissions,
and examples/consultation.ipynb run start to finish in a real Jupyter kernel.

The notebook test is skipped where nbclient, nbformat or ipykernel is missing or the
kernel cannot start, except on CI (CI=true), where a skip would hide a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from provenance import InvalidArgumentError, attribute
from provenance.errors import ModelUnavailableError
from provenance.read import document_from_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "consultation.ipynb"
CASE = ROOT / "corpus" / "nap-en"
LINKS = 21  # the links of nap-en, as the README's Python API shows


@pytest.fixture(scope="module")
def result():
    return attribute(CASE / "draft.txt", CASE / "final.txt", [CASE / "submissions"])


def test_records_of_links_are_the_default(result):
    assert result.to_records() == result.to_records("links")
    assert len(result.to_records()) == len(result.links) == LINKS
    assert {r["submission_id"] for r in result.to_records()} <= {s.id for s in result.submissions}


def test_records_of_asks_follow_the_ledger(result):
    records = result.to_records("asks")
    rows = result.ledger()
    assert [r["ask_id"] for r in records] == [row.ask_id for row in rows]
    assert len(records) == len(result.asks)
    assert set(records[0]) == {
        "submission_id", "ask_id", "kind", "ask", "proposed_old", "proposed_new",
        "outcome", "where", "link_ids",
    }  # fmt: skip
    adopted = [r for r in records if r["outcome"] in ("adopted", "adopted-in-part")]
    assert adopted and all(r["where"] and r["link_ids"] for r in adopted)
    credited = {i for r in records for i in r["link_ids"]}
    assert credited <= {link.id for link in result.links}
    json.dumps(records)  # plain data, ready for a file


def test_records_of_submissions_count_links_and_asks(result):
    records = result.to_records("submissions")
    assert [r["id"] for r in records] == [s.id for s in result.submissions]
    assert sum(r["links"] for r in records) == LINKS
    assert all(r["adopted"] == (r["links"] > 0) for r in records)
    assert sum(r["asks"] for r in records) == len(result.asks)
    adopted = sum(1 for a in result.asks if a.outcome in ("adopted", "adopted-in-part"))
    assert sum(r["asks_adopted"] for r in records) == adopted
    assert all(r["asks_adopted"] <= r["asks"] for r in records)
    first = records[0]
    assert first["path"].endswith("builders-association.txt")
    assert first["sha256"] == result.submissions[0].document.sha256
    json.dumps(records)


@pytest.mark.parametrize("what", ["changes", "", "Links", None])
def test_another_what_is_refused_by_name(result, what):
    for method in (result.to_records, result.to_dataframe):
        with pytest.raises(InvalidArgumentError, match="'links', 'asks', 'submissions'"):
            method(what)


@pytest.mark.parametrize("what", ["links", "asks", "submissions"])
def test_dataframes_hold_the_records(result, what):
    pd = pytest.importorskip("pandas")
    frame = result.to_dataframe(what)
    assert isinstance(frame, pd.DataFrame)
    records = result.to_records(what)
    assert len(frame) == len(records)
    assert list(frame.columns) == list(records[0])
    assert frame.to_dict("records")[0].keys() == records[0].keys()


def test_dataframe_without_argument_gives_the_links(result):
    pytest.importorskip("pandas")
    assert result.to_dataframe().equals(result.to_dataframe("links"))


def test_a_run_without_links_still_has_the_columns():
    pytest.importorskip("pandas")
    draft, final = (document_from_text(t) for t in ("1. Publish budgets.", "1. Publish it."))
    empty = attribute(draft, final, {"x": "Hello."})
    frame = empty.to_dataframe()
    assert len(frame) == 0 and "submission_id" in frame.columns
    assert "outcome" in empty.to_dataframe("asks").columns


def test_dataframe_names_pandas_when_it_is_missing(result, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("no pandas here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ModelUnavailableError, match="pip install pandas"):
        result.to_dataframe("asks")


def test_the_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the notebook: {reason}")
    pytest.skip(reason)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client and zmq's own
def test_the_example_notebook_runs(monkeypatch):
    try:
        import nbclient
        import nbformat
        from jupyter_client.kernelspec import NoSuchKernel
    except ImportError as e:
        _unavailable(f"needs nbclient, nbformat and ipykernel ({e})")
    # The kernel is another process: it must import this tree's code, not an installed copy.
    paths = [str(ROOT / "src"), str(ROOT / "cli")]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError:
        raise
    except (NoSuchKernel, RuntimeError, TimeoutError) as e:
        _unavailable(f"the python3 kernel cannot start here: {type(e).__name__}: {e}")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    texts = [
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for o in outputs
        if o.output_type in ("stream", "execute_result")
    ]
    assert any(f"{LINKS} links" in t for t in texts), texts
    assert any("AttributionResult run" in t for t in texts)  # the summary was shown
    assert texts[-1].strip() == "True"  # verify_run(db).ok
    assert "(True, True)" in texts  # the stored run is the same run
