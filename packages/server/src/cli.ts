#!/usr/bin/env node
import { processIo } from './cli/io.js';
import { run } from './cli/run.js';

// The commands live in cli/; this file only connects them to the process.
run(process.argv.slice(2), processIo()).then((code) => {
  if (code !== 0) process.exitCode = code;
});
