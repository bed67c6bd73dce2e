"""factcheck: source-consistency fact checking for business and markets news."""

__version__ = "0.1.0"
