// One set of chart renderers: pure functions from a report's summaries to standalone SVG strings,
// on the same geometry as the page's components (fanChart.ts, runway.ts, scales.ts).
export { fanChartSvg, deltaFanSvg, type FanChartSvgOptions, type DeltaFanSvgOptions } from './fanChartSvg';
export { runwaySvg, type RunwaySvgOptions } from './runwaySvg';
export { fundingSvg, type FundingSvgOptions } from './fundingSvg';
export { tornadoSvg, outcomeName, type TornadoSvgOptions } from './tornadoSvg';
export { eventsSvg, type EventsSvgOptions } from './eventsSvg';
export { esc } from './svg';
