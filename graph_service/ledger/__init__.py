"""The rectification ledger (整改台账): gap findings as cases with owners, deadlines, history."""
