const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A one-line spinner for the wait before the first token; `stop` clears its line. */
export class Spinner {
  private timer: NodeJS.Timeout | undefined;
  private frame = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
  ) {}

  start(): void {
    if (this.timer) return;
    this.draw();
    this.timer = setInterval(() => this.draw(), 80);
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.write("\r\u001b[2K");
  }

  private draw(): void {
    this.write(`\r\u001b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.label}`);
  }
}
