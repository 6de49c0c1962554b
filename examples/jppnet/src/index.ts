// The library behind the `jppnet` command line, for the repository's other examples (npm run pretrain).
export { runCli as runJppnetCli } from './run-cli.js';
export { evaluateJppnet, type JppnetEvaluation } from './evaluate-jppnet.js';
export { RUN_FILES as JPPNET_RUN_FILES } from './model-source.js';
