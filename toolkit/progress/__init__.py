"""Progress from daily data: reading the log, the decision rules, and the chart."""
