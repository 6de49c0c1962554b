import { reportCliError, UsageError } from '@lip/schema/node';
import { processIO, type CliIO } from './cli-io.js';
import { MERGE_USAGE, runMergeCommand } from './merge-command.js';
import { PARSING_USAGE, runParsingCommand } from './parsing-command.js';
import { POSE_USAGE, runPoseCommand } from './pose-command.js';

export const USAGE = `lip-metrics: LIP human-parsing and pose metrics (official LIP formulas)

Usage:
  lip-metrics parsing --pred DIR --gt DIR [--list ids.txt] [--classes lip|FILE] [--policy nan-skip|zero]
                      [--json] [--per-image FILE.csv] [--save-matrix FILE.json] [--threads N]
  lip-metrics pose --pred CSV --gt CSV [--convention lip|mpii] [--threshold T] [--json]
  lip-metrics merge A.json B.json ... [--json] [--out merged.json]
  lip-metrics help COMMAND
`;

const COMMAND_USAGE: Record<string, string> = { parsing: PARSING_USAGE, pose: POSE_USAGE, merge: MERGE_USAGE };

/** Runs the CLI and returns the exit code: 0 success, 1 failure, 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = rest[0];
      io.stdout(topic !== undefined && COMMAND_USAGE[topic] ? COMMAND_USAGE[topic] : USAGE);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(COMMAND_USAGE[command] ?? USAGE);
      return 0;
    }
    switch (command) {
      case 'parsing':
        await runParsingCommand(rest, io);
        return 0;
      case 'pose':
        runPoseCommand(rest, io);
        return 0;
      case 'merge':
        runMergeCommand(rest, io);
        return 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    return reportCliError('lip-metrics', error, { usage: (command && COMMAND_USAGE[command]) || USAGE, write: io.stderr });
  }
}
