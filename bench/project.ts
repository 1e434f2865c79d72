/** The project as it was at a git revision, for benchmarks that compare revisions (BENCH_REF). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/db-node';

export function run(command: string, args: string[], cwd: string) {
  const done = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${done.stdout}\n${done.stderr}`);
  return done.stdout;
}

/** The project at `ref` as files in `dir` (sharing this checkout's node_modules), or the working tree itself. */
export function projectAt(ref: string | undefined, dir: string): { project: string; source: string } {
  if (!ref) return { project: repoRoot, source: 'working tree' };
  const commit = run('git', ['rev-parse', '--short', `${ref}^{commit}`], repoRoot).trim();
  const project = join(dir, 'project');
  mkdirSync(project);
  run('git', ['archive', '--output', join(dir, 'project.tar'), commit], repoRoot);
  run('tar', ['-xf', join(dir, 'project.tar'), '-C', project], repoRoot);
  symlinkSync(join(repoRoot, 'node_modules'), join(project, 'node_modules'), 'dir');
  return { project, source: `${commit} ${run('git', ['log', '-1', '--format=%s', commit], repoRoot).slice(0, 60).trim()}…` };
}
