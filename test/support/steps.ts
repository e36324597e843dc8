// Browser tests whose `it`s are steps on one page, in order, each going on from the page the step
// before left (opening a page is most of a browser test's time). After a failed step the later ones
// fail at once, naming it, instead of waiting out their timeouts on a page in a state not planned.
import { beforeEach } from 'vitest';

/** Called in a describe whose tests are steps on one page. */
export function stepsInOrder(): void {
	let failed: string | null = null;
	beforeEach((test) => {
		if (failed !== null) throw new Error(`not run: it goes on from the page of the failed step "${failed}"`);
		test.onTestFailed(() => {
			failed = test.task.name;
		});
	});
}
