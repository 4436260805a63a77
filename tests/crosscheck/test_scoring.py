"""Scoring machine verdicts against gold: matching by URL, metric and value, one claim per line."""

from claims.crosscheck.scoring import score, url_key


def gold(id_, url, quote, metric, value, verdict, acceptable=None, sentence=""):
    return {
        "id": id_,
        "url": url,
        "quote": quote,
        "metric": metric,
        "value": value,
        "gold": verdict,
        "acceptable": acceptable or [verdict],
        "sentence": sentence or quote,
        "why": "",
    }


def claim(url, quote, metric, value, status, confidence=0.5, sentence=""):
    return {
        "document_url": url,
        "quote": quote,
        "metric": metric,
        "value": value,
        "status": status,
        "confidence": confidence,
        "sentence": sentence or quote,
        "explanation": "",
    }


def test_url_key_ignores_case_and_a_trailing_slash():
    assert url_key("https://Example.org/a/") == url_key("https://example.org/a")


def test_a_claim_matches_one_gold_line_and_the_one_whose_sentence_holds_its_quote():
    golds = [
        gold("a", "https://x.org/1", "three", "deaths", 3, "supported", sentence="Three died."),
        gold("b", "https://x.org/1", "three", "deaths", 3, "unverified", sentence="three others."),
    ]
    claims = [
        claim("https://x.org/1/", "three others", "deaths", 3.0, "unverified"),
    ]
    report = score(golds, claims)
    found = {j.gold["id"]: j.claim for j in report.judged}
    assert found["a"] is None and found["b"] is claims[0]  # its quote lies in the second sentence
    assert report.accuracy == 1.0 and report.coverage == 0.5


def test_gold_other_stands_for_any_metric_outside_the_taxonomy_and_lists_are_either():
    golds = [
        gold("a", "https://x.org/1", "60", "other", 60, "supported"),
        gold("b", "https://x.org/1", "125", ["projectiles", "other"], 125, "unverified"),
    ]
    claims = [
        claim("https://x.org/1", "60 targets", "targets", 60, "supported"),
        claim("https://x.org/1", "125", "projectiles", 125, "contradicted"),
        claim("https://x.org/1", "60 troops", "troops_deployed", 60, "unverified"),
    ]
    report = score(golds, claims)
    assert [j.right for j in report.judged] == [True, False]
    assert report.precision("contradicted") == (0, 1)
    assert report.confusion()[("unverified", "contradicted")] == 1


def test_not_a_claim_left_out_is_right_and_found_is_judged_by_acceptable():
    golds = [
        gold("a", "https://x.org/1", "F-18s", "other", 18, "not_a_claim"),
        gold("b", "https://x.org/1", "two", "other", 2, "not_a_claim", ["unverified"]),
        gold("c", "https://x.org/1", "three", "attacks", 3, "not_a_claim"),
    ]
    claims = [
        claim("https://x.org/1", "two", "other", 2, "unverified"),
        claim("https://x.org/1", "three", "attacks", 3, "unverified", confidence=0.9),
    ]
    report = score(golds, claims)
    assert [j.right for j in report.judged] == [False, True, False]
    assert [j.claim is None for j in report.judged] == [True, False, False]
    assert report.accuracy == 0.5
    assert report.bands()[-1][1:] == (0, 1)  # the confident one is wrong
    text = "\n".join(report.lines())
    assert "not_a_claim lines left out (right): 1" in text
    assert "- c: 'three' (attacks 3): unverified (0.9)" in text
