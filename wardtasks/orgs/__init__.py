"""The ward's organisations and branches as seen by each role."""
