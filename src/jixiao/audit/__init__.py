"""The audit stage: checks that find what a careful reviewer would, located and explained.

Importing the package registers every check in ``jixiao.audit.finding.CHECKS``, so a caller that only
reads ``CHECKS`` (the web app's statistics) sees them all.
"""

from jixiao.audit import checks as _checks  # noqa: F401  (registers the checks)
from jixiao.audit import checks_cells as _cells  # noqa: F401
from jixiao.audit import checks_sangong as _sangong  # noqa: F401
from jixiao.audit import checks_text as _text  # noqa: F401
