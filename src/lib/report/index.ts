// Reports to keep, share and compare (SPEC §5). Pure: the CLI reads and writes the files.
//
//   const stamped = stampReport(report, { file, sha256, version, created: new Date() });
//   writeFile(htmlPath, reportToHtml(stamped, notebook));
//   const { markdown, files } = reportToMarkdown(stamped, notebook, chartsLinkFor(mdPath));
//   writeFile(mdPath, markdown); for (const f of files) writeFile(join(chartsDirFor(mdPath), f.name), f.svg);
export { stampReport, type Stamps, type StampedReport } from './stamps';
export { reportToHtml } from './html';
export { reportToMarkdown, chartsDirFor, chartsLinkFor, type MarkdownReport } from './markdownReport';
export { buildReportDocument, type ReportDocument, type Block } from './document';
export { diffReports, formatDiff, type ReportDiff } from './diff';
export { isReport, reportProblem } from './validate';
