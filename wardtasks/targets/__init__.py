"""Targets (chỉ tiêu): what tasks aim at, and the values branches report."""
