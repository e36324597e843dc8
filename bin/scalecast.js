#!/usr/bin/env node
// `npx scalecast FILE …`: the CLI of SPEC §2, run from its TypeScript source through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/cli/main.ts', import.meta.url);
