"""Evidence photos on status updates: checked, re-encoded, stored in instance/, served by policy."""
