import { runCli } from './run-cli.js';
import { UsageError } from './options.js';

const log = (line: string): void => {
  process.stdout.write(`${line.replace(/\n$/, '')}\n`);
};

runCli(process.argv.slice(2), log).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`jppnet: ${message}\n`);
  if (!(error instanceof UsageError) && process.env['JPPNET_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
