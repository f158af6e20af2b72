"""Retry decisions: which outcomes are retried, after how long, and when a failure is ambiguous."""

from __future__ import annotations

import pytest
from seller_central.errors import InvalidInputError
from seller_central.retry import Attempt, Outcome, RetryPolicy, Verdict, is_idempotent, parse_retry_after

RETRY, DONE, AMBIGUOUS = Verdict.RETRY, Verdict.DONE, Verdict.AMBIGUOUS
NO_JITTER = RetryPolicy(jitter=0.0)

FIRST = Attempt(number=1)


def decide(policy, outcome, *, idempotent, attempt=FIRST, rate=2.0, random_fraction=0.0):
    return policy.decide(
        attempt, idempotent=idempotent, outcome=outcome, rate=rate, random_fraction=random_fraction
    )


# (what happened, idempotent?, expected verdict, expected wait)
DECISIONS = [
    ("200", Outcome.status(200), True, DONE, 0.0),
    ("201 to a POST", Outcome.status(201), False, DONE, 0.0),
    ("404", Outcome.status(404), True, DONE, 0.0),
    ("400 to a POST", Outcome.status(400), False, DONE, 0.0),
    ("429: one token interval", Outcome.status(429), True, RETRY, 0.5),
    ("429 to a POST: still retried", Outcome.status(429), False, RETRY, 0.5),
    ("429 with Retry-After", Outcome.status(429, retry_after_seconds=3.0), False, RETRY, 3.0),
    ("500 to a GET", Outcome.status(500), True, RETRY, 0.5),
    ("503 to a GET honours Retry-After", Outcome.status(503, retry_after_seconds=4.0), True, RETRY, 4.0),
    ("500 to a POST", Outcome.status(500), False, AMBIGUOUS, 0.0),
    ("503 to a POST", Outcome.status(503), False, AMBIGUOUS, 0.0),
    ("connect error", Outcome.failed("connect", is_sent=False), True, RETRY, 0.5),
    ("connect error, POST: never sent", Outcome.failed("connect", is_sent=False), False, RETRY, 0.5),
    ("pool timeout, POST: never sent", Outcome.failed("timeout", is_sent=False), False, RETRY, 0.5),
    ("read timeout, GET", Outcome.failed("timeout", is_sent=True), True, RETRY, 0.5),
    ("read timeout, POST", Outcome.failed("timeout", is_sent=True), False, AMBIGUOUS, 0.0),
    ("reset after sending, GET", Outcome.failed("network", is_sent=True), True, RETRY, 0.5),
    ("reset after sending, POST", Outcome.failed("network", is_sent=True), False, AMBIGUOUS, 0.0),
    ("truncated or non-JSON body, GET", Outcome.failed("body", is_sent=True), True, RETRY, 0.5),
    ("truncated or non-JSON body, POST", Outcome.failed("body", is_sent=True), False, AMBIGUOUS, 0.0),
]


@pytest.mark.parametrize(
    ("outcome", "idempotent", "verdict", "wait"),
    [case[1:] for case in DECISIONS],
    ids=[case[0] for case in DECISIONS],
)
def test_the_first_attempt_is_decided_by_outcome_and_idempotency(outcome, idempotent, verdict, wait):
    """Each outcome of a first attempt leads to the verdict and wait the rules give."""
    decision = decide(NO_JITTER, outcome, idempotent=idempotent)

    assert (decision.verdict, decision.wait_seconds) == (verdict, wait)


def test_error_retries_back_off_exponentially_up_to_the_cap():
    """Error retries wait 0.5 s, 1 s, 2 s, ... and never more than the cap."""
    policy = RetryPolicy(jitter=0.0, backoff_cap_seconds=3.0, max_attempts=10)
    waits = [
        decide(
            policy, Outcome.status(503), idempotent=True, attempt=Attempt(number=n + 1, error_retries=n)
        ).wait_seconds
        for n in range(4)
    ]

    assert waits == [0.5, 1.0, 2.0, 3.0]


