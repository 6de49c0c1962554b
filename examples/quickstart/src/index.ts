export { runQuickstart, type QuickstartOptions, type QuickstartResult } from './run-quickstart.js';
export { QUICKSTART_CONFIG, SMOKE_CONFIG } from './quickstart-defaults.js';
export type { QuickstartConfig, QuickstartStep } from './quickstart-config.js';
export { ensureSyntheticLip, syntheticDataDir, type SyntheticDataSpec } from './synthetic-data.js';
export { renderReport, type ReportInput, type ReportExample, type ReportTrainingStep } from './report/render-report.js';
