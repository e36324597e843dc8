import { sveltekit } from '@sveltejs/kit/vite';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	test: {
		include: ['test/**/*.test.ts'],
		environment: 'node',
		// Vitest's default in a run is one file at a time on 2 cores (cores − 1); many test files wait
		// on a child, a worker or the browser part of the time, so one file per core is faster.
		maxWorkers: Math.max(2, availableParallelism()),
		testTimeout: 60_000,
		hookTimeout: 120_000
	}
});