def test_a_429_waits_the_interval_the_rate_implies():
    """getOrders at 0.0167 requests/s waits about a minute after a 429, not a short backoff."""
    decision = decide(NO_JITTER, Outcome.status(429), idempotent=True, rate=0.0167)

    assert decision.wait_seconds == pytest.approx(59.88, abs=0.01)


def test_jitter_only_ever_adds_to_the_wait():
    """With 20 % jitter a 429's wait lies between one and 1.2 token intervals."""
    policy = RetryPolicy(jitter=0.2)

    low = decide(policy, Outcome.status(429), idempotent=True, random_fraction=0.0).wait_seconds
    high = decide(policy, Outcome.status(429), idempotent=True, random_fraction=0.999).wait_seconds

    assert (low, round(high, 3)) == (0.5, 0.6)


def test_attempts_are_bounded():
    """The fifth failed attempt is the last: the response is handed back."""
    decision = decide(
        NO_JITTER, Outcome.status(503), idempotent=True, attempt=Attempt(number=5, error_retries=4)
    )

    assert decision.verdict is DONE
    assert "gave up after 5 attempts" in decision.reason


def test_an_exhausted_ambiguous_failure_is_still_ambiguous():
    """A state-changing request retried by request that still fails is reported as ambiguous."""
    policy = RetryPolicy(jitter=0.0, retry_ambiguous=True)
    outcome = Outcome.failed("timeout", is_sent=True)

    decision = decide(policy, outcome, idempotent=False, attempt=Attempt(number=5, error_retries=4))

    assert decision.verdict is AMBIGUOUS


def test_total_time_is_bounded():
    """No retry starts if its wait would end past max_total_seconds."""
    policy = RetryPolicy(jitter=0.0, max_total_seconds=10.0)

    decision = decide(
        policy, Outcome.status(429), idempotent=True, attempt=Attempt(number=2, elapsed_seconds=9.8)
    )

    assert decision.verdict is DONE
    assert "10 s in total" in decision.reason


def test_retry_ambiguous_opts_in_to_retrying_state_changing_requests():
    """With retry_ambiguous a POST that timed out after sending is sent again."""
    policy = RetryPolicy(jitter=0.0, retry_ambiguous=True)

    assert decide(policy, Outcome.failed("timeout", is_sent=True), idempotent=False).verdict is RETRY


