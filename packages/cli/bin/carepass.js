#!/usr/bin/env node
// Thin launcher kept in git so npm can link the `carepass` bin before the first build.
import { runCli } from '../dist/index.js';

// A reader that goes away early (`carepass … | head`) is normal, not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
