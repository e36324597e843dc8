// Web workers for the page: the same pool as the CLI's, with the browser's Worker as transport.
// Create pools only in the browser (never during server rendering).
import * as Comlink from 'comlink';
import type { BlockWorkerApi } from './blockWorkerApi';
import { failureSignal, WorkerPool, type WorkerHandle } from './pool';

function webWorker(): WorkerHandle {
	const worker = new Worker(new URL('./webBlockWorker.ts', import.meta.url), { type: 'module' });
	const { fail, onFailure } = failureSignal();
	worker.addEventListener('error', (event) => fail(new Error(event.message || 'the worker failed to load or crashed')));
	worker.addEventListener('messageerror', () => fail(new Error('a message from the worker could not be read')));
	const api = Comlink.wrap<BlockWorkerApi>(worker);
	return {
		api,
		onFailure,
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
