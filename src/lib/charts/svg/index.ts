// One set of chart renderers: pure functions from summaries to SVG, on the same geometry as the
// page (fanChart.ts, runway.ts, scales.ts). Each builds an element tree (`…Tree`, what the page's
// components draw and patch, with `onPage`) and writes it as a standalone file (`…Svg`, what the
// report writers embed).
export { fanChartSvg, deltaFanSvg, layoutFanChart, drawFanChart, fanChartWords, type FanChartSvgOptions, type DeltaFanSvgOptions, type FanLayout } from './fanChartSvg';
export { runwaySvg, runwayTree, type RunwaySvgOptions } from './runwaySvg';
export { survivalSvg, survivalTree, type SurvivalSvgOptions } from './survivalSvg';
export { fundingSvg, fundingTree, layoutFunding, type FundingSvgOptions, type FundingLayout } from './fundingSvg';
export { tornadoSvg, tornadoTree, outcomeName, type TornadoSvgOptions } from './tornadoSvg';
export { eventsSvg, eventsTree, type EventsSvgOptions } from './eventsSvg';
export { histogramSvg, histogramTree, type HistogramSvgOptions } from './histogramSvg';
export { sparklineSvg, sparklineTree, type SparklineSvgOptions } from './sparklineSvg';
export { esc, svgString, svgFile, type SvgNode } from './svg';
