import { parseArgs } from 'node:util';
import type { BackendRequest } from '@lip/runtime';
import { runQuickstart } from './run-quickstart.js';
import { QUICKSTART_CONFIG, SMOKE_CONFIG } from './quickstart-defaults.js';

const USAGE = `Usage: lip-quickstart [--out DIR=runs/quickstart] [--data-dir DIR] [--backend auto|tensorflow|wasm|cpu] [--resume] [--smoke]

Generates the synthetic mini-LIP (once), trains SS-NAN's three steps on it, evaluates on its val split and
writes DIR/report.html and DIR/metrics.json. --backend defaults to LIP_BACKEND, else auto. --smoke runs a
few steps on tiny data (seconds).`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        'data-dir': { type: 'string' },
        backend: { type: 'string' },
        resume: { type: 'boolean' },
        smoke: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    console.error(`lip-quickstart: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const backend = values.backend; // unset: useBackend reads LIP_BACKEND, else 'auto'
  if (backend != null && !['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) {
    console.error(`lip-quickstart: --backend must be auto, tensorflow, wasm or cpu, got ${JSON.stringify(backend)}\n\n${USAGE}`);
    return 2;
  }
  const result = await runQuickstart({
    ...(values.out ? { outDir: values.out } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(backend ? { backend: backend as BackendRequest } : {}),
    resume: values.resume === true,
    config: values.smoke ? SMOKE_CONFIG : QUICKSTART_CONFIG,
  });
  console.log(`\n${result.headline}\nreport: ${result.reportPath}`);
  console.error(`(wall ${result.totalSeconds.toFixed(0)} s, CPU ${result.cpuSeconds.toFixed(0)} s)`);
  return 0;
}

process.exitCode = await main().catch((e: unknown) => {
  console.error(`lip-quickstart: ${(e as Error).stack ?? String(e)}`);
  return 1;
});
