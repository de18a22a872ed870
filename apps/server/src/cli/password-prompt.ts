import { createInterface } from 'node:readline/promises';
import { CliError } from './cli-error.ts';

/** All of stdin, without the trailing newline `echo` or a here-string adds. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export const stdinIsTerminal = (): boolean => process.stdin.isTTY === true;

/** Asks a question on the terminal, echoing the answer (for a username). Ctrl-C cancels. */
export async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const cancelled = new Promise<never>((_resolve, reject) => {
    rl.once('SIGINT', () => reject(new CliError('cancelled', 'cancelled')));
    rl.once('close', () => reject(new CliError('cancelled', 'cancelled')));
  });
  // Closing the interface aborts the pending question; that rejection is the cancellation's.
  const answer = rl.question(question).catch(() => cancelled);
  try {
    return (await Promise.race([answer, cancelled])).trim();
  } finally {
    rl.close();
  }
}

/**
 * Asks for a password on the terminal without echoing it: raw mode, reading keys until Enter.
 * Ctrl-C cancels (exit 130); backspace deletes.
 */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliError('cancelled', 'cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
