import { PrototypeWrap } from './prototype-wrap';

describe('PrototypeWrap: a framework method wrapped while some app needs it', () => {
  const makeClass = () =>
    class Runner {
      run(value: number) {
        return value;
      }
    };
  const doubling = (original: (this: unknown, ...args: any[]) => unknown) =>
    function doubled(this: unknown, value: number) {
      return (original.call(this, value) as number) * 2;
    };

  it('wraps on the first acquire, once, and puts the original back on the last release', () => {
    const Runner = makeClass();
    const original = Runner.prototype.run;
    const wrap = PrototypeWrap.of(Runner.prototype as never, 'run', doubling);
    expect(PrototypeWrap.of(Runner.prototype as never, 'run', doubling)).toBe(wrap);
    expect(wrap.acquire()).toBe(true);
    expect(wrap.acquire()).toBe(true);
    expect(new Runner().run(3)).toBe(6);
    wrap.release();
    expect(new Runner().run(3)).toBe(6);
    wrap.release();
    expect(Runner.prototype.run).toBe(original);
    // A release too many changes nothing; a new acquire wraps again.
    wrap.release();
    expect(wrap.acquire()).toBe(true);
    expect(new Runner().run(3)).toBe(6);
  });

  it('leaves a wrapper someone put over ours in place', () => {
    const Runner = makeClass();
    const wrap = PrototypeWrap.of(Runner.prototype as never, 'run', doubling);
    wrap.acquire();
    const ours = Runner.prototype.run;
    const theirs = function (this: unknown, value: number) {
      return ours.call(this, value) + 1;
    };
    Runner.prototype.run = theirs;
    wrap.release();
    expect(Runner.prototype.run).toBe(theirs);
  });

  it('wraps nothing where the method is missing (another version of the package)', () => {
    const Runner = makeClass();
    expect(PrototypeWrap.of(Runner.prototype as never, 'missing', doubling).acquire()).toBe(false);
    expect(Runner.prototype).not.toHaveProperty('missing');
  });
});
