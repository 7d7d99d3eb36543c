import * as z from './api';

/**
 * The module the deployed bundles get for `zod` (esbuild's `alias` option in ../handler-bundle.ts, which maps `zod` and every `zod/...` subpath): the same `z` as
 * `import { z } from 'zod'`, minus what ./api.ts leaves out. zod's own entry re-exports its 64 locale modules
 * (~258 KB minified) in the `z` namespace, which a bundler cannot tree-shake; English messages stay (zod's classic
 * schemas configure them).
 */
export { z, z as default };
export * from './api';
