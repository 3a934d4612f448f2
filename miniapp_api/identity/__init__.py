"""Identity: assurance levels and the steps that reach them; WeChat Work sign-in for staff."""
