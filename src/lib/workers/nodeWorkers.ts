// Node worker_threads for the CLI and tests. The worker's TypeScript is bundled once per process
// with esbuild (already Vite's bundler), so a worker starts from plain JavaScript in tens of ms.
// The built CLI (scripts/build-cli.mjs) ships the default worker prebuilt beside itself and
// never loads esbuild.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockWorkerApi } from './blockWorkerApi';
import { failureSignal, WorkerPool, type WorkerHandle } from './pool';

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a worker entry (a .ts file) into one ES module, once per process. The file is named
 * after a hash of its contents in the temporary folder, so runs share it and leave no litter.
 */
export function bundleWorker(entry: URL): Promise<string> {
	const key = entry.href;
	if (!bundles.has(key)) {
		bundles.set(
			key,
			(async () => {
				const { build } = await import('esbuild'); // only when bundling: the built CLI never does
				const result = await build({
					entryPoints: [fileURLToPath(entry)],
					bundle: true,
					format: 'esm',
					platform: 'node',
					write: false,
					logLevel: 'error',
					// CommonJS dependencies (seedrandom) call require(); give the ES module one.
					banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" }
				});
				const code = result.outputFiles[0].contents;
				const file = join(tmpdir(), `scalecast-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
				if (!existsSync(file)) {
					// write then rename: a concurrent process never sees a half-written file
					const partial = `${file}.${process.pid}.tmp`;
					await writeFile(partial, code);
					await rename(partial, file);
				}
				return file;
			})()
		);
	}
	return bundles.get(key)!;
}

/** A WorkerHandle around a worker_threads worker running `script`. */
export function nodeWorker(script: string): WorkerHandle {
	const worker = new Worker(script);
	const { fail, onFailure } = failureSignal();
	worker.once('error', fail);
	worker.once('exit', (code) => fail(new Error(`the worker exited (code ${code})`)));
	const api = Comlink.wrap<BlockWorkerApi>(nodeEndpoint(worker));
	return {
		api,
		onFailure,
		terminate: () => {
			api[Comlink.releaseProxy]();
			void worker.terminate();
		}
	};
}

export const DEFAULT_WORKER = new URL('./nodeBlockWorker.ts', import.meta.url);

/**
 * The default worker, prebuilt: scripts/build-cli.mjs writes `nodeBlockWorker.mjs` beside the
 * bundled CLI, where `import.meta.url` then points. From the sources (tsx, Vitest) there is no
 * such file next to this one and the worker is bundled at run time.
 */
const PREBUILT_NAME = 'nodeBlockWorker.mjs';
function prebuiltWorker(): string | null {
	const file = fileURLToPath(new URL(PREBUILT_NAME, import.meta.url));
	return existsSync(file) ? file : null;
}

/** A pool of `size` Node workers (default: the machine's cores) running `entry`. */
export async function createNodePool(size = availableParallelism(), entry: URL = DEFAULT_WORKER): Promise<WorkerPool> {
	const script = (entry.href === DEFAULT_WORKER.href ? prebuiltWorker() : null) ?? (await bundleWorker(entry));
	return new WorkerPool(() => nodeWorker(script), size);
}
