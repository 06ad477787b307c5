/**
 * Runs the real kubectl against the bed, as a user would. The kubeconfig is the
 * bed's admin one unless another is given (for example the unprivileged one).
 */
import { spawn } from 'node:child_process';

export const kubectlBin = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  kubeconfig?: string;
  /** Written to kubectl's stdin (for `apply -f -`). */
  input?: string;
  timeoutMs?: number;
}

/** Runs kubectl and resolves with its exit code and output; never rejects on a non-zero exit. */
export function kubectlRun(args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
  const kubeconfig = opts.kubeconfig ?? process.env['KUBECONFIG'];
  if (!kubeconfig) throw new Error('kubectl: no kubeconfig (is the test bed up? see docs/testbed.md)');
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlBin, ['--kubeconfig', kubeconfig, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs kubectl and returns stdout; throws with stderr on a non-zero exit. */
export async function kubectl(args: string[], opts: KubectlOptions = {}): Promise<string> {
  const res = await kubectlRun(args, opts);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr.trim()}`);
  return res.stdout;
}
