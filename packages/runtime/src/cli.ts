import { parseArgs } from 'node:util';
import { describeBackendChoice, useBackend, type BackendRequest } from './index.js';
import { setupNative, SetupNativeError } from './node.js';

const USAGE = `lip-runtime <command>

Commands:
  backends [--backend auto|tensorflow|wasm|cpu]
      Select a TensorFlow.js backend as @lip/runtime would, and print why.
  setup-native [--wheel FILE] [--tensorflow-dir DIR] [--cache-dir DIR] [--python python3] [--force]
      Build @tensorflow/tfjs-node from source against the libtensorflow of a TensorFlow pip wheel
      (default: pip download --no-deps tensorflow_cpu==2.21.0) or of an installed TensorFlow.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'backends') {
    const { values } = parseArgs({ args: rest, options: { backend: { type: 'string' } } });
    const choice = await useBackend(values.backend as BackendRequest | undefined);
    console.log(describeBackendChoice(choice));
    return 0;
  }
  if (command === 'setup-native') {
    const { values } = parseArgs({
      args: rest,
      options: {
        wheel: { type: 'string' },
        'tensorflow-dir': { type: 'string' },
        'cache-dir': { type: 'string' },
        python: { type: 'string' },
        force: { type: 'boolean' },
      },
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
  console.log(USAGE);
  return command == null || command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(error instanceof SetupNativeError || error instanceof Error ? `lip-runtime: ${error.message}` : error);
    process.exitCode = 1;
  },
);
