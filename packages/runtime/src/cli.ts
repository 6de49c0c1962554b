import { choiceOption, parseOptions, reportCliError, UsageError } from '@lip/schema/node';
import { describeBackendChoice, useBackend, type BackendRequest } from './index.js';
import { setupNative } from './node.js';

const USAGE = `lip-runtime <command>

Commands:
  backends [--backend auto|tensorflow|wasm|cpu]
      Select a TensorFlow.js backend as @lip/runtime would, and print why.
  setup-native [--wheel FILE] [--tensorflow-dir DIR] [--cache-dir DIR] [--python python3] [--force]
      Build @tensorflow/tfjs-node from source against the libtensorflow of a TensorFlow pip wheel
      (default: pip download --no-deps tensorflow_cpu==2.21.0) or of an installed TensorFlow.`;

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command == null || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'backends') {
    const { values } = parseOptions(rest, { backend: { type: 'string' } });
    // Without --backend, useBackend reads LIP_BACKEND, else auto.
    const choice = await useBackend(choiceOption(values.backend, 'backend', BACKENDS));
    console.log(describeBackendChoice(choice));
    return 0;
  }
  if (command === 'setup-native') {
    const { values } = parseOptions(rest, {
      wheel: { type: 'string' },
      'tensorflow-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      python: { type: 'string' },
      force: { type: 'boolean' },
    });
    setupNative({
      wheel: values.wheel,
      tensorflowDir: values['tensorflow-dir'],
      cacheDir: values['cache-dir'],
      python: values.python,
      force: values.force,
    });
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Usage errors: the message and the usage, exit code 2; other errors (SetupNativeError…): the message, exit code 1.
    process.exitCode = reportCliError('lip-runtime', error, { usage: USAGE });
  },
);
