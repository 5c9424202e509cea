// The job registry: due / not due, a failing job does not stop the others, timers, stop clears everything.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobRegistry } from '../../../electron/service/jobs.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('JobRegistry', () => {
  it('runs a job that never ran, then only once its interval has passed', async () => {
    const runs: number[] = [];
    const jobs = new JobRegistry().add({ name: 'a', intervalMs: 1000, run: (now) => void runs.push(now) });
    expect(jobs.due(0)).toEqual(['a']);
    expect(await jobs.runDue(0)).toEqual([{ name: 'a', ok: true }]);
    expect(jobs.due(999)).toEqual([]);
    expect(await jobs.runDue(999)).toEqual([]);
    expect(await jobs.runDue(1000)).toEqual([{ name: 'a', ok: true }]);
    expect(runs).toEqual([0, 1000]);
  });

  it('a failing job (thrown or rejected) is reported and the others still run', async () => {
    const errors: string[] = [];
    const ran: string[] = [];
    const jobs = new JobRegistry({ onError: (name) => errors.push(name) })
      .add({ name: 'throws', intervalMs: 10, run: () => { ran.push('throws'); throw new Error('boom'); } })
      .add({ name: 'rejects', intervalMs: 10, run: async () => { ran.push('rejects'); throw new Error('later'); } })
      .add({ name: 'fine', intervalMs: 10, run: () => void ran.push('fine') });
    const result = await jobs.runDue(0);
    expect(result.map((r) => [r.name, r.ok])).toEqual([['throws', false], ['rejects', false], ['fine', true]]);
    expect(ran).toEqual(['throws', 'rejects', 'fine']);
    expect(errors).toEqual(['throws', 'rejects']);
    // failed jobs are due again at their next interval, like the others
    expect(jobs.due(10)).toEqual(['throws', 'rejects', 'fine']);
  });

  it('an async job still running is not started again', async () => {
    let release!: () => void;
    let starts = 0;
    const jobs = new JobRegistry().add({ name: 'slow', intervalMs: 1, run: () => { starts++; return new Promise<void>((r) => (release = r)); } });
    const first = jobs.runDue(0);
    expect(jobs.due(100)).toEqual([]);
    release();
    await first;
    expect(starts).toBe(1);
    expect(jobs.due(100)).toEqual(['slow']);
  });

  it('start runs each job every interval; stop clears every timer; names are unique', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    const jobs = new JobRegistry()
      .add({ name: 'fast', intervalMs: 100, run: () => void ran.push('fast') })
      .add({ name: 'slow', intervalMs: 250, run: () => void ran.push('slow') });
    expect(() => jobs.add({ name: 'fast', intervalMs: 5, run: () => undefined })).toThrow(/already/);
    expect(() => jobs.add({ name: 'never', intervalMs: 0, run: () => undefined })).toThrow(/interval/);
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([]); // not started
    jobs.start();
    vi.advanceTimersByTime(500);
    expect(ran.filter((x) => x === 'fast')).toHaveLength(5);
    expect(ran.filter((x) => x === 'slow')).toHaveLength(2);
    jobs.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(ran).toHaveLength(7);
    jobs.stop(); // twice is fine
  });
});
