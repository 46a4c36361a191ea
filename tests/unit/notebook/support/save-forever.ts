// Child process for the interrupted-save test: writes the notebook text in argv[3] (tens of MB, so
// each write takes a while) to argv[2] in a loop with the save path's atomic writer, printing
// "saving" before the first write. The parent
// SIGKILLs it at random moments and checks the target is always a whole, valid notebook.
import { readFileSync } from 'node:fs';
import { writeTextAtomic } from '../../../../electron/core/notebook/notebook-files.js';

const [target, source] = process.argv.slice(2);
if (!target || !source) throw new Error('usage: save-forever.ts <target.organism.json> <source.json>');
const text = readFileSync(source, 'utf8');
process.stdout.write('saving\n');
for (;;) await writeTextAtomic(target, text);
