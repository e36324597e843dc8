// Data types shared by the engine, the workers, the CLI and the UI.
// Everything here is plain data: it crosses worker boundaries and is written to JSON.

/** Where something is in a notebook file. `line` is 1-based; null when unknown. */
export type Location = { file: string; line: number | null; cell: string | null };

/**
 * What kind of problem an error is; the CLI's exit status follows from it (`exitStatus`).
 * - `syntax`: the file is not YAML; `schema`: a key or value the format does not allow;
 * - `expression`: a formula that does not parse or names what is not there; `loop`: cells that
 *   depend on each other within a cycle;
 * - `run`: found while running (an invalid distribution parameter, a non-finite value);
 * - `usage`: a request that does not fit the notebook (an unknown scenario, a bad override).
 */
export type ErrorCode = 'syntax' | 'schema' | 'expression' | 'loop' | 'run' | 'usage';

/** A problem in a notebook, found while parsing, validating or running it. */
export type NotebookError = Location & { code: ErrorCode; message: string };

/** The project's one result type: a value, or the errors that stopped it. */
export type Result<T, E = NotebookError> = { ok: true; value: T } | { ok: false; errors: E[] };

export type CycleUnit = 'day' | 'week' | 'month' | 'quarter';
export type CycleLength = { count: number; unit: CycleUnit };

/** Display hints shared by every named cell (never a clamp). */
export type CellHints = { unit?: string; note?: string; min?: number; max?: number };

export type MarkdownCell = { kind: 'md'; text: string; line: number };
/** Drawn once per trial; may name only other sample cells. */
export type SampleCell = { kind: 'sample'; name: string; sample: string; line: number } & CellHints;
/** Evaluated at every cycle t = 0 … horizon. */
export type FormulaCell = { kind: 'formula'; name: string; formula: string; line: number } & CellHints;
/** `init` at t = 0 (names only sample cells), `formula` for t ≥ 1 (its own name = its value at t − 1). */
export type StockCell = { kind: 'stock'; name: string; init: string; formula: string; line: number } & CellHints;
/**
 * SPEC §4.8: a step function of the cycle. At cycle t the cell is the expression of the largest
 * key ≤ t (0 before the first key), evaluated like a formula. Steps in increasing order of `at`.
 */
export type ScheduleCell = { kind: 'schedule'; name: string; schedule: ScheduleStep[]; line: number } & CellHints;
export type ScheduleStep = { at: number; expr: string; line: number };
/** A fan chart of cells, or the runway distribution. */
export type ChartCell = { kind: 'chart'; series: string[] | 'runway'; line: number };

export type NamedCell = SampleCell | FormulaCell | StockCell | ScheduleCell;
export type Cell = MarkdownCell | NamedCell | ChartCell;

/** A scenario's replacement for one cell: a new expression, or a stock's new parts. */
export type CellOverride = string | { init?: string; formula?: string };

export type Notebook = {
	file: string;
	format: 1;
	title: string;
	cycle: string; // as written, e.g. "1 month"
	cycleLength: CycleLength;
	horizon: number;
	trials: number;
	seed: number;
	runway: string | null;
	cells: Cell[];
	scenarios: Record<string, Record<string, CellOverride>>;
	/** Line of each scenario override, keyed `scenario/cell`, for error messages. */
	scenarioLines: Record<string, number>;
	/** SPEC §4.2: conditions watched at every cycle, in the order of the file (the condition as written). */
	events: { name: string; condition: string; line: number }[];
	/** SPEC §4.7: pairs of sample cells with a target rank correlation, in the order of the file. */
	correlations?: Correlation[];
	/** SPEC §4.6: what was measured, per cell; absent when the notebook has none. */
	actuals?: Actual[];
};

/** SPEC §4.6: one cell's measured values, and the sd of a measurement (absolute, or relative as `noise`). */
export type Actual = { cell: string; line: number; points: { cycle: number; value: number }[]; noise?: number; sd?: number };

/** SPEC §4.7: one entry of `correlations:`. */
export type Correlation = { a: string; b: string; target: number; line: number };

/** Percentile levels of the report, in the order of `CellSummary`'s keys. */
export const PERCENTILES = [5, 10, 25, 50, 75, 90, 95] as const;

export type CellSummary = {
	mean: number[];
	p5: number[];
	p10: number[];
	p25: number[];
	p50: number[];
	p75: number[];
	p90: number[];
	p95: number[];
};

