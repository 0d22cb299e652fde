export { default as BarChart, type ChartBar } from './BarChart.svelte';
export { default as RankedBars } from './RankedBars.svelte';
export { chartData, compactNumber, formatUsd, modelColor, niceCeiling, shortDay, tokensOf, type ChartData, type DayBar } from './chart-data';
