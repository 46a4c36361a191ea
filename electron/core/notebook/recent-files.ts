// The recent-files list (ORGANISM_STUDIO_HOME/recent.json): most recent first, bounded, and
// filtered to files that still exist when read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { modifiedAt, writeTextAtomic } from './notebook-files.js';

export const RECENT_LIMIT = 12;
const RecentSchema = z.object({ paths: z.array(z.string()) });

export class RecentFiles {
  private readonly file: string;
  private queue: Promise<void> = Promise.resolve();

  constructor(home: string) {
    this.file = path.join(home, 'recent.json');
  }

  async list(): Promise<string[]> {
    await this.queue;
    const stored = await this.readStored();
    const present: string[] = [];
    for (const p of stored) if ((await modifiedAt(p)) !== null) present.push(p);
    return present;
  }

  /** Move `notebookPath` to the front (serialised so concurrent opens do not lose entries). */
  add(notebookPath: string): Promise<void> {
    this.queue = this.queue.then(async () => {
      const stored = await this.readStored();
      const paths = [notebookPath, ...stored.filter((p) => p !== notebookPath)].slice(0, RECENT_LIMIT);
      await writeTextAtomic(this.file, `${JSON.stringify({ paths }, null, 2)}\n`);
    });
    return this.queue;
  }

  private async readStored(): Promise<string[]> {
    try {
      const parsed = RecentSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data.paths : [];
    } catch {
      return [];
    }
  }
}
