// The app's vite config for the browser tests' dev server, without HMR: a file saved in the
// checkout while the tests run must not reload the page under test.
import { mergeConfig } from 'vite';
import app from '../../vite.config';

export default mergeConfig(app, { server: { hmr: false } });
