import { reportCliError } from '@lip/schema/node';
import { runCli, usageOf } from './run-cli.js';

const log = (line: string): void => {
  process.stdout.write(`${line.replace(/\n$/, '')}\n`);
};

const argv = process.argv.slice(2);
runCli(argv, log).catch((error: unknown) => {
  // A UsageError: the message and the command's usage, exit code 2; anything else: the message (the stack with
  // JPPNET_DEBUG set), exit code 1.
  process.exitCode = reportCliError('jppnet', error, { usage: usageOf(argv[0]), stack: Boolean(process.env['JPPNET_DEBUG']) });
});
