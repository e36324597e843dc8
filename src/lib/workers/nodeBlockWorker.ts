// The Node worker_threads shell: expose the block API through comlink, transferring results.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { batchBuffers, createBlockWorkerApi } from './blockWorkerApi';

const api = createBlockWorkerApi();
Comlink.expose(
	{
		runBlocks: (...args: Parameters<typeof api.runBlocks>) => {
			const batch = api.runBlocks(...args);
			return Comlink.transfer(batch, batchBuffers(batch));
		}
	},
	nodeEndpoint(parentPort!)
);