export type RunwaySummary = {
	cell: string;
	p10: number | null;
	p50: number | null;
	p90: number | null;
	cashOutByCycle: number[];
	survives: number;
};

/** SPEC §4.2: when a condition first holds. Percentiles of the first cycle; null where not finite. */
export type EventSummary = { byCycle: number[]; p10: number | null; p50: number | null; p90: number | null; never: number };

/** SPEC §4.3: statistics of the paired difference d = X(scenario) − X(reference), per cycle. */
export type DeltaSummary = CellSummary & { above: number[]; below: number[] };

/** SPEC §4.3: how a first cycle (runway, event) moves between paired trials. */
export type RunwayDelta = { longer: number; shorter: number; same: number; survives: number };
export type EventDelta = { earlier: number; later: number; same: number };

export type ScenarioComparison = {
	overrides: Record<string, string>;
	cells: Record<string, CellSummary>;
	runway: RunwaySummary | null;
	events: Record<string, EventSummary>;
	delta: { cells: Record<string, DeltaSummary>; runway: RunwayDelta | null; events: Record<string, EventDelta> };
};

export type Comparison = { reference: string; scenarios: Record<string, ScenarioComparison> };

/** SPEC §4.4: money that, added at cycle k, keeps the runway cell ≥ 0 through `through`. */
export type FundingSummary = {
	through: number;
	p50: (number | null)[];
	p75: (number | null)[];
	p90: (number | null)[];
	p95: (number | null)[];
	tooLate: number[];
};

/** SPEC §4.5: which sample cells move an outcome. */
export type SensitivityInput = {
	cell: string;
	spearman: number;
	low: { upTo: number; mean: number };
	high: { from: number; mean: number };
};
export type Sensitivity = { outcome: string; inputs: SensitivityInput[] };

/** SPEC §4.6: where one actual falls in the forecast (the prior). */
export type CalibrationPoint = { cell: string; cycle: number; actual: number; percentile: number };

/** A 90% range and median of a sample cell: what the actuals teach about an input. */
export type InputRange = { p5: number; p50: number; p95: number };

/** SPEC §4.6: the forecast conditioned on the actuals. `inputs` is this project's extension. */
export type Calibration = {
	points: CalibrationPoint[];
	ess: number;
	posterior: {
		cells: Record<string, CellSummary>;
		runway: RunwaySummary | null;
		events: Record<string, EventSummary>;
		funding: FundingSummary | null;
		sensitivity: Sensitivity | null;
	};
	/** for each sample cell: its prior and posterior median and 90% range */
	inputs: { cell: string; prior: InputRange; posterior: InputRange }[];
};

/** A histogram of a sample cell's draws: `counts[i]` trials fell in [edges[i], edges[i + 1]). */
export type Histogram = { edges: number[]; counts: number[] };

/**
 * The report of SPEC §3 and §4. Extensions: `histograms` (the draws of each sample cell, for the
 * page) and `quantiles` (how the percentiles were computed).
 */
export type Report = {
	format: 1;
	title: string;
	scenario: string;
	trials: number;
	seed: number;
	horizon: number;
	cycle: string;
	/** §4.1: the `--set` overrides, `{cell: expr}` or `{'cell.init': expr}` */
	overrides: Record<string, string>;
	cells: Record<string, CellSummary>;
	runway: RunwaySummary | null;
	/** §4.2 */
	events: Record<string, EventSummary>;
	/** §4.3: null without --compare or --vary */
	comparison: Comparison | null;
	/** §4.4: null without a runway cell */
	funding: FundingSummary | null;
	/** §4.5: null when there is no named cell */
	sensitivity: Sensitivity | null;
	/** §4.6: null without actuals */
	calibration: Calibration | null;
	histograms: Record<string, Histogram>;
	/** exact: type-7 percentiles of every value; sketch: estimated within 0.5 % (README) */
	quantiles: 'exact' | 'sketch';
	timing: { ms: number; workers: number };
	/** §5: the notebook file the report was run from and the sha256 (hex) of its bytes; set by the CLI */
	notebook?: { file: string; sha256: string };
	/** §5: the engine's version (package.json) */
	engine?: { version: string };
	/** §5: when the report was made, ISO 8601 */
	created?: string;
};
