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
			// Vitest's default in a run is one file at a time on 2 cores (cores − 1); many test files wait
			// on a child, a worker or the browser part of the time, so one file per core is faster.
			maxWorkers: Math.max(2, availableParallelism()),
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
