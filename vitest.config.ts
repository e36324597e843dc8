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
			// unit tests first while the app builds in the background, then the tests that serve it
			sequence: { sequencer: AppBuildLastSequencer },
			testTimeout: 60_000,
			hookTimeout: 120_000
		}
	})
);
