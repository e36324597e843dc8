import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodeAdapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Tests build into their own folders (test/server/productionServer.test.ts), leaving build/ alone.
const OUT = process.env.SCALECAST_BUILD_OUT || 'build';

/**
 * adapter-node, plus Scalecast's production defaults: `build/scalecast-defaults.js` becomes the
 * first import of `build/index.js`, so that `node build` listens on 127.0.0.1 unless HOST says
 * otherwise, accepts bodies up to BODY_SIZE_LIMIT=2M, and refuses to start on a network address
 * without SCALECAST_TOKEN (src/lib/server/productionDefaults.js; README, "Running it for a team").
 * @returns {import('@sveltejs/kit').Adapter}
 */
function adapter() {
	const base = nodeAdapter({ out: OUT });
	return {
		...base,
		name: 'adapter-node (scalecast defaults)',
		async adapt(builder) {
			await base.adapt(builder);
			copyFileSync(fileURLToPath(new URL('./src/lib/server/productionDefaults.js', import.meta.url)), `${OUT}/scalecast-defaults-lib.js`);
			writeFileSync(
				`${OUT}/scalecast-defaults.js`,
				[
					"import { applyProductionDefaults } from './scalecast-defaults-lib.js';",
					'const problem = applyProductionDefaults(process.env);',
					'if (problem !== null) {',
					'\tconsole.error(`scalecast: ${problem}`);',
					'\tprocess.exit(1);',
					'}',
					''
				].join('\n')
			);
			const entry = `${OUT}/index.js`;
			writeFileSync(entry, `import './scalecast-defaults.js';\n${readFileSync(entry, 'utf8')}`);
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		outDir: process.env.SCALECAST_KIT_OUT || '.svelte-kit',
		// A policy on every page (a header on server-rendered pages). Scripts only from this origin
		// or with SvelteKit's per-response nonce or hash (mode auto), never eval; web workers from
		// this origin (or blob:); styles inline as well, since Svelte and the d3 charts set style
		// attributes; nothing may frame the page. The notebook's markdown is sanitised on top of this.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};
