/**
 * A Pseudoterminal that shows the program's stdout/stderr and sends what the user types to its
 * stdin. A real terminal would be simpler but could not give us fd 3 (the trace pipe) or the
 * child handle; this way the program runs exactly as the session spawned it.
 * Line-buffered like a cooked tty: typed characters are echoed and sent on Enter; Ctrl+C sends
 * SIGINT, Ctrl+D closes stdin.
 */
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';

export class ProgramTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  private opened = false;
  private pending: string[] = [];
  private line = '';
  private child?: ChildProcess;

  attach(child: ChildProcess): void {
    this.child = child;
    const show = (chunk: Buffer) => this.write(chunk.toString('utf8'));
    child.stdout?.on('data', show);
    child.stderr?.on('data', (chunk: Buffer) => this.write(`\x1b[31m${chunk.toString('utf8')}\x1b[0m`));
    // EPIPE when the program closed its stdin early is not an error worth surfacing.
    child.stdin?.on('error', () => undefined);
  }

  open(): void {
    this.opened = true;
    for (const text of this.pending) this.writer.fire(text);
    this.pending = [];
  }

  close(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  handleInput(data: string): void {
    const stdin = this.child?.stdin;
    for (const ch of data) {
      if (ch === '\x03') {
        this.write('^C\n');
        this.child?.kill('SIGINT');
      } else if (ch === '\x04') {
        stdin?.end();
      } else if (ch === '\r') {
        this.write('\n');
        stdin?.write(`${this.line}\n`);
        this.line = '';
      } else if (ch === '\x7f') {
        if (this.line.length) {
          this.line = this.line.slice(0, -1);
          this.writer.fire('\b \b');
        }
      } else if (ch >= ' ') {
        this.line += ch;
        this.write(ch);
      }
    }
  }

  /** Text for the terminal: LF becomes CRLF, buffered until the terminal is open. */
  write(text: string): void {
    const out = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) this.writer.fire(out);
    else this.pending.push(out);
  }
}
