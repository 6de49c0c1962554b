import { LipDatasetError } from '@lip/dataset/node';
import { WeightImportError } from '@lip/runtime';
import { reportCliError } from '@lip/schema/node';
import { parseCommandLine, USAGE } from './command-line.js';
import { detectSsnan } from './detect-ssnan.js';
import { evaluateSsnan, evaluationToJSON, formatClassTable, formatHeadline } from './evaluate-ssnan.js';
import { trainSsnan } from './train-ssnan.js';
import { TrainSsnanError } from './train-ssnan-error.js';

export interface CliIo {
  /** Results (the metrics table, --json). */
  readonly out: (text: string) => void;
  /** Progress and errors. */
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Runs `train-ssnan <command> …`; resolves to the exit code (0 ok, 1 failed, 2 bad command line). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'train': {
        const result = await trainSsnan({ ...parsed.options, log: io.err });
        io.out(`${result.trainMode}: ${result.status === 'trained' ? 'trained' : 'already complete'}; checkpoint ${result.checkpoint.path}`);
        return 0;
      }
      case 'evaluate': {
        const result = await evaluateSsnan({ ...parsed.options, log: io.err });
        if (parsed.json) io.out(JSON.stringify(evaluationToJSON(result)));
        else io.out(`${formatClassTable(result.metrics)}\n\n${result.images} images: ${formatHeadline(result.metrics)}`);
        return 0;
      }
      case 'detect': {
        const results = await detectSsnan({ ...parsed.options, log: io.err });
        io.out(`${results.length} image(s) parsed into ${parsed.options.output}`);
        return 0;
      }
    }
  } catch (e) {
    // A bad command line: the message and the usage, exit code 2. Problems the user can fix get their message
    // alone; anything else keeps its stack.
    return reportCliError('train-ssnan', e, {
      usage: USAGE,
      write: (text) => io.err(text.replace(/\n$/, '')),
      stack: (error) => !(error instanceof TrainSsnanError || error instanceof LipDatasetError || error instanceof WeightImportError),
    });
  }
}
