"""The core: the data contract, loading, checks, problems in words and where things are."""
