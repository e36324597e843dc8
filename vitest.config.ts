// The tests' configuration: the app's (vite.config.ts) plus how vitest runs the files.
import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import app from './vite.config';
import AppBuildLastSequencer from './test/support/sequencer';

export default mergeConfig(
	app,
	defineConfig({
		test: {
			include: ['test/**/*.test.ts'],
			environment: 'node',
			// Vitest's default in a run is one file at a time on 2 cores (cores − 1). Test files wait
			// part of the time (on the browser, the app server, a child, a worker thread, a timer), so
			// one file more than the cores keeps them busy: on 2 cores 3 files at a time took 95-104 s
			// of vitest where 2 took 98-110 s in interleaved runs, and 4 took 106 s.
			maxWorkers: availableParallelism() + 1,
			// Files share their worker's modules instead of importing the engine, mathjs, zod and
			// yaml again for each of 60 files (import time 64 s → 12 s of the run). Test files
			// restore what they change in the process (environment variables, globals) after them.
			isolate: false,
			// unit tests first while the app builds in the background, then the tests that serve it
			sequence: { sequencer: AppBuildLastSequencer },
			testTimeout: 60_000,
			hookTimeout: 120_000
		}
	})
);
