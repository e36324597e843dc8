// The small notebook "New notebook" starts from (issue 14): ten cells, growth and runway, every
// uncertain number a range — enough to see how a notebook reads, little enough to replace. It
// lives here, not in simulations/, so that it exists whatever that folder holds.

/** What `create(name, STARTER_TEMPLATE)` asks for; not a file name (no `.yaml`), so never a notebook's. */
export const STARTER_TEMPLATE = ':starter';

export const STARTER_NOTEBOOK = `format: 1
title: Starter
cycle: 1 month
horizon: 24
trials: 10000
seed: 1
runway: cash
cells:
  - md: |
      # Growth and runway

      A small plan to start from: users grow by an uncertain rate, revenue follows them, the
      team costs a fixed amount a month, and the cash runs down until revenue covers the burn.
      Replace each range with your own numbers; the charts below answer *when does the money
      run out, and in how many futures?*
  - name: growth
    sample: clamp(normal(0.08, 0.04), -0.05, 0.4)
    unit: per month
    note: month-on-month growth of active users
  - name: price
    sample: uniform(8, 15)
    unit: $ per user per month
  - name: team_cost
    sample: normal(45000, 5000)
    unit: $ per month
  - name: users
    init: 500
    formula: users * (1 + growth)
    unit: users
  - name: revenue
    formula: users * price
    unit: $ per month
  - name: burn
    formula: team_cost - revenue
    unit: $ per month
  - name: cash
    init: 600000
    formula: cash - burn
    unit: $
  - chart: [users, revenue]
  - chart: runway
`;
