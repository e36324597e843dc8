// One pool of web workers for the whole page, made on first use (only ever in the browser).
import { createWebPool } from '$lib/workers/webWorkers';
import type { WorkerPool } from '$lib/workers/pool';

let pool: WorkerPool | null = null;

export function runPool(): WorkerPool {
	pool ??= createWebPool();
	return pool;
}
