import type { BackendRequest } from '@lip/runtime';
import { choiceOption, parseOptions, reportCliError } from '@lip/schema/node';
import { pretrainJppnet } from './pretrain/pretrain-jppnet.js';
import { pretrainSsnan } from './pretrain/pretrain-ssnan.js';

const USAGE = `Usage: npm run pretrain -- [--model all|ssnan|jppnet] [--out DIR=runs/pretrain] [--backend auto|tensorflow|wasm|cpu] [--export-only]

Trains the starting points the repository ships, on a 192-px synthetic mini-LIP (2,000 train + 50 val images):
- ssnan: what npm start begins from. SS-NAN's pretrain step from scratch (checkpointed every 1,000 steps), then
  its finetune step (the NAN head). Writes models/ssnan-synthetic/.
- jppnet: what examples/jppnet fine-tunes and the web demo parses with. JPPNet-s2 at 1/4 width from scratch,
  parsing and pose (checkpointed every 500 steps). Writes models/jppnet-synthetic/.
--model picks one (default: both, SS-NAN first). Run it again to resume where it stopped; a finished run only
re-evaluates and re-exports. Each model folder gets a web model (SS-NAN float16, JPPNet uint8; at most 10 MB
each) and provenance.json (command, seed, commit, backend, steps, training time, loss and val curves).
--export-only exports what training has reached (the newest checkpoint); a later run without it resumes the
training. --backend defaults to LIP_BACKEND, else auto (native TensorFlow when provisioned: about 0.3 s an SS-NAN
step and 1.3 s a JPPNet step on 2 cores; wasm is about 3× slower).`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

async function main(): Promise<number> {
  const { values } = parseOptions(process.argv.slice(2), {
    model: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string' },
    'export-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const model = choiceOption(values.model, 'model', ['all', 'ssnan', 'jppnet'], { default: 'all' });
  const backend = choiceOption(values.backend, 'backend', BACKENDS);
  const options = {
    ...(values.out ? { outDir: values.out } : {}),
    ...(backend ? { backend } : {}),
    exportOnly: values['export-only'] === true,
    command: ['npm run pretrain', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
  };
  const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
  if (model !== 'jppnet') {
    const ssnan = await pretrainSsnan(options);
    console.log(
      `SS-NAN starting point: ${ssnan.steps.pretrain} pretrain + ${ssnan.steps.finetune} finetune steps, ` +
        `val mIoU ${(100 * ssnan.final.meanIoU).toFixed(2)} % → models/ssnan-synthetic (${mb(ssnan.webModel.bytes)} MB)`,
    );
  }
  if (model !== 'ssnan') {
    const jppnet = await pretrainJppnet(options);
    console.log(
      `JPPNet starting point: ${jppnet.steps.trained} of ${jppnet.steps.planned} steps, val mIoU ${(100 * jppnet.final.meanIoU).toFixed(2)} %, ` +
        `PCKh ${(100 * jppnet.final.pckh).toFixed(2)} % → models/jppnet-synthetic (${mb(jppnet.webModel.bytes)} MB)`,
    );
  }
  return 0;
}

// A bad command line: the message and the usage, exit code 2; a failure: its stack, exit code 1.
process.exitCode = await main().catch((e: unknown) => reportCliError('pretrain', e, { usage: USAGE, stack: true }));
