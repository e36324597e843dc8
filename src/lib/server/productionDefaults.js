// The defaults of the production server (`node build`), applied before adapter-node reads its
// environment: svelte.config.js copies this file next to build/index.js and makes it the entry's
// first import. Plain JavaScript with no imports, so it runs as it is.
//  - HOST defaults to 127.0.0.1 (adapter-node's own default is 0.0.0.0, every interface);
//  - BODY_SIZE_LIMIT defaults to 2M, the limit the notebook API enforces in dev as well;
//  - a HOST that is not loopback (the server is on a network) needs SCALECAST_TOKEN, or the
//    server does not start.

/**
 * Whether `host` (a host name or address, as in HOST or a Host header without its port) names
 * this machine only: localhost, 127.x.y.z, ::1 (with or without brackets), ::ffff:127.x.y.z.
 * @param {string} host
 */
export function isLoopback(host) {
	const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
	return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Fills in the defaults in `env` (process.env); returns why the server must not start, or null.
 * @param {Record<string, string | undefined>} env
 * @returns {string | null}
 */
export function applyProductionDefaults(env) {
	if (!env.SOCKET_PATH && !env.HOST) env.HOST = '127.0.0.1';
	if (!env.BODY_SIZE_LIMIT) env.BODY_SIZE_LIMIT = '2M';
	if (env.HOST && !isLoopback(env.HOST) && !env.SCALECAST_TOKEN) {
		return (
			`HOST=${env.HOST} makes Scalecast reachable from the network, where anyone could read and change the notebooks. ` +
			'Set SCALECAST_TOKEN to a long random secret (e.g. SCALECAST_TOKEN=$(openssl rand -hex 24)) and give it to your team, ' +
			'or leave HOST unset to serve this machine only (127.0.0.1). See "Running it for a team" in the README.'
		);
	}
	return null;
}
