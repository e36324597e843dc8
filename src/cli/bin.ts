// The CLI's process wiring: argv in, exit status out. The bundle of scripts/build-cli.mjs starts here.
import { main } from './main';

// A reader that stops early (`… | head`) closes the pipe: stop quietly, as Unix tools do, rather
// than die of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error;
	process.exit(0);
});

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`scalecast: internal error: ${(error as Error).stack ?? error}\n`);
		process.exitCode = 70;
	}
);
