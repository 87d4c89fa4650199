#!/usr/bin/env node
// Thin launcher kept in git so npm can link the `carepass` bin before the first build.
import { runCli } from '../dist/index.js';

process.exitCode = await runCli(process.argv.slice(2));
