// The browser's web worker shell: the block API over comlink.
import * as Comlink from 'comlink';
import { createBlockWorkerApi } from './blockWorkerApi';

Comlink.expose(createBlockWorkerApi());
