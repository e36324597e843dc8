// A small notebook and reports of it, run in-process (prepareRun + runSpec), for the report tests.
import { parseNotebook } from '../../src/lib/engine/notebook/readNotebook';
import { parseOverrideFlag } from '../../src/lib/engine/notebook/scenarios';
import { prepareRun, runSpec, type RunOptions } from '../../src/lib/engine/simulate';
import type { Notebook, Report } from '../../src/lib/engine/types';
import { stampReport } from '../../src/lib/report/stamps';

export const FILE = 'simulations/tiny-shop.yaml';

export const TEXT = `format: 1
title: Tiny shop
cycle: 1 month
horizon: 24
trials: 2000
seed: 7
runway: cash
events:
  breakeven: revenue >= costs
cells:
  - md: |
      # Tiny shop: does the money last?

      A shop with 300 customers and $150k in the bank. **Does the cash last two years?**
      See [the guide](https://example.com/guide) and ![a logo](https://example.com/logo.png).
      <script>alert(1)</script>
  - name: growth
    sample: normal(0.06, 0.03)
    unit: per month
  - name: churn
    sample: uniform(0.02, 0.05)
    unit: per month
  - name: customers
    init: 300
    formula: customers * (1 + growth - churn)
    unit: customers
  - md: |
      ## Money

      Each customer pays $20 a month; costs are $12k a month plus $4 per customer.
  - name: revenue
    formula: customers * 20
    unit: $
  - name: costs
    formula: 12000 + customers * 4
    unit: $
  - name: cash
    init: 150000
    formula: cash + revenue - costs
    unit: $
  - chart: [customers]
  - chart: [revenue, costs]
  - chart: runway
scenarios:
  bear:
    growth: normal(0.02, 0.03)
`;

export function notebook(text = TEXT): Notebook {
	const parsed = parseNotebook(text, FILE);
	if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
	return parsed.value;
}

/** A stamped report of the notebook with `--set` texts and run options. */
export function makeReport(options: Omit<RunOptions, 'overrides'> & { set?: string[] } = {}, text = TEXT): Report {
	const overrides = (options.set ?? []).map((s) => {
		const o = parseOverrideFlag(s);
		if (!o.ok) throw new Error(o.errors[0].message);
		return o.value;
	});
	const spec = prepareRun(notebook(text), { trials: 2000, ...options, overrides });
	if (!spec.ok) throw new Error(spec.errors.map((e) => e.message).join('\n'));
	const run = runSpec(spec.value);
	if (!run.ok) throw new Error(run.errors.map((e) => e.message).join('\n'));
	return stampReport(run.value, { file: FILE, sha256: 'ab'.repeat(32), version: '0.1.0', created: '2026-01-02T03:04:05.000Z' });
}
