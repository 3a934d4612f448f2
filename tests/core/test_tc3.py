"""TC3-HMAC-SHA256 computes Tencent Cloud's documented example signature."""

from core import tc3

# Signature v3 documentation, the CVM DescribeInstances example (keys are the doc's samples).
BODY = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
HEADERS = {"Content-Type": "application/json; charset=utf-8", "Host": "cvm.tencentcloudapi.com"}


def test_the_documented_example_signs_to_the_documented_signature() -> None:
    authorization = tc3.authorization(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "cvm",
        1551113065,
        "POST",
        HEADERS,
        BODY,
        signed_headers=("content-type", "host"),
    )
    assert authorization == (
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
        "tc3_request, SignedHeaders=content-type;host, "
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_the_action_is_signed_in_lower_case_and_the_header_is_parsed_back() -> None:
    headers = {**HEADERS, "X-TC-Action": "SendSms"}
    canonical = tc3.canonical_request("POST", headers, tc3.SIGNED_HEADERS, b"{}")
    assert "\nx-tc-action:sendsms\n" in canonical
    value = tc3.authorization("AKID", "key", "sms", 1764547200, "POST", headers, b"{}")
    parsed = tc3.parse_authorization(value)
    assert parsed is not None
    assert (parsed["secret_id"], parsed["date"], parsed["service"]) == ("AKID", "2025-12-01", "sms")
    assert tc3.parse_authorization("TC3-HMAC-SHA256 Credential=x") is None
