"""The monthly reporting cycle (báo cáo định kỳ, issue 18): each branch's report of its
month to its organisation, the organisation's review and its own report to the
secretariat, the deadline and the submission board with its reminders (đôn đốc)."""
