"""list_claims and verify: the records of `bothlayers verify --json`, for any jobs."""
import json

import pytest

import bothlayers
from conftest import run_cli

CLAIMS = ["eq13.identity_population", "control.eq13_doubled_diagonal", "invariance.rescaling"]


def test_list_claims_matches_cli(exe):
    claims = bothlayers.list_claims()
    lines = run_cli(exe, "verify", "--list").stdout.splitlines()
    assert len(claims) == len(lines) >= 100
    ids = [c["id"] for c in claims]
    assert ids == [l.split()[0] for l in lines]
    by_id = {c["id"]: c for c in claims}
    assert by_id["control.eq13_doubled_diagonal"]["negative_control"]
    assert not by_id["eq13.identity_population"]["negative_control"]
    assert by_id["eq13.identity_population"]["label"] == "closed-forms"


def test_verify_same_records_as_cli(exe, tmp_path):
    path = tmp_path / "v.json"
    args = ["verify", "--budget", "small", "--seed", "7", "--json", str(path), "--jobs", "1"]
    for c in CLAIMS:
        args += ["--claim", c]
    run_cli(exe, *args)
    cli = json.loads(path.read_text())
    ours = bothlayers.verify(claims=CLAIMS, budget="small", seed=7, jobs=2)
    assert ours == cli
    assert sorted(c["id"] for c in ours["claims"]) == sorted(CLAIMS)
    assert all(c["as_expected"] for c in ours["claims"])


def test_verify_unknown_claim_is_an_error(exe):
    with pytest.raises(bothlayers.Error, match="no-such-claim"):
        bothlayers.verify(claims=["no-such-claim"], budget="small")
