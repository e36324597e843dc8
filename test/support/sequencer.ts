// The order of a test run. Vitest runs the slowest files first, which puts the browser tests at
// the start: on two cores both workers would then wait for the app's production build. Instead,
// when the run includes files that need the build (they call `productionBuild`), the build starts
// here, in the background, as the run begins, and those files go last: the unit tests keep the
// cores busy while the app builds, and the browser tests find it built.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that serve the production build: the browser tests and the production server's. */
const NEEDS_APP = /\/test\/(browser\/|server\/productionServer\.test\.ts$)/;

export default class AppBuildLastSequencer extends BaseSequencer {
	async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
		const sorted = await super.sort(files);
		const needsApp = (file: TestSpecification) => NEEDS_APP.test(file.moduleId.replaceAll('\\', '/'));
		if (sorted.some(needsApp)) {
			// the files that need it wait for this build (a lock), or build it themselves if it failed
			import('./app').then(({ productionBuild }) => productionBuild()).catch(() => {});
		}
		return [...sorted.filter((file) => !needsApp(file)), ...sorted.filter(needsApp)];
	}
}
