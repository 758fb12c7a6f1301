"""Problem families, one folder each; see base.py for the contract and registry.py for discovery."""
