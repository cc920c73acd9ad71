import { spawn, type ChildProcess } from 'node:child_process';

/** A Plume process started from its entry point, as a container or an operator starts it. */
export interface PlumeProcess {
  child: ChildProcess;
  /** Everything it wrote so far (logs, start-up errors). */
  output(): string;
  /** SIGTERM, then its exit code (SIGKILL after `timeoutMs`: the code is then null). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** `argv` as in the image (`['node', 'dist/worker/main.js']`); `node` is this test's own node binary. */
export function startPlumeProcess(argv: string[], env: Record<string, string>): PlumeProcess {
  const [program, ...args] = argv;
  const child = spawn(program === 'node' ? process.execPath : program!, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async stop(timeoutMs = 40_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, describe: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
