"""The daily workflow: assignments, status updates in place, history, assigning."""
