// SPEC §5: the stamps that make a report reproducible and tell two reports apart. Pure: the CLI
// computes the sha256 of the notebook's bytes and reads the version from package.json.
import type { Report } from '../engine/types';

export type Stamps = {
	/** The notebook file as given on the command line, e.g. "simulations/x.yaml". */
	file: string;
	/** Hex sha256 of the file's bytes. */
	sha256: string;
	/** package.json's version. */
	version: string;
	/** When the report was made: a Date, or an ISO 8601 string. */
	created: Date | string;
};

export type StampedReport = Report & Required<Pick<Report, 'notebook' | 'engine' | 'created'>>;

/**
 * The report with `notebook: {file, sha256}`, `engine: {version}` and `created` (ISO 8601). The
 * stamps come right after `format` and `title` in the JSON, so that a reader sees them first;
 * any stamps already there are replaced. The input is not changed.
 */
export function stampReport(report: Report, { file, sha256, version, created }: Stamps): StampedReport {
	const { format, title, notebook: _n, engine: _e, created: _c, ...rest } = report;
	return {
		format,
		title,
		notebook: { file, sha256: sha256.toLowerCase() },
		engine: { version },
		created: typeof created === 'string' ? created : created.toISOString(),
		...rest
	};
}
