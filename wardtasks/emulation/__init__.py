"""Emulation scores (thi đua): branches and organisations ranked per period from the history."""
