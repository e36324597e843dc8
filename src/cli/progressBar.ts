/** A one-line progress bar on stderr, redrawn at most every 100 ms. */
export class ProgressBar {
	private lastDraw = 0;
	private readonly started = Date.now();

	constructor(private readonly total: number) {}

	update(done: number): void {
		const now = Date.now();
		if (now - this.lastDraw < 100 && done < this.total) return;
		this.lastDraw = now;
		const width = 30;
		const filled = Math.round((done / this.total) * width);
		const seconds = ((now - this.started) / 1000).toFixed(1);
		process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} blocks ${seconds}s`);
	}

	clear(): void {
		process.stderr.write('\r\x1b[K');
	}
}
