#!/usr/bin/env node
// `npx scalecast FILE …` and `npm run sim`: the CLI of SPEC §2, run from the JavaScript that
// scripts/build-cli.mjs bundles into dist/cli/ (built by `npm ci` / `npm install`). A build older
// than any of its sources, or a missing one, is rebuilt first (about a second), so the CLI never
// runs stale code.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const manifest = new URL('dist/cli/inputs.json', root);

function fresh() {
	let built, inputs;
	try {
		built = statSync(manifest).mtimeMs;
		({ inputs } = JSON.parse(readFileSync(manifest, 'utf8')));
	} catch {
		return false;
	}
	for (const input of inputs) {
		let changed;
		try {
			changed = statSync(new URL(input, root)).mtimeMs;
		} catch {
			return false; // a source was moved or deleted
		}
		if (changed > built) return false;
	}
	return true;
}

if (!fresh()) {
	const { buildCli } = await import('../scripts/build-cli.mjs');
	try {
		await buildCli(); // esbuild prints what failed
	} catch {
		process.stderr.write('scalecast: could not build the CLI from its sources (see above; `npm run build:cli` retries)\n');
		process.exit(70);
	}
}
await import('../dist/cli/scalecast.mjs');
