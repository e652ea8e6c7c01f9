"""srkit: editable Word drafts for students who are struggling to attend school."""

__version__ = "0.1.0"

import os as _os

# srkit validates with pydantic; third-party pydantic plugins are never wanted here (they could
# see case data) and looking them up costs start-up time.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
