/**
 * Where the seconds of a start go (issue #12: restart after a crash to first 200 < 3 s).
 * `performance.now()` counts from the start of the Node process, so the first phase
 * (`boot`) is Node and the module imports (of the bundle, or of the sources through tsx); the
 * rest are the steps of startPlatform.
 * serve prints one line `start-up phases (ms): boot 812, orphan 143, …` once it listens;
 * bench/restart.bench.ts reads it for its per-phase breakdown.
 */
export const PHASES_PREFIX = 'start-up phases (ms):';

export type TPhaseClock = {
  /** close the phase running since the previous mark, under this name */
  mark: (name: string) => void;
  /** `start-up phases (ms): boot 812, orphan 143, … total 2310` */
  line: () => string;
};

export function phaseClock(): TPhaseClock {
  const phases: [string, number][] = [];
  let last = 0;
  return {
    mark(name) {
      const now = performance.now();
      const existing = phases.find((p) => p[0] === name);
      if (existing) existing[1] += now - last;
      else phases.push([name, now - last]);
      last = now;
    },
    line: () => `${PHASES_PREFIX} ${phases.map(([n, ms]) => `${n} ${Math.round(ms)}`).join(', ')}, total ${Math.round(last)}`,
  };
}

/** The phases of a `start-up phases` line, in order (bench). */
export function parsePhases(line: string): [string, number][] {
  const body = line.slice(line.indexOf(PHASES_PREFIX) + PHASES_PREFIX.length).trim();
  return body.split(',').map((p) => p.trim().split(' ')).map(([n, ms]) => [n!, Number(ms)] as [string, number]);
}

/** A no-op clock for callers that do not measure. */
export const noClock: TPhaseClock = { mark: () => {}, line: () => '' };
