"""Weekly supervision reports: periods, one aggregate query module per section, export, job."""
