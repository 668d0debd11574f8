import type { AssistantStream, StreamEvent } from "./events.js";
import type { AssistantMessage } from "./messages.js";

/**
 * A push queue that is both an async iterable of events and a promise of the final message. Producers push
 * and never wait; one consumer iterates. The stream closes itself on the terminal event.
 */
export class EventStream implements AssistantStream {
  private readonly queue: StreamEvent[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<StreamEvent>) => void) | undefined;
  private closed = false;
  private resolveFinal!: (message: AssistantMessage) => void;
  private readonly final = new Promise<AssistantMessage>((resolve) => {
    this.resolveFinal = resolve;
  });

  push(event: StreamEvent): void {
    if (this.closed) return;
    if (event.type === "done" || event.type === "error") {
      this.closed = true;
      this.resolveFinal(event.message);
    }
    const waiter = this.waiting;
    if (waiter) {
      this.waiting = undefined;
      waiter({ value: event, done: false });
      return;
    }
    this.queue.push(event);
  }

  /** True once the terminal event was pushed; later pushes are ignored. */
  isClosed(): boolean {
    return this.closed;
  }

  result(): Promise<AssistantMessage> {
    return this.final;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: () => {
        if (this.head < this.queue.length) {
          const value = this.queue[this.head]!;
          this.head++;
          if (this.head > 1024 && this.head * 2 > this.queue.length) this.compact();
          return Promise.resolve({ value, done: false });
        }
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }

  private compact(): void {
    this.queue.splice(0, this.head);
    this.head = 0;
  }
}
