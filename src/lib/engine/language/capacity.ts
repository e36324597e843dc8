// Capacity and staffing (SPEC §4.8): Gunther's Universal Scalability Law and Erlang C. Plain
// functions of numbers; the registry (functions.ts) turns them into the language's `usl`,
// `usl_nodes`, `erlang_sl` and `erlang_agents`, with `…Problem` saying why arguments are invalid (the registry puts the function's name in front).

/** A reason the arguments are invalid, or null. NaN anywhere is invalid too. */
type Problem = string | null;

const bad = (x: number) => x !== x;

function uslParamsProblem(alpha: number, beta: number, gamma: number): Problem {
	if (bad(alpha) || alpha < 0 || alpha > 1) return `alpha (contention) must be from 0 to 1, not ${alpha}`;
	if (bad(beta) || beta < 0 || beta === Infinity) return `beta (coherency) must be a number ≥ 0, not ${beta}`;
	if (bad(gamma) || gamma <= 0 || gamma === Infinity) return `gamma (throughput of one node) must be above 0, not ${gamma}`;
	return null;
}

/** Throughput of n nodes: gamma·n / (1 + alpha·(n − 1) + beta·n·(n − 1)). */
export function usl(n: number, alpha: number, beta: number, gamma: number): number {
	return (gamma * n) / (1 + alpha * (n - 1) + beta * n * (n - 1));
}

export function uslProblem(n: number, alpha: number, beta: number, gamma: number): Problem {
	if (bad(n) || n < 0 || n === Infinity) return `n (nodes) must be a number ≥ 0, not ${n}`;
	return uslParamsProblem(alpha, beta, gamma);
}

/** The whole n ≥ 1 where usl peaks (Infinity when it never does: beta = 0). */
export function uslPeakNodes(alpha: number, beta: number): number {
	if (beta === 0) return alpha >= 1 ? 1 : Infinity;
	const real = Math.sqrt(Math.max(0, 1 - alpha) / beta);
	const lo = Math.max(1, Math.floor(real));
	return usl(lo + 1, alpha, beta, 1) > usl(lo, alpha, beta, 1) ? lo + 1 : lo;
}

/** The most throughput any whole number of nodes gives (the asymptote gamma/alpha when beta = 0). */
export function uslPeak(alpha: number, beta: number, gamma: number): number {
	const n = uslPeakNodes(alpha, beta);
	if (n === Infinity) return alpha === 0 ? Infinity : gamma / alpha;
	return usl(n, alpha, beta, gamma);
}

/**
 * The smallest whole n ≥ 1 with usl(n) ≥ load; NaN when no n reaches it (`uslNodesProblem` says
 * so). Solves the quadratic beta·L·n² + (alpha·L − beta·L − gamma)·n + L·(1 − alpha) = 0 for its
 * smaller root, then steps to the exact whole answer.
 */
export function uslNodes(load: number, alpha: number, beta: number, gamma: number): number {
	if (load <= usl(1, alpha, beta, gamma)) return 1;
	if (load > uslPeak(alpha, beta, gamma) || (beta === 0 && alpha > 0 && load >= gamma / alpha)) return NaN;
	const a = beta * load;
	const b = alpha * load - beta * load - gamma;
	const c = load * (1 - alpha);
	let root: number;
	if (a === 0) root = -c / b;
	else {
		const disc = Math.max(0, b * b - 4 * a * c);
		// the smaller root, in the form that does not cancel
		root = (2 * c) / (-b + Math.sqrt(disc));
	}
	let n = Math.max(1, Math.ceil(root - 1e-9));
	const peak = uslPeakNodes(alpha, beta);
	while (n < peak && usl(n, alpha, beta, gamma) < load) n++;
	while (n > 1 && usl(n - 1, alpha, beta, gamma) >= load) n--;
	return usl(n, alpha, beta, gamma) >= load ? n : NaN;
}