class TestOverrides:
    def test_no_overrides_keep_the_policy(self):
        """A request without sp_api.retry uses the client's policy as it is."""
        policy = RetryPolicy()

        assert policy.with_overrides(None) is policy

    def test_raw_request_max_retry_count_zero_means_no_error_retries(self):
        """Max Retry Count 0 hands a 503 back at once."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 0, "method": "GET"})

        assert decide(policy, Outcome.status(503), idempotent=True).verdict is DONE

    def test_raw_request_max_retry_count_zero_still_retries_429(self):
        """A throttled request was not processed, so it is retried even when Max Retry Count is 0."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 0, "method": "GET"})

        assert decide(policy, Outcome.status(429), idempotent=True).verdict is RETRY

    def test_raw_request_max_retry_count_bounds_error_retries(self):
        """Max Retry Count 2 allows two error retries: the third error is handed back."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 2})
        second = Attempt(number=2, error_retries=1)
        third = Attempt(number=3, error_retries=2)

        assert decide(policy, Outcome.status(500), idempotent=True, attempt=second).verdict is RETRY
        assert decide(policy, Outcome.status(500), idempotent=True, attempt=third).verdict is DONE

    def test_a_large_max_retry_count_raises_the_attempt_limit(self):
        """Max Retry Count 9 allows ten attempts although the client's policy says five."""
        policy = RetryPolicy().with_overrides({"max_retries": 9})

        assert policy.max_attempts == 10

    def test_raw_request_retry_delay_is_used_without_jitter(self):
        """Retry Delay (ms) 250 without exponential backoff waits exactly 0.25 s between error retries."""
        policy = RetryPolicy().with_overrides(
            {"max_retries": 3, "retry_delay_ms": 250, "exponential_backoff": False}
        )

        decision = decide(policy, Outcome.status(502), idempotent=True, random_fraction=0.9)

        assert decision.wait_seconds == 0.25

    def test_exponential_backoff_ignores_the_retry_delay(self):
        """Use Exponential Backoff replaces Retry Delay (ms) with the policy's backoff."""
        policy = RetryPolicy(jitter=0.0).with_overrides(
            {"max_retries": 3, "retry_delay_ms": 250, "exponential_backoff": True}
        )

        assert decide(policy, Outcome.status(502), idempotent=True).wait_seconds == 0.5

    def test_retry_on_all_errors_retries_4xx(self):
        """Retry On All Errors retries a 400, which is otherwise handed back."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 1, "retry_on_all_errors": True})

        assert decide(policy, Outcome.status(400), idempotent=True).verdict is RETRY

    def test_retry_on_all_errors_retries_a_5xx_to_a_post(self):
        """Retry On All Errors is the caller's explicit wish to retry a 5xx of a state-changing request."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 1, "retry_on_all_errors": True})

        assert decide(policy, Outcome.status(500), idempotent=False).verdict is RETRY

    def test_retry_on_all_errors_does_not_cover_a_timeout_after_sending_a_post(self):
        """A POST that timed out after sending still needs retry_ambiguous."""
        policy = RetryPolicy(jitter=0.0).with_overrides({"max_retries": 1, "retry_on_all_errors": True})

        assert decide(policy, Outcome.failed("timeout", is_sent=True), idempotent=False).verdict is AMBIGUOUS

    def test_retry_ambiguous_and_max_attempts_can_be_set_per_request(self):
        """{"retry_ambiguous": True, "max_attempts": 2} change those two settings only."""
        policy = RetryPolicy().with_overrides({"retry_ambiguous": True, "max_attempts": 2})

        assert (policy.retry_ambiguous, policy.max_attempts, policy.max_total_seconds) == (True, 2, 300.0)

    def test_unknown_keys_are_refused(self):
        """A misspelt override is an error, not silently ignored."""
        with pytest.raises(InvalidInputError, match="retires"):
            RetryPolicy().with_overrides({"max_retires": 3})

    def test_a_negative_retry_count_names_its_label(self):
        """A bad Max Retry Count is reported by the connector spec's label."""
        with pytest.raises(InvalidInputError, match="Max Retry Count") as caught:
            RetryPolicy().with_overrides({"max_retries": -1})

        assert caught.value.label == "Max Retry Count"


class TestIdempotency:
    @pytest.mark.parametrize(
        ("operation", "method", "expected"),
        [
            ("orders_v0.getOrders", "GET", True),
            ("feeds_2021_06_30.createFeed", "POST", False),
            ("merchant_fulfillment_v0.createShipment", "POST", False),
            (None, "GET", True),
            (None, "PUT", True),
            (None, "DELETE", True),
            (None, "post", False),
            (None, "PATCH", False),
            ("nothing_v9.unknown", "POST", False),
        ],
    )
    def test_the_table_decides_and_the_method_is_the_fallback(self, operation, method, expected):
        """The table's idempotent flag wins; without an operation only safe methods are idempotent."""
        assert is_idempotent(operation, method) is expected


class TestRetryAfter:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("3", 3.0),
            ("0.5", 0.5),
            ("-4", 0.0),
            (None, None),
            ("whenever", None),
            ("Thu, 01 Jan 1970 00:00:30 GMT", 20.0),
        ],
    )
    def test_seconds_and_http_dates_are_understood(self, value, expected):
        """Retry-After may be a number of seconds or an HTTP date."""
        assert parse_retry_after(value, now=10.0) == expected
