#!/usr/bin/env node
// The `tollgate` operator CLI: loads the TypeScript sources through tsx (no build step).
// The CLI runs on the machine's Node.js; the AWS SDK's notice about Node 20 is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('tsx/cjs');
const { runCli } = require('../lambda/cli/main.ts');
runCli(process.argv).then((code) => {
  process.exitCode = code;
});
