import { describe, expect, test } from 'vitest';
import { parseVary, readView, varyName, viewSearch, writeView } from '../../src/lib/notebook/viewState';

describe('the view in the URL', () => {
	test('reads ?scenario=, ?compare=A,B and ?vary= (one each), defaults otherwise', () => {
		expect(readView(new URLSearchParams(''))).toEqual({ scenario: 'base', compare: [], vary: [] });
		expect(readView(new URLSearchParams('scenario=bear&compare=base,raise-early,base&vary=hires%3D4&vary=what%20if%20x%20%3D%20normal(1%2C%202)'))).toEqual({
			scenario: 'bear',
			compare: ['base', 'raise-early'],
			vary: ['hires=4', 'x=normal(1, 2)']
		});
	});

	test('writes it back, leaving defaults out and other parameters alone; round-trips', () => {
		const view = { scenario: 'bear', compare: ['base', 'raise-early'], vary: ['x=normal(1, 2)'] };
		const search = viewSearch(new URLSearchParams('other=1'), view);
		expect(search).toBe('?other=1&scenario=bear&compare=base,raise-early&vary=x%3Dnormal%281,+2%29');
		expect(readView(new URLSearchParams(search))).toEqual(view);
		expect(viewSearch(new URLSearchParams(''), { scenario: 'base', compare: [], vary: [] })).toBe('');
		expect(writeView(new URLSearchParams('scenario=bear'), { scenario: 'base', compare: [], vary: [] }).toString()).toBe('');
	});

	test('a variant typed in place reads as NAME=EXPR (what if …, .init)', () => {
		expect(parseVary('what if hires = 4')).toEqual({ name: 'hires', part: 'value', expr: '4' });
		expect(parseVary('users.init=500')).toEqual({ name: 'users', part: 'init', expr: '500' });
		expect(parseVary('hires')).toBeNull();
		expect(varyName(' hires =  4 ')).toBe('hires=4');
	});
});
