import { describe, expect, it } from 'vitest';
import { parseExpression, references, selfAsPrevious, type Expr } from '../../../src/lib/engine/language/expression';

const cells = new Set(['users', 'churn', 'cash']);

function parsed(source: string): Expr {
	const result = parseExpression(source, cells);
	if (!result.ok) throw new Error(`expected ${source} to parse: ${result.errors[0].message}`);
	return result.value;
}

/** The one problem of a formula that does not parse. */
function problem(source: string): string {
	const result = parseExpression(source, cells);
	expect(result.ok, source).toBe(false);
	if (result.ok) return '';
	expect(result.errors).toHaveLength(1);
	expect(result.errors[0].code).toBe('expression');
	return result.errors[0].message;
}

describe('parseExpression', () => {
	it('returns the tree as a value', () => {
		expect(parseExpression('users * (1 - churn)', cells)).toEqual({
			ok: true,
			value: {
				kind: 'binary',
				op: '*',
				left: { kind: 'cell', name: 'users' },
				right: { kind: 'binary', op: '-', left: { kind: 'number', value: 1 }, right: { kind: 'cell', name: 'churn' } }
			}
		});
		expect(parsed('t > 3 ? -pi : not 0')).toEqual({
			kind: 'conditional',
			test: { kind: 'binary', op: '>', left: { kind: 't' }, right: { kind: 'number', value: 3 } },
			then: { kind: 'negate', arg: { kind: 'number', value: Math.PI } },
			otherwise: { kind: 'not', arg: { kind: 'number', value: 0 } }
		});
		expect(parsed('+e')).toEqual({ kind: 'number', value: Math.E });
	});

	it('reads math calls, draws and lags from the registry', () => {
		expect(parsed('clamp(users, 0, 10)')).toEqual({
			kind: 'math',
			fn: 'clamp',
			args: [{ kind: 'cell', name: 'users' }, { kind: 'number', value: 0 }, { kind: 'number', value: 10 }]
		});
		expect(parsed('normal(0, 1)')).toEqual({ kind: 'draw', dist: 'normal', args: [{ kind: 'number', value: 0 }, { kind: 'number', value: 1 }] });
		expect(parsed('prev(users)')).toEqual({ kind: 'lag', cell: 'users', lag: 1, fallback: null });
		expect(parsed('prev(users, 5)')).toEqual({ kind: 'lag', cell: 'users', lag: 1, fallback: { kind: 'number', value: 5 } });
		expect(parsed('delay(cash, 3)')).toEqual({ kind: 'lag', cell: 'cash', lag: 3, fallback: null });
		expect(parsed('delay(cash, 2, churn)')).toEqual({ kind: 'lag', cell: 'cash', lag: 2, fallback: { kind: 'cell', name: 'churn' } });
	});

	it('never throws: every user error is a value with code expression and the same wording', () => {
		const cases: [string, string][] = [
			['users +', 'syntax error: Unexpected end of expression (char 8)'],
			['"a"', 'only numbers are allowed, not "a"'],
			['x = 1', "assignments are not allowed: a cell's formula is an expression; name the cell instead"],
			['f(x) = x', 'function definitions are not allowed'],
			['users.a', 'property access (a.b or a[b]) is not allowed'],
			['[1, 2]', 'matrices, ranges and objects are not allowed: write one number per cell'],
			['1; 2', "one expression per cell: ';' and line breaks between expressions are not allowed"],
			['2 users', "implicit multiplication is not allowed: write '2 * users'"],
			['5%', "'%' is not supported: write 5 / 100"],
			['users mod 2', "write mod(a, b) instead of 'a mod b' or 'a % b'"],
			['1 xor 0', "'xor' is not supported: write (a or b) and not (a and b)"],
			['usres', "unknown name 'usres' — did you mean 'users'?"],
			['revenue', "unknown name 'revenue'"],
			['normal', "'normal' is a function: call it, e.g. normal(…)"],
			['prev', "'prev' is a function: call it, e.g. prev(…)"],
			['nromal(0, 1)', "unknown function 'nromal' — did you mean 'normal'?"],
			['sin(1)', "unknown function 'sin' — did you mean 'min'?"],
			['users(2)', "'users' is not a function: write 'users * (…)' to multiply"],
			['pi(2)', "'pi' is not a function: write 'pi * (…)' to multiply"],
			['clamp(1, 2)', 'clamp takes 3 arguments, not 2'],
			['uniform(1)', 'uniform(lo, hi) takes 2 arguments, not 1'],
			['prev()', 'write prev(x) or prev(x, d)'],
			['delay(users)', 'write delay(x, k) or delay(x, k, d)'],
			['prev(2)', "the first argument of prev must be a cell's name: prev(x) or prev(x, d)"],
			['delay(revenue, 2)', "the first argument of delay must be a cell's name: delay(x, k) or delay(x, k, d)"],
			['delay(users, 1.5)', 'the delay k must be a whole number ≥ 1, not 1.5, e.g. delay(users, 3)'],
			['delay(users, 0)', 'the delay k must be a whole number ≥ 1, not 0, e.g. delay(users, 3)'],
			['delay(users, usres)', "unknown name 'usres' — did you mean 'users'?"],
			['if(t > 3, 1, 0)', "there is no if(…): write 'condition ? then : else', e.g. t >= 3 ? 1 : 0"],
			['IF(t > 3, 1, 0)', "there is no if(…): write 'condition ? then : else', e.g. t >= 3 ? 1 : 0"],
			['sum(users, churn)', 'there is no sum(…): add the terms, a + b + c'],
			['SUM(users, churn)', 'there is no sum(…): add the terms, a + b + c'],
			['AND(users, churn)', "write 'a and b', not and(a, b)"],
			['OR(users, churn)', "write 'a or b', not or(a, b)"],
			['rand()', 'there is no rand(): write a distribution, e.g. uniform(0, 1) — in a sample: cell it is drawn once per trial, in a formula anew every cycle'],
			['RAND()', 'there is no rand(): write a distribution, e.g. uniform(0, 1) — in a sample: cell it is drawn once per trial, in a formula anew every cycle'],
			['users % 2', "write mod(a, b) instead of 'a mod b' or 'a % b'"],
			['MAX(users, 2)', "unknown function 'MAX': names are case-sensitive — write max(a, b, …)"],
			['TRUE', "write 'true' (or 1) in lower case"],
			['prev(users, revenue)', "unknown name 'revenue'"],
			['max(1, usres)', "unknown name 'usres' — did you mean 'users'?"]
		];
		for (const [source, message] of cases) expect(problem(source), source).toBe(message);
	});

	it('reports the first problem in reading order', () => {
		expect(problem('foo + bar')).toBe("unknown name 'foo'");
		expect(problem('users ? foo : bar')).toBe("unknown name 'foo'");
		expect(problem('min(1, foo, bar)')).toBe("unknown name 'foo'");
	});

	it('does not resolve names through the object prototype', () => {
		expect(problem('constructor')).toBe("unknown name 'constructor'");
		expect(problem('toString(1)')).toBe("unknown function 'toString'");
	});
});

describe('references and selfAsPrevious', () => {
	it('reads true and false as 1 and 0', () => {
		expect(parsed('true')).toEqual({ kind: 'number', value: 1 });
		expect(parsed('false')).toEqual({ kind: 'number', value: 0 });
	});

	it('keeps a delay k that is an expression (SPEC §4.8), and counts its names as current', () => {
		expect(parsed('delay(users, churn)')).toEqual({ kind: 'lag', cell: 'users', lag: 0, fallback: null, steps: { kind: 'cell', name: 'churn' } });
		expect([...references(parsed('delay(users, churn)')).current]).toEqual(['churn']);
	});

	it('split names into current-cycle and lagged', () => {
		const { current, lagged } = references(parsed('users + prev(cash, churn) + delay(users, 2)'));
		expect([...current].sort()).toEqual(['churn', 'users']);
		expect([...lagged].sort()).toEqual(['cash', 'users']);
	});

	it("reads a stock's own name at t − 1", () => {
		expect(selfAsPrevious(parsed('cash + users'), 'cash')).toEqual({
			kind: 'binary',
			op: '+',
			left: { kind: 'lag', cell: 'cash', lag: 1, fallback: null },
			right: { kind: 'cell', name: 'users' }
		});
	});
});
