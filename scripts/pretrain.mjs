#!/usr/bin/env node
// `npm run pretrain`: builds the quickstart and the packages it uses, then trains (or resumes) the
// synthetic-pretrained starting point that `npm start` begins from. Arguments after `npm run pretrain --` go to it
// (`-- --help`).
import { buildAndRun } from './build-and-run.mjs';

buildAndRun('@lip/example-quickstart', 'examples/quickstart/dist/pretrain.js', process.argv.slice(2), 'npm run pretrain');
