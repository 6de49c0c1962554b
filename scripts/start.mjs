#!/usr/bin/env node
// `npm start`: the main job. Builds the quickstart and the packages it uses, then runs it from the repository root:
// the synthetic mini-LIP -> SS-NAN's three training steps from the shipped starting point -> evaluation ->
// runs/quickstart/report.html. Arguments after `npm start --` go to the quickstart (`-- --from-scratch`,
// `-- --backend wasm`, `-- --smoke`, `-- --help`).
import { buildAndRun } from './build-and-run.mjs';

buildAndRun('@lip/example-quickstart', 'examples/quickstart/dist/cli.js', process.argv.slice(2), 'npm start');
