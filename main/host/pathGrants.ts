/**
 * Paths the host itself saw the doctor choose (in the desktop app: files dropped on the window,
 * whose paths only the preload can read from a real drag), granted for a short time and one use.
 * A page script cannot make a granted path: it has no access to the preload's channel, and a File
 * it builds itself has no path.
 */
const GRANT_MS = 60_000;
const MAX_GRANTS = 1024;

export class PathGrants {
  private readonly granted = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  grant(path: string): void {
    if (this.granted.size >= MAX_GRANTS) this.granted.clear();
    this.granted.set(path, this.now());
  }

  /** Whether every path was granted less than a minute before `at`; if so, the grants are used up. */
  take(paths: readonly string[], at: number = this.now()): boolean {
    const fresh = paths.every((path) => {
      const when = this.granted.get(path);
      return when !== undefined && at - when <= GRANT_MS;
    });
    if (fresh) for (const path of paths) this.granted.delete(path);
    return fresh;
  }
}
