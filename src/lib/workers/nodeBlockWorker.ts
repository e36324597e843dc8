// The Node worker_threads shell: the block API over comlink.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createBlockWorkerApi } from './blockWorkerApi';

Comlink.expose(createBlockWorkerApi(), nodeEndpoint(parentPort!));
