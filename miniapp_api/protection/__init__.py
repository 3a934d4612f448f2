"""三员分立 administration: roles (security admin), the audit trail (audit admin)."""
