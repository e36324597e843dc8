// A Node worker for tests: the real block API, except that block 2 throws or kills the worker,
// chosen by the run's seed (seed 1: throw, seed 2: exit as an out-of-memory kill would), or
// block 1 takes 3 s more (seed 3: a block too slow to wait for when its run is superseded).
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createBlockWorkerApi, type BlockWorkerApi } from '../../src/lib/workers/blockWorkerApi';

const api = createBlockWorkerApi();
let seed = 0;
const faulty: BlockWorkerApi = {
	...api,
	begin(runId, spec) {
		seed = spec.seed;
		api.begin(runId, spec);
	},
	runBlocks(runId, blocks, recycled) {
		if (blocks.includes(2) && seed === 1) throw new TypeError('boom in block 2');
		if (blocks.includes(2) && seed === 2) process.exit(137);
		if (blocks.includes(1) && seed === 3) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
		return api.runBlocks(runId, blocks, recycled);
	}
};
Comlink.expose(faulty, nodeEndpoint(parentPort!));
