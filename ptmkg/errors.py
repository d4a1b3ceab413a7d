"""Errors that ptmkg reports to people as one clear line (the CLI never shows a traceback
for these)."""


class PtmkgError(Exception):
    """Base of every error ptmkg reports as one line."""


class StoreURIError(PtmkgError):
    """A store URI that ptmkg cannot parse."""


class StoreUnavailable(PtmkgError):
    """The store cannot be reached or opened."""


class SchemaError(PtmkgError):
    """A record that does not fit the graph schema."""


class UnknownQuery(PtmkgError):
    """A query name that no pack defines."""


class ParameterError(PtmkgError):
    """A missing, unknown or ill-typed query parameter."""


class NotInGraph(PtmkgError):
    """An entity named in a query parameter is not in the graph."""


class UnsupportedFeature(PtmkgError):
    """A feature the chosen store declares it does not have."""


class InputError(PtmkgError):
    """An input file that cannot be read at all (missing, wrong format)."""


class QueryFailed(PtmkgError):
    """The engine rejected or failed a query."""
