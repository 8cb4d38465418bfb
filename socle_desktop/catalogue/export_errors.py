"""The French wording of the export layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.
"""

from __future__ import annotations

MESSAGES: dict = {
}
