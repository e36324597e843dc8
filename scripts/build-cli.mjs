// Builds the command line into plain JavaScript, so that `scalecast` starts without compiling
// TypeScript: dist/cli/scalecast.mjs (the CLI, from src/cli/bin.ts), dist/cli/nodeWorkers.mjs (the
// worker pool, loaded only for a run on worker threads) and dist/cli/nodeBlockWorker.mjs (its worker
// thread, found by src/lib/workers/nodeWorkers.ts beside itself). esbuild bundles
// and tree-shakes: of mathjs only the parser the engine creates (`create({ parseDependencies })`)
// is kept. dist/cli/inputs.json lists the source files that went in, so that bin/scalecast.js can
// tell a stale build from a fresh one and rebuild before running.
//
// Run by `npm ci` / `npm install` (the `prepare` script) and by `npm run build:cli`.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'dist', 'cli');
export const MANIFEST = join(OUT_DIR, 'inputs.json');

/** Writes a file so that a concurrent reader never sees it half-written. */
function writeAtomically(file, contents) {
	const partial = `${file}.${process.pid}.tmp`;
	writeFileSync(partial, contents);
	renameSync(partial, file);
}

/** Bundles the CLI and its worker into dist/cli/; returns the source files that went in. */
export async function buildCli() {
	const result = await build({
		absWorkingDir: ROOT,
		// nodeWorkers is imported only for a run on worker threads; an entry of its own, beside the
		// CLI, so that it finds the prebuilt worker beside itself (not in chunks/).
		entryPoints: {
			scalecast: 'src/cli/bin.ts',
			nodeWorkers: 'src/lib/workers/nodeWorkers.ts',
			nodeBlockWorker: 'src/lib/workers/nodeBlockWorker.ts'
		},
		outdir: OUT_DIR,
		outExtension: { '.js': '.mjs' },
		bundle: true,
		format: 'esm',
		// what is imported only when asked for (report writers, diff) goes in chunks of its own
		splitting: true,
		chunkNames: 'chunks/[name]-[hash]',
		platform: 'node',
		target: 'node20',
		// Only a worker that is not the prebuilt default is bundled at run time (nodeWorkers.ts).
		external: ['esbuild'],
		write: false,
		metafile: true,
		logLevel: 'error',
		// CommonJS dependencies (seedrandom, yaml's helpers) call require(); give the ES modules one.
		banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
	});
	for (const output of result.outputFiles) {
		mkdirSync(dirname(output.path), { recursive: true });
		writeAtomically(output.path, output.contents);
	}
	// chunks of earlier builds (named by their content's hash) are no longer imported by anything
	const chunks = join(OUT_DIR, 'chunks');
	const written = new Set(result.outputFiles.map((output) => output.path));
	for (const name of readdirSync(chunks)) if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
	const inputs = Object.keys(result.metafile.inputs)
		.filter((file) => !file.split('/').includes('node_modules'))
		.sort();
	// Dependencies change through the lock file (npm ci / npm install rebuild anyway).
	inputs.push('package-lock.json', 'scripts/build-cli.mjs');
	// Written last: its time stamp is the build's.
	writeAtomically(MANIFEST, `${JSON.stringify({ inputs }, null, 1)}\n`);
	return inputs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const started = Date.now();
	const inputs = await buildCli();
	console.log(`built ${relative(ROOT, OUT_DIR)}/ from ${inputs.length} source files in ${Date.now() - started} ms`);
}
