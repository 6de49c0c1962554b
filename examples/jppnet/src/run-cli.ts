import { detectCommand, DETECT_USAGE } from './commands/detect.js';
import { evaluateParsingCommand, EVALUATE_PARSING_USAGE } from './commands/evaluate-parsing.js';
import { evaluatePoseCommand, EVALUATE_POSE_USAGE } from './commands/evaluate-pose.js';
import { trainCommand, TRAIN_USAGE } from './commands/train.js';
import { UsageError } from '@lip/schema/node';

const COMMANDS: Record<string, (args: string[], log: (line: string) => void) => Promise<void>> = {
  train: trainCommand,
  'evaluate-parsing': evaluateParsingCommand,
  'evaluate-pose': evaluatePoseCommand,
  detect: detectCommand,
};

const USAGE = `jppnet <command> [options]   (--help after a command for its options)

${TRAIN_USAGE}
${EVALUATE_PARSING_USAGE}
${EVALUATE_POSE_USAGE}
${DETECT_USAGE}`;

const COMMAND_USAGE: Record<string, string> = {
  train: TRAIN_USAGE,
  'evaluate-parsing': EVALUATE_PARSING_USAGE,
  'evaluate-pose': EVALUATE_POSE_USAGE,
  detect: DETECT_USAGE,
};

/** The usage to print after a usage error in `command` (all commands' when it is not one). */
export function usageOf(command: string | undefined): string {
  return (command !== undefined && COMMAND_USAGE[command]) || USAGE;
}

/** Runs one command; `log` receives each output line. Errors are thrown (UsageError for bad arguments). */
export async function runCli(argv: readonly string[], log: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv;
  if (command == null || command === '--help' || command === '-h' || command === 'help') return log(USAGE);
  const run = COMMANDS[command];
  if (run == null) throw new UsageError(`unknown command "${command}"; expected one of ${Object.keys(COMMANDS).join(', ')}`);
  await run(rest, log);
}

