import type { BackendRequest } from '@lip/runtime';
import { choiceOption, parseOptions, reportCliError } from '@lip/schema/node';
import { runQuickstart } from './run-quickstart.js';
import { FROM_SCRATCH_CONFIG, QUICKSTART_CONFIG, SMOKE_CONFIG } from './quickstart-defaults.js';

const USAGE = `Usage: lip-quickstart [--out DIR=runs/quickstart] [--data-dir DIR] [--backend auto|tensorflow|wasm|cpu] [--resume]
                      [--from-scratch] [--smoke]

Generates the synthetic mini-LIP (once), trains SS-NAN's three steps on it from the synthetic-pretrained
starting point the repository ships (models/ssnan-synthetic), evaluates the starting point and each step on its
val split and writes DIR/report.html and DIR/metrics.json. --backend defaults to LIP_BACKEND, else auto.
--from-scratch trains from a fresh initialisation at 64 px instead; --smoke runs a few steps on tiny data
(seconds).`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

async function main(): Promise<number> {
  const { values } = parseOptions(process.argv.slice(2), {
    out: { type: 'string' },
    'data-dir': { type: 'string' },
    backend: { type: 'string' },
    resume: { type: 'boolean' },
    smoke: { type: 'boolean' },
    'from-scratch': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const backend = choiceOption(values.backend, 'backend', BACKENDS); // unset: useBackend reads LIP_BACKEND, else 'auto'
  const result = await runQuickstart({
    ...(values.out ? { outDir: values.out } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(backend ? { backend } : {}),
    resume: values.resume === true,
    config: values.smoke ? SMOKE_CONFIG : values['from-scratch'] ? FROM_SCRATCH_CONFIG : QUICKSTART_CONFIG,
  });
  console.log(`\n${result.headline}\nreport: ${result.reportPath}`);
  console.error(`(wall ${result.totalSeconds.toFixed(0)} s, CPU ${result.cpuSeconds.toFixed(0)} s)`);
  return 0;
}

// A bad command line: the message and the usage, exit code 2; a failure: its stack, exit code 1.
process.exitCode = await main().catch((e: unknown) => reportCliError('lip-quickstart', e, { usage: USAGE, stack: true }));
