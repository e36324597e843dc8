// The browser's web worker shell: expose the block API through comlink, transferring results.
import * as Comlink from 'comlink';
import { batchBuffers, createBlockWorkerApi } from './blockWorkerApi';

const api = createBlockWorkerApi();
Comlink.expose({
	runBlocks: (...args: Parameters<typeof api.runBlocks>) => {
		const batch = api.runBlocks(...args);
		return Comlink.transfer(batch, batchBuffers(batch));
	}
});
