#!/usr/bin/env node
// The `tollgate` operator CLI: loads the TypeScript sources through tsx (no build step).
require('tsx/cjs');
const { runCli } = require('../lambda/cli/main.ts');
runCli(process.argv).then((code) => {
  process.exitCode = code;
});
