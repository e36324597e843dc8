// The CLI's process wiring: argv in, exit status out. The bundle of scripts/build-cli.mjs starts here.
import { main } from './main';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`scalecast: internal error: ${(error as Error).stack ?? error}\n`);
		process.exitCode = 70;
	}
);
