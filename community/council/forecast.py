"""The early warning, as the council's pages and ``flask council forecast`` know it.

The forecasting and the warnings live in ``community.insights.forecast`` so that the connectors' weekly
digest (``community.alerts``, which may not import the council) shows the same warnings from the same code;
these are its names, for the council's side."""

from community.insights.forecast import (
    GROUP_WEEKLY_CAPACITY,
    HISTORY_WEEKS,
    HORIZON,
    METHODS,
    OFFER_WEEKLY_CAPACITY,
    SEASON,
    WARNING_FLOOR,
    Backtest,
    Forecast,
    RefreshReport,
    WardWarning,
    backtest,
    current_warnings,
    forecast_all,
    forecast_series,
    mase,
    refresh_warnings,
    ses_level,
    ward_capacity,
    warnings_for,
    weekly_series,
)

__all__ = [
    "GROUP_WEEKLY_CAPACITY",
    "HISTORY_WEEKS",
    "HORIZON",
    "METHODS",
    "OFFER_WEEKLY_CAPACITY",
    "SEASON",
    "WARNING_FLOOR",
    "Backtest",
    "Forecast",
    "RefreshReport",
    "WardWarning",
    "backtest",
    "current_warnings",
    "forecast_all",
    "forecast_series",
    "mase",
    "refresh_warnings",
    "ses_level",
    "ward_capacity",
    "warnings_for",
    "weekly_series",
]
