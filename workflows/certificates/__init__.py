"""Electronic certificates (电子证照, seed 002 art. 40): issue.issue_for_case (on approval),
revoke.revoke_certificate, verify.verify_certificate (public), queries.valid_certificates."""
