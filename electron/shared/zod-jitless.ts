// zod 4 compiles a parser per object schema with `new Function` on that schema's first parse. A
// host parses each schema a handful of times per document, so the compile is pure start-up cost:
// ~0.15-0.2 s on this project's 2 shared cores when the first notebook opens (the cell-config and
// catalogue schemas), for parses measured no slower per call without it (checkNotebook of 10,000
// cells: 54-145 ms either way). In the renderer the CSP forbids eval, so zod falls back anyway;
// the flag also skips its eval probe there, which the CSP would report as a violation.
// Import this module before any module that builds a schema: zod reads the flag when a schema is
// constructed, not when it parses.
import { z } from 'zod';

z.config({ jitless: true });
