import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chartsDirFor, chartsLinkFor, reportToMarkdown } from '../../src/lib/report/markdownReport';
import { shiftMarkdownHeadings } from '../../src/lib/report/markdown';
import { tempFolder } from '../support/tempFolder';
import { makeReport, notebook } from './fixtures';

describe('reportToMarkdown', () => {
	const report = makeReport({ compare: ['bear'] });
	const temp = tempFolder('scalecast-md-');

	test('links every chart to a file it returns, and the links resolve once written beside the .md', () => {
		const dir = mkdtempSync(join(temp, 'out-'));
		const path = join(dir, 'out', 'my report.md');
		const chartsDir = chartsDirFor(path);
		expect(chartsDir).toBe(join(dir, 'out', 'my report-charts'));
		expect(chartsLinkFor(path)).toBe('my report-charts');
		const { markdown, files } = reportToMarkdown(report, notebook(), chartsLinkFor(path));
		mkdirSync(chartsDir, { recursive: true });
		writeFileSync(path, markdown);
		for (const f of files) writeFileSync(join(chartsDir, f.name), f.svg);

		// The notebook's own prose is kept as written (its image of example.com included); the charts are ours.
		const links = [...markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => decodeURIComponent(m[1])).filter((l) => !l.startsWith('https://example.com/'));
		expect(links.length).toBe(files.length);
		expect(files.length).toBe(9);
		expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
		for (const link of links) {
			expect(link).not.toMatch(/^(\/|[a-z]+:)/i); // relative
			const target = resolve(dirname(path), link);
			expect(existsSync(target)).toBe(true);
			expect(readFileSync(target, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<title>[\s\S]*<\/svg>\n$/);
		}
	});

	test('has the same content as the HTML: stamps, headline, prose, comparison, funding assumption', () => {
		const { markdown } = reportToMarkdown(report, notebook(), 'r-charts');
		expect(markdown).toMatch(/^# Tiny shop\n/);
		expect(markdown).toContain('ab'.repeat(32));
		expect(markdown).toContain('Scalecast 0.1.0');
		expect(markdown).toContain('## Headline');
		expect(markdown).toContain('### Money'); // the notebook's "## Money", one level down
		expect(markdown).toContain('**Does the cash last two years?**');
		expect(markdown).toContain('## Scenarios compared');
		expect(markdown).toMatch(/\| `bear` \|/);
		expect(markdown).toContain('provided the money changes nothing else in the model');
		expect(markdown).toContain('To run this report again: `npm run -s sim -- simulations/tiny-shop.yaml --compare bear --trials 2000 --seed 7`');
	});

	test('shiftMarkdownHeadings moves ATX headings down, not inside code fences', () => {
		expect(shiftMarkdownHeadings('# A\ntext\n```\n# not\n```\n## B', 1)).toBe('## A\ntext\n```\n# not\n```\n### B');
		expect(shiftMarkdownHeadings('###### deep', 2)).toBe('###### deep');
	});
});
