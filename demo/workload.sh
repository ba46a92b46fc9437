#!/usr/bin/env bash
# Runs the demo shop's workload with pgbench against the database that the
# libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE) points at.
# Environment: DURATION seconds (65: pool advice needs a minute of samples),
# CLIENTS (4).
set -euo pipefail
w=$(cd "$(dirname "$0")" && pwd)/workload
# script@weight: mostly fast page views, some checkouts, a few slow reports.
pgbench -n -c "${CLIENTS:-4}" -j 2 -T "${DURATION:-65}" \
  -f "$w/browse_orders.sql@30" -f "$w/login.sql@20" -f "$w/product_page.sql@25" \
  -f "$w/order_detail.sql@15" -f "$w/place_order.sql@8" -f "$w/pending_orders.sql@3" \
  -f "$w/sales_report.sql@2" -f "$w/top_customers.sql@1" -f "$w/cart_n_plus_one.sql@2" 2>&1 |
  grep -E '^(number of transactions actually processed|number of failed transactions|latency average|tps)'
