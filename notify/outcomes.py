"""Which WeChat and SMS-provider answers are worth retrying, and how long to wait between tries."""

from __future__ import annotations

import random

from core.province import ProvinceApiError, ProvinceUnreachable
from core.sms import SmsApiError, SmsUnreachable
from core.wechat_api import TOKEN_ERRORS, WeChatApiError, WeChatUnreachable

# System busy, and quota/frequency limits: the same request can succeed later.
RETRYABLE_CODES = frozenset({-1, 45009, 45011, 45033}) | TOKEN_ERRORS
REFUSED = 43101
INVALID_PARAMETER = 40058

# Tencent Cloud SMS codes that a later try can get past: the provider's own trouble, our call
# rate, a number's frequency limits (notify/sms.py then holds the retry until the window named
# has passed: the daily limits until tomorrow), an exhausted package (topped up by an operator)
# and a signature that expired in transit (the retry is signed afresh). Every other code is
# permanent and the row fails at once with it: our configuration (UnauthorizedOperation.*,
# AuthFailure.SignatureFailure / SecretIdNotFound, an unapproved sign or template), data the
# template refuses (InvalidParameterValue.TemplateParameterFormatError / ...LengthLimit), a wrong
# number, or one that blocked us (FailedOperation.PhoneNumberInBlacklist: like WeChat's 43101,
# a refusal that must not be retried).
SMS_RETRYABLE = frozenset(
    {
        "RequestLimitExceeded",
        "LimitExceeded.PhoneNumberThirtySecondLimit",
        "LimitExceeded.PhoneNumberOneHourLimit",
        "LimitExceeded.PhoneNumberDailyLimit",
        "LimitExceeded.PhoneNumberSameContentDailyLimit",
        "FailedOperation.InsufficientBalanceInSmsPackage",
        "AuthFailure.SignatureExpire",
    }
)
SMS_RETRYABLE_PREFIXES = ("InternalError", "ResourceUnavailable")


def is_provider_answer(error: Exception) -> bool:
    """An answer the outside system gave (kept on the row), not a bug of ours."""
    return isinstance(error, WeChatApiError | SmsApiError | ProvinceApiError)


def is_retryable(error: Exception) -> bool:
    if isinstance(error, WeChatUnreachable | SmsUnreachable | ProvinceUnreachable):
        return True
    if isinstance(error, ProvinceApiError):
        return error.retryable
    if isinstance(error, SmsApiError):
        return error.code in SMS_RETRYABLE or error.code.startswith(SMS_RETRYABLE_PREFIXES)
    return isinstance(error, WeChatApiError) and error.errcode in RETRYABLE_CODES


def already_delivered(error: Exception) -> bool:
    """WeChat Work refuses a card whose task_id it has seen: an earlier try (from a worker that
    died before recording it) was delivered, so this one is done, not failed."""
    return (
        isinstance(error, WeChatApiError)
        and error.errcode == INVALID_PARAMETER
        and "task_id duplicated" in error.errmsg
    )


def error_code(error: Exception) -> str:
    if isinstance(error, WeChatApiError):
        return str(error.errcode)
    if isinstance(error, SmsApiError):
        return error.code[:32]  # the column's width; the message below has it whole
    if isinstance(error, ProvinceApiError):
        return error.code[:32]
    return "unreachable"


def error_message(error: Exception) -> str:
    if isinstance(error, WeChatApiError):
        return error.errmsg
    if isinstance(error, SmsApiError):
        return f"{error.code}: {error.message} (RequestId {error.request_id})"
    if isinstance(error, SmsUnreachable):
        return f"the SMS provider could not be reached: {error}"
    if isinstance(error, ProvinceApiError):
        return f"the province answered {error.status} {error.code}: {error.message}"
    if isinstance(error, ProvinceUnreachable):
        return f"the provincial platform could not be reached: {error}"
    return f"WeChat could not be reached: {error}"


def backoff_seconds(attempts: int, base: float, ceiling: float) -> float:
    """Exponential, with jitter so that retries of many messages do not arrive together."""
    delay = min(ceiling, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.5, 1.0)
