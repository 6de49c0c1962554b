import { choiceOption, integerOption, parseOptions, reportCliError, requiredOption, UsageError } from '@lip/schema/node';
import { convertToWebModel } from '../convert-to-web-model.js';
import { formatConversionReport, WEB_MODEL_DTYPES } from '../conversion-report.js';
import { WEB_MODEL_KINDS } from '../web-model-kind.js';

export const USAGE = `lip-convert: the authors' weights or a LIP training run → a web model folder
(tfjs layers model.json + weight shards of at most 4 MiB, the model's config in its metadata)

Usage:
  lip-convert --from PATH --out DIR [--model jppnet|ssnan|pspnet] [--config FILE.json]
              [--dtype float32|float16|uint8] [--test-image FILE] [--force] [--json]
              [--shard-size BYTES] [--backend auto|tensorflow|wasm|cpu]

  --from PATH        JPPNet TF checkpoint (checkpoint/JPPNet-s2/model.ckpt-NNN, or its folder with the
                     "checkpoint" file), SS-NAN or PSPNet-Keras .h5, tfjs model folder, or training run folder
  --out DIR          the web model folder: new, empty, or a previous web model (replaced atomically)
  --model NAME       the network, when it cannot be detected (JPPNet for TF checkpoints)
  --config FILE      JSON config of the network (a JppnetConfig, SsnanConfig or PspnetConfig, or {"jppnet": …});
                     default the input's own, else JPPNet-s2 / the published SS-NAN / PSPNet-Keras ResNet-101 at 473²
  --dtype TYPE       float32 (default); float16: every float32 weight stored as IEEE half (½ the bytes);
                     uint8: as 8-bit levels of each tensor's range (¼ the bytes)
  --test-image FILE  float16 / uint8: the image the logits are compared on (default a synthetic mini-LIP sample)
  --force            replace an output folder that exists and is not a web model
  --json             print the report as JSON
  --shard-size BYTES weight shard size (default 4194304)
  --backend NAME     TensorFlow.js backend (default LIP_BACKEND, else auto)

Exit codes: 0 converted, 1 failed, 2 usage error.
`;

const OPTIONS = {
  from: { type: 'string' },
  out: { type: 'string' },
  model: { type: 'string' },
  config: { type: 'string' },
  dtype: { type: 'string' },
  'test-image': { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  'shard-size': { type: 'string' },
  backend: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIO: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Runs `lip-convert` and returns the exit code: 0 converted, 1 failure, 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  try {
    const { values } = parseOptions(argv, OPTIONS);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const from = requiredOption(values.from, 'from');
    const out = requiredOption(values.out, 'out');
    const model = choiceOption(values.model, 'model', WEB_MODEL_KINDS);
    const dtype = choiceOption(values.dtype, 'dtype', WEB_MODEL_DTYPES, { default: 'float32' });
    const backend = choiceOption(values.backend, 'backend', ['auto', 'tensorflow', 'wasm', 'cpu']);
    const shardSizeBytes = integerOption(values['shard-size'], 'shard-size', { min: 1 });
    if (values.config === '') throw new UsageError('--config must not be empty');
    if (values['test-image'] === '') throw new UsageError('--test-image must not be empty');
    if (values['test-image'] != null && dtype === 'float32') throw new UsageError('--test-image is for --dtype float16 or uint8 (float32 weights are stored exactly; there is nothing to compare)');
    const report = await convertToWebModel({
      from,
      out,
      dtype,
      force: values.force ?? false,
      ...(model ? { model } : {}),
      ...(values.config != null ? { config: values.config } : {}),
      ...(values['test-image'] != null ? { testImage: values['test-image'] } : {}),
      ...(shardSizeBytes != null ? { shardSizeBytes } : {}),
      ...(backend ? { backend } : {}),
      onLog: (line) => io.stderr(`${line}\n`),
    });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatConversionReport(report));
    return 0;
  } catch (error) {
    return reportCliError('lip-convert', error, { usage: USAGE, write: io.stderr });
  }
}
