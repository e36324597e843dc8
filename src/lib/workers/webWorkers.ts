// Web workers for the page: the same pool as the CLI's, with the browser's Worker as transport.
// Create pools only in the browser (never during server rendering).
import * as Comlink from 'comlink';
import type { BlockWorkerApi } from './blockWorkerApi';
import { WorkerPool, type WorkerHandle } from './pool';

function webWorker(): WorkerHandle {
	const worker = new Worker(new URL('./webBlockWorker.ts', import.meta.url), { type: 'module' });
	const failed = new Promise<never>((_, reject) => {
		worker.addEventListener('error', (event) => reject(new Error(event.message || 'the worker failed to load or crashed')));
		worker.addEventListener('messageerror', () => reject(new Error('a message from the worker could not be read')));
	});
	const api = Comlink.wrap<BlockWorkerApi>(worker);
	return {
		api,
		failed,
		terminate: () => {
			api[Comlink.releaseProxy]();
			worker.terminate();
		}
	};
}

/** A pool of web workers, one per core by default (at most 8: the page is one tab of many). */
export function createWebPool(size = Math.min(navigator.hardwareConcurrency || 2, 8)): WorkerPool {
	return new WorkerPool(webWorker, size);
}
