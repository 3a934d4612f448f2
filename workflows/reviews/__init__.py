"""好差评 (seed 002 arts. 35-37): reviews, invitations to rate, bad-review rectification, results.

Decisions, where the rules leave room:
- Rateable matters (subjects.py): a case once it has a result (not accepted, approved, denied,
  delivered), by its applicant; a hall visit = a checked-in booking (its queue number is part of
  it). Walk-in queue numbers carry no citizen and cannot be rated here. One review per matter:
  unique (subject_type, subject_id).
- 谁办理、谁负责: a case's department; for a hall visit the department that runs the hall.
- Channel: an online case is "mobile" (this mini-program), a window case and a visit "hall".
- Real-name (实名差评): the reviewer's name is known (the case's applicant, or a verified
  citizen). Those close only after a callback that reached them; others close on completion and
  may still be called back.
- Deadlines run from the bad review: the simple limit (0 = one working day) until the department
  classifies the matter complex; paused while the review office decides an invalid request and
  restarted from a rejection. One extension, complex only, before due, at most the complex limit.
- Rates (stats.py, grades.py): satisfaction = (非常满意+满意) / reviews not marked invalid;
  rectification rate = rectified / bad reviews not marked invalid; on-time rate = rectified no
  later than the (extended) due time / the same denominator.
"""
