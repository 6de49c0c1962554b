/** A one-line progress bar for a terminal; does nothing unless the stream is a TTY. */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
    private readonly label: string,
    private readonly width = 30,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const filled = total === 0 ? this.width : Math.round((done / total) * this.width);
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    this.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${done}/${total} (${percent}%)`);
    this.drawn = true;
  }

  /** Erases the bar. */
  clear(): void {
    if (this.enabled && this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }
}