export function uslNodesProblem(load: number, alpha: number, beta: number, gamma: number): Problem {
	if (!Number.isFinite(load)) return `load must be a finite number, not ${load}`;
	const params = uslParamsProblem(alpha, beta, gamma);
	if (params !== null) return params;
	if (bad(uslNodes(load, alpha, beta, gamma))) {
		const n = uslPeakNodes(alpha, beta);
		const peak = uslPeak(alpha, beta, gamma);
		const where = n === Infinity ? `its limit gamma/alpha = ${round(peak)}` : `its peak ${round(peak)} at n = ${n}`;
		return `load ${round(load)} is above what the law can carry (${where}) — adding nodes stops helping: shard, or lower alpha and beta`;
	}
	return null;
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(4)));

// ---------------------------------------------------------------------------------------------
// Erlang C

/**
 * Erlang C service level: the chance that a contact waits no longer than `wait`, with `agents`
 * agents, arrivals at `rate` per unit of time and handling time `aht` (a traffic of rate·aht
 * erlangs): 1 − C·exp(−(agents − A)·wait/aht), C the Erlang C chance of waiting at all. 0 when
 * agents ≤ A (the queue grows without bound).
 */
export function erlangSl(rate: number, aht: number, agents: number, wait: number): number {
	const traffic = rate * aht;
	if (agents <= traffic) return 0;
	if (traffic === 0) return 1;
	// Erlang B by its stable recurrence, then C from B.
	let b = 1;
	for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
	return slFromB(b, traffic, agents, wait, aht);
}

function slFromB(b: number, traffic: number, agents: number, wait: number, aht: number): number {
	const c = (agents * b) / (agents - traffic * (1 - b));
	const sl = 1 - c * Math.exp((-(agents - traffic) * wait) / aht);
	return sl < 0 ? 0 : sl;
}

/** The Erlang C chance that a contact waits at all (1 when agents ≤ A). */
export function erlangC(traffic: number, agents: number): number {
	if (agents <= traffic) return 1;
	let b = 1;
	for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
	return (agents * b) / (agents - traffic * (1 - b));
}

function erlangCommonProblem(rate: number, aht: number, wait: number): Problem {
	if (bad(rate) || rate < 0 || rate === Infinity) return `rate (arrivals per unit of time) must be a number ≥ 0, not ${rate}`;
	if (bad(aht) || aht <= 0 || aht === Infinity) return `aht (handling time) must be above 0, not ${aht}`;
	if (bad(wait) || wait < 0 || wait === Infinity) return `wait must be a number ≥ 0, not ${wait}`;
	if (rate * aht > 1e6) return `a traffic of rate × aht = ${round(rate * aht)} erlangs is beyond what this function computes (at most 1,000,000)`;
	return null;
}

export function erlangSlProblem(rate: number, aht: number, agents: number, wait: number): Problem {
	const common = erlangCommonProblem(rate, aht, wait);
	if (common !== null) return common;
	if (bad(agents) || agents < 0 || !Number.isInteger(agents) || agents > 1e7)
		return `agents must be a whole number ≥ 0, not ${agents} — round it, e.g. ceil(…)`;
	return null;
}

/** The smallest whole number of agents whose erlang_sl is ≥ level (0 when there are no arrivals). */
export function erlangAgents(rate: number, aht: number, wait: number, level: number): number {
	const traffic = rate * aht;
	if (traffic === 0) return 0;
	// Erlang B up to the first agent count above the traffic, then one step per agent.
	let agents = Math.floor(traffic) + 1;
	let b = 1;
	for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
	while (slFromB(b, traffic, agents, wait, aht) < level) {
		agents++;
		b = (traffic * b) / (agents + traffic * b);
	}
	return agents;
}

export function erlangAgentsProblem(rate: number, aht: number, wait: number, level: number): Problem {
	const common = erlangCommonProblem(rate, aht, wait);
	if (common !== null) return common;
	if (bad(level) || level <= 0 || level >= 1)
		return `level must be a chance above 0 and below 1, such as 0.8, not ${level}`;
	return null;
}
